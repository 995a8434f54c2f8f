package org.safemerge.spi;

import java.util.Map;
import java.util.Set;
import org.safemerge.graph.EntityType;

/**
 * A durable record of merges kept by the store itself (merge-hibernate's JDBC merge journal): it receives every
 * audit event of every merge group the store runs, in order, inside the merge's transaction, before the plan's
 * listeners; then the final {@link AuditEvent.MergeCommitted} or {@link AuditEvent.MergeRolledBack} after the
 * transaction ended. Unlike a listener it is not optional: a journal that throws fails the merge, whatever
 * {@code continueOnAuditFailure()} says, so that a committed merge always has its journal. Never called for dry runs
 * or rehearsals.
 */
@FunctionalInterface
public interface ChangeJournal {
    /**
     * What a journal records of a merge's request besides its events.
     *
     * @param entity the merged entity type
     * @param sensitiveAttributes the attributes the plan marks sensitive (besides those the model marks)
     * @param options the plan's options as text: {@code fields} (attribute to strategy), {@code associations}
     *        (association to policy), {@code selfReferences}, {@code keepDuplicates}, {@code auditChunkSize}
     */
    record Request(EntityType entity, Set<String> sensitiveAttributes, Map<String, Object> options) {
        public Request {
            sensitiveAttributes = Set.copyOf(sensitiveAttributes);
            options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }
    }

    /**
     * Records one event of a merge.
     *
     * @param request the merge's request (the same object for every event of one merge)
     * @throws RuntimeException to fail the merge (a {@code MergeException} passes through as it is)
     */
    void record(Request request, AuditEvent event);

    /**
     * Whether this journal records the values of sensitive attributes in clear (so that an undo can restore them):
     * then {@link AuditEvent.AttributeSet} and {@link AuditEvent.EntityDeleted} reach it unredacted, while the
     * plan's listeners still get them redacted. The default: no, the journal gets what the listeners get.
     */
    default boolean recordsSensitiveValues() {
        return false;
    }
}
