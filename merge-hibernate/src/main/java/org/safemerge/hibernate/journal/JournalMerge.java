package org.safemerge.hibernate.journal;

import java.time.Instant;
import java.util.List;

/**
 * One merge as the journal recorded it (a row of the journal's merge table). Ids are kept as text, as written.
 *
 * @param mergeId the merge id ({@code MergeReport.mergeId()}, the audit events' merge id)
 * @param entity the entity name
 * @param survivorId the survivor's id, as text
 * @param duplicateIds the duplicates' ids, as text, in the order given
 * @param principal who merged (the journal's principal supplier at the time), or null
 * @param startedAt when the merge started
 * @param endedAt when it ended (committed or rolled back), or null
 * @param outcome committed, rolled back or undone
 * @param errorCode the error code of a rolled-back merge, or null
 * @param reason why it rolled back, or null
 * @param options the merge's options as JSON text (strategies, policies, ...), or null
 * @param undoOf for an undo: the merge it undid, else null
 * @param undoneBy the undo that undid this merge, or null
 * @param batchId the batch this merge was a group of, or null
 */
public record JournalMerge(String mergeId, String entity, String survivorId, List<String> duplicateIds,
        String principal, Instant startedAt, Instant endedAt, Outcome outcome, String errorCode, String reason,
        String options, String undoOf, String undoneBy, String batchId) {

    /** How a journalled merge ended. */
    public enum Outcome {
        /** The merge committed and stands. */
        COMMITTED,
        /** The merge rolled back: nothing of it is in the database. */
        ROLLED_BACK,
        /** The merge committed and was later undone ({@link #undoneBy()}). */
        UNDONE
    }

    public JournalMerge {
        duplicateIds = List.copyOf(duplicateIds);
    }

    /** Whether this merge's changes are in the database now: committed and not undone. */
    public boolean stands() {
        return outcome == Outcome.COMMITTED && undoneBy == null;
    }

    /** Whether this entry is an undo of another merge. */
    public boolean isUndo() {
        return undoOf != null;
    }

    /** One line: {@code <id> Partner [30001] into 21148 by alice at <time>: COMMITTED}. */
    public String toText() {
        StringBuilder line = new StringBuilder(mergeId).append(' ');
        if (undoOf != null) {
            line.append("undo of ").append(undoOf).append(": ");
        }
        line.append(entity).append(' ').append(duplicateIds).append(" into ").append(survivorId);
        if (principal != null) {
            line.append(" by ").append(principal);
        }
        line.append(" at ").append(startedAt).append(": ").append(outcome);
        if (errorCode != null) {
            line.append(" (").append(errorCode).append(')');
        }
        if (undoneBy != null) {
            line.append(", undone by ").append(undoneBy);
        }
        if (batchId != null) {
            line.append(", batch ").append(batchId);
        }
        return line.toString();
    }
}
