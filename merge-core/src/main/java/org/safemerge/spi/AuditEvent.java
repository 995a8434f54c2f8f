package org.safemerge.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something a merge did. Events of one merge share its {@link #mergeId()} and arrive in order, inside the merge's
 * transaction, as the changes happen; the last event is {@link MergeCommitted} or {@link MergeRolledBack}, sent
 * after the transaction ended, and tells which. Values of sensitive attributes are already redacted. Events are
 * immutable records, safe to hand to other threads. Row events carry at most the plan's audit chunk size of row ids
 * (one event per chunk); their {@code rowIds} are empty when the table has no key to name the rows by.
 */
public sealed interface AuditEvent {
    /** The merge this event belongs to (also {@code MergeReport.mergeId()}). */
    String mergeId();

    /** When it happened. */
    Instant at();

    /**
     * What happened, in words, for log lines and trails that show no fields: e.g. {@code re-pointed 3 rows of
     * ws_task(event_id) from 11 to 10 [102, 103, 104]}. Row id lists are capped at {@value #IDS_IN_SUMMARY}.
     */
    String summary();

    /** The most row ids a {@link #summary()} lists. */
    int IDS_IN_SUMMARY = 10;

    /**
     * An event about rows of one reference (re-pointed, unassigned, deleted, links added, removed or skipped): one
     * chunk of row ids each, so a listener can treat them alike.
     */
    sealed interface RowEvent extends AuditEvent permits ReferencesRepointed, ReferencesUnassigned,
            ReferencingRowsDeleted, LinksAdded, LinksRemoved, LinksSkipped, RowsChanged {
        /** The reference key, e.g. {@code task(event_id)}. */
        String reference();

        /** The table holding the rows. */
        String table();

        /** The rows (their row keys); empty when the table has no key to name them by. */
        List<Object> rowIds();

        /** The record the rows pointed at before. */
        Object from();
    }

    /**
     * A merge began (also when it is refused later, e.g. at the lock or as stale).
     *
     * @param mergeId the merge
     * @param at when
     * @param entity the entity name
     * @param survivorId the survivor
     * @param duplicateIds the duplicates, in the order given
     */
    record MergeStarted(String mergeId, Instant at, String entity, Object survivorId, List<Object> duplicateIds)
            implements AuditEvent {
        public MergeStarted {
            duplicateIds = List.copyOf(duplicateIds);
        }

        @Override
        public String summary() {
            return "started merging " + entity + " " + duplicateIds + " into " + survivorId;
        }
    }

    /**
     * An attribute of the survivor was set.
     *
     * @param mergeId the merge
     * @param at when
     * @param entity the entity name
     * @param id the survivor
     * @param attribute the attribute
     * @param before its value before ({@value org.safemerge.Sensitive#REDACTED} if sensitive)
     * @param after its value after (redacted likewise)
     * @param strategy the strategy that decided it
     */
    record AttributeSet(String mergeId, Instant at, String entity, Object id, String attribute, Object before,
            Object after, String strategy) implements AuditEvent {
        @Override
        public String summary() {
            return "set " + entity + " " + id + " " + attribute + " = " + after + " (was " + before + ", "
                    + strategy + ")";
        }
    }

    /**
     * FK rows were re-pointed from a duplicate to the survivor (one event per chunk of row ids).
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param columns the FK columns
     * @param rowIds the rows (their row keys)
     * @param from the duplicate they pointed at
     * @param to the survivor
     */
    record ReferencesRepointed(String mergeId, Instant at, String reference, String table, List<String> columns,
            List<Object> rowIds, Object from, Object to) implements RowEvent {
        public ReferencesRepointed {
            columns = List.copyOf(columns);
            rowIds = List.copyOf(rowIds);
        }

        @Override
        public String summary() {
            return "re-pointed " + rows(rowIds, "row") + " of " + reference + " from " + from + " to " + to
                    + ids(rowIds);
        }
    }

    /**
     * FK rows were unassigned (set NULL); the rows stay.
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param columns the FK columns
     * @param rowIds the rows
     * @param from the record they pointed at
     */
    record ReferencesUnassigned(String mergeId, Instant at, String reference, String table, List<String> columns,
            List<Object> rowIds, Object from) implements RowEvent {
        public ReferencesUnassigned {
            columns = List.copyOf(columns);
            rowIds = List.copyOf(rowIds);
        }

        @Override
        public String summary() {
            return "unassigned " + rows(rowIds, "row") + " of " + reference + " from " + from + ids(rowIds);
        }
    }

    /**
     * Referencing rows were deleted (only where the caller allowed it for the association).
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param rowIds the deleted rows
     * @param from the record they pointed at
     */
    record ReferencingRowsDeleted(String mergeId, Instant at, String reference, String table, List<Object> rowIds,
            Object from) implements RowEvent {
        public ReferencingRowsDeleted {
            rowIds = List.copyOf(rowIds);
        }

        @Override
        public String summary() {
            return "deleted " + rows(rowIds, "row") + " of " + reference + " that pointed at " + from + ids(rowIds);
        }
    }

    /**
     * Links were added to the survivor, taken from a duplicate.
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param rowIds the linked values (the other side of each link)
     * @param from the duplicate
     * @param to the survivor
     */
    record LinksAdded(String mergeId, Instant at, String reference, String table, List<Object> rowIds, Object from,
            Object to) implements RowEvent {
        public LinksAdded {
            rowIds = List.copyOf(rowIds);
        }

        @Override
        public String summary() {
            return "moved " + rows(rowIds, "link") + " of " + reference + " from " + from + " to " + to + ids(rowIds);
        }
    }

    /**
     * Links of a record were removed (the linked rows were not touched).
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param rowIds the linked values
     * @param owner the record whose links they were
     */
    record LinksRemoved(String mergeId, Instant at, String reference, String table, List<Object> rowIds,
            Object owner) implements RowEvent {
        public LinksRemoved {
            rowIds = List.copyOf(rowIds);
        }

        /** The owner: the record the links pointed at. */
        @Override
        public Object from() {
            return owner;
        }

        @Override
        public String summary() {
            return "removed " + rows(rowIds, "link") + " of " + owner + " from " + reference
                    + " (linked rows untouched)" + ids(rowIds);
        }
    }

    /**
     * A duplicate's links were dropped because the survivor already had identical ones; nothing was lost.
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param rowIds the linked values
     * @param from the duplicate
     * @param to the survivor
     */
    record LinksSkipped(String mergeId, Instant at, String reference, String table, List<Object> rowIds,
            Object from, Object to) implements RowEvent {
        public LinksSkipped {
            rowIds = List.copyOf(rowIds);
        }

        @Override
        public String summary() {
            return "skipped " + rows(rowIds, "link") + " of " + from + " in " + reference + " that " + to
                    + " already has" + ids(rowIds);
        }
    }

    /**
     * Rows were changed to leave a unique key (the losing rows of a conflict resolved by keeping both); they still
     * point at {@code from}.
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code consent(person_id)}
     * @param table the table holding the rows
     * @param rowIds the rows
     * @param from the record they point at
     * @param values the columns set and their values
     */
    record RowsChanged(String mergeId, Instant at, String reference, String table, List<Object> rowIds, Object from,
            Map<String, Object> values) implements RowEvent {
        public RowsChanged {
            rowIds = List.copyOf(rowIds);
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        @Override
        public String summary() {
            return "changed " + rows(rowIds, "row") + " of " + reference + " pointing at " + from + " to leave a "
                    + "unique key: " + values + ids(rowIds);
        }
    }

    /**
     * A unique conflict was resolved; the row changes follow as their own events (for {@code MERGE_ROWS}: the
     * events of the merge of the duplicate's row into the survivor's, under this merge's id).
     *
     * @param mergeId the merge
     * @param at when
     * @param reference the reference key, e.g. {@code task(event_id)}
     * @param table the table holding the rows
     * @param policy the name of the resolution applied ({@code KEEP_A}, {@code MERGE_ROWS}, {@code KEEP_BOTH}, ...)
     * @param survivorRowId the survivor's row
     * @param duplicateRowId the duplicate's row
     * @param resolution what happens, in words
     */
    record ConflictResolved(String mergeId, Instant at, String reference, String table, String policy,
            Object survivorRowId, Object duplicateRowId, String resolution) implements AuditEvent {
        @Override
        public String summary() {
            return "resolved a conflict in " + reference + " with " + policy + " (survivor row " + survivorRowId
                    + ", duplicate row " + duplicateRowId + "): " + resolution;
        }
    }

    /**
     * The survivor's version was bumped.
     *
     * @param mergeId the merge
     * @param at when
     * @param entity the entity name
     * @param id the survivor
     */
    record VersionBumped(String mergeId, Instant at, String entity, Object id) implements AuditEvent {
        @Override
        public String summary() {
            return "bumped the version of " + entity + " " + id;
        }
    }

    /**
     * A duplicate was deleted.
     *
     * @param mergeId the merge
     * @param at when
     * @param entity the entity name
     * @param id the duplicate
     * @param soft whether it was soft-deleted
     * @param lastState its attribute values before (redacted where sensitive)
     */
    record EntityDeleted(String mergeId, Instant at, String entity, Object id, boolean soft,
            Map<String, Object> lastState) implements AuditEvent {
        public EntityDeleted {
            lastState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lastState));
        }

        @Override
        public String summary() {
            return (soft ? "soft-deleted" : "deleted") + " duplicate " + entity + " " + id;
        }
    }

    /**
     * A duplicate was kept as a tombstone (marked by the caller's callback).
     *
     * @param mergeId the merge
     * @param at when
     * @param entity the entity name
     * @param id the duplicate
     * @param survivorId the survivor it was merged into
     */
    record DuplicateKept(String mergeId, Instant at, String entity, Object id, Object survivorId)
            implements AuditEvent {
        @Override
        public String summary() {
            return "kept duplicate " + entity + " " + id + " as a tombstone of " + survivorId;
        }
    }

    /**
     * The merge's transaction committed.
     *
     * @param mergeId the merge
     * @param at when
     * @param rowsChanged rows changed over all steps
     */
    record MergeCommitted(String mergeId, Instant at, long rowsChanged) implements AuditEvent {
        @Override
        public String summary() {
            return "committed, " + rowsChanged + " rows changed";
        }
    }

    /**
     * The merge's transaction rolled back: nothing of it remains.
     *
     * @param mergeId the merge
     * @param at when
     * @param errorCode the error code if SafeMerge failed it, or null (e.g. the caller rolled back)
     * @param reason in words
     */
    record MergeRolledBack(String mergeId, Instant at, String errorCode, String reason) implements AuditEvent {
        @Override
        public String summary() {
            return "rolled back" + (errorCode == null ? "" : " (" + errorCode + ")") + ": " + reason;
        }
    }

    /** {@code 3 rows}, {@code 1 link}; {@code rows} (count unknown) when the table has no key to name them by. */
    private static String rows(List<Object> rowIds, String noun) {
        return rowIds.isEmpty() ? noun + "s" : rowIds.size() + " " + noun + (rowIds.size() == 1 ? "" : "s");
    }

    /** {@code  [1, 2, 3]}, at most {@link #IDS_IN_SUMMARY} ids, then how many more; empty without ids. */
    private static String ids(List<Object> rowIds) {
        if (rowIds.isEmpty()) {
            return "";
        }
        if (rowIds.size() <= IDS_IN_SUMMARY) {
            return " " + rowIds;
        }
        String shown = rowIds.subList(0, IDS_IN_SUMMARY).toString();
        return " " + shown.substring(0, shown.length() - 1) + ", ... (" + (rowIds.size() - IDS_IN_SUMMARY)
                + " more)]";
    }
}
