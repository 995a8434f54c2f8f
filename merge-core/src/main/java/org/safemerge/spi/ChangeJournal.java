package org.safemerge.spi;

import org.safemerge.MergePlan;

/**
 * A durable record of merges kept by the store itself (merge-hibernate's JDBC merge journal): it receives every
 * audit event of every merge group the store runs, in order, inside the merge's transaction, before the plan's
 * listeners; then the final {@link AuditEvent.MergeCommitted} or {@link AuditEvent.MergeRolledBack} after the
 * transaction ended. Unlike a listener it is not optional: a journal that throws fails the merge, whatever
 * {@code continueOnAuditFailure()} says, so that a committed merge always has its journal. Events carry the plan
 * they belong to, so the journal can record its options. Never called for dry runs or rehearsals.
 */
@FunctionalInterface
public interface ChangeJournal {
    /**
     * Records one event of a merge of {@code plan}.
     *
     * @throws RuntimeException to fail the merge (a {@code MergeException} passes through as it is)
     */
    void record(MergePlan<?> plan, AuditEvent event);
}
