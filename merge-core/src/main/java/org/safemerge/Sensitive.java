package org.safemerge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity attribute whose values must never appear in reports or audit events (they show as
 * {@value #REDACTED}). The same can be declared per plan with {@link MergePlan.Builder#sensitive(String...)}.
 * Attributes are not sensitive unless marked. The real values are still merged and written; only what reports,
 * audit events and log lines show is redacted.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Sensitive {
    /** What a redacted value shows as. */
    String REDACTED = "***";
}
