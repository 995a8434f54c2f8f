package org.safemerge.spi;

import org.safemerge.spi.AuditEvent;

/**
 * Receives every {@link AuditEvent} of a merge, in order, on the merging thread. Change events arrive inside the
 * merge's transaction (a listener that writes to the same database joins it, so its records commit or roll back with
 * the merge); the final {@code MergeCommitted} / {@code MergeRolledBack} arrives after the transaction ended.
 *
 * <p>By default a listener that throws aborts the merge, which rolls back: no change without its audit record (see
 * {@code MergePlan.Builder#continueOnAuditFailure()}). Exceptions from the final event cannot undo anything; they
 * are logged. Dry runs and rehearsals emit no events.
 *
 * <p>Thread-safety: one merge calls its listeners from one thread; a listener shared by plans that run concurrently
 * must be thread-safe.
 */
@FunctionalInterface
public interface AuditListener {
    /**
     * Receives one event.
     *
     * @param event the event, sensitive values already redacted
     */
    void onEvent(AuditEvent event);
}
