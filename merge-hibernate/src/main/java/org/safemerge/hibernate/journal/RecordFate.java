package org.safemerge.hibernate.journal;

import java.util.List;

/**
 * Where a record went: the chain of standing merges that took it (X merged into Y, Y into Z), ending at the record
 * that holds its data now. Merges that rolled back or were undone break no chain and are not part of it.
 *
 * @param entity the entity name asked about
 * @param recordId the id asked about, as text
 * @param chain the standing merges, in order: the first took {@code recordId} as a duplicate, each next took the
 *     previous one's survivor; empty when the record was never merged away
 * @param currentId the id the record's data lives on under now: the last merge's survivor, or {@code recordId}
 * @param cycle whether following the chain came back to an id it had passed (only possible when the journal holds
 *     merges that contradict each other, e.g. records re-created with old ids); the chain stops there
 */
public record RecordFate(String entity, String recordId, List<JournalMerge> chain, String currentId, boolean cycle) {
    public RecordFate {
        chain = List.copyOf(chain);
    }

    /** Whether the record was merged into another one (and that merge stands). */
    public boolean mergedAway() {
        return !chain.isEmpty();
    }

    /**
     * In words: {@code Partner 30001 was merged into 21148 (merge <id>, 2026-...), which was merged into 9 (...):
     * its data lives on in Partner 9}, or {@code Partner 21148 was not merged away}.
     */
    public String toText() {
        if (chain.isEmpty()) {
            return entity + " " + recordId + " was not merged away (no standing merge took it as a duplicate)\n";
        }
        StringBuilder text = new StringBuilder(entity).append(' ').append(recordId);
        for (int i = 0; i < chain.size(); i++) {
            JournalMerge merge = chain.get(i);
            text.append(i == 0 ? " was merged into " : ", which was merged into ").append(merge.survivorId())
                    .append(" (merge ").append(merge.mergeId()).append(", ").append(merge.startedAt());
            if (merge.principal() != null) {
                text.append(", by ").append(merge.principal());
            }
            text.append(')');
        }
        text.append(": its data lives on in ").append(entity).append(' ').append(currentId);
        if (cycle) {
            text.append(" (the journal's chain loops back here; it holds contradicting merges)");
        }
        return text.append('\n').toString();
    }
}
