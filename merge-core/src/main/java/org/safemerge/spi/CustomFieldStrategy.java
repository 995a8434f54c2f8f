package org.safemerge.spi;

/**
 * A user-defined field strategy for basic, embedded and to-one attributes. Must be side-effect free: it is called
 * for dry runs as well as executions. Thread-safe if the plan is shared between threads.
 */
public interface CustomFieldStrategy {
    /** Decides the survivor's value. For to-one attributes values are target ids. */
    Object resolve(FieldContext context);

    /** A short name for reports and audit events. */
    default String name() {
        return getClass().getSimpleName();
    }
}
