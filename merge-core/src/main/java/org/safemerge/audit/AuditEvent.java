package org.safemerge.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Something a merge did. Events of one merge share its {@link #mergeId()} and arrive in order, inside the merge's
 * transaction, as the changes happen; the last event is {@link MergeCommitted} or {@link MergeRolledBack}, sent
 * after the transaction ended, and tells which. Values of sensitive attributes are already redacted.
 */
public sealed interface AuditEvent {
    String mergeId();

    Instant at();

    /** A merge began. @param entity entity name @param survivorId survivor @param duplicateIds duplicates */
    record MergeStarted(String mergeId, Instant at, String entity, Object survivorId, List<Object> duplicateIds)
            implements AuditEvent {
        public MergeStarted {
            duplicateIds = List.copyOf(duplicateIds);
        }
    }

    /** An attribute of the survivor was set. */
    record AttributeSet(String mergeId, Instant at, String entity, Object id, String attribute, Object before,
            Object after, String strategy) implements AuditEvent {
    }

    /** FK rows were re-pointed from a duplicate to the survivor (one event per chunk of row ids). */
    record ReferencesRepointed(String mergeId, Instant at, String reference, String table, List<String> columns,
            List<Object> rowIds, Object from, Object to) implements AuditEvent {
        public ReferencesRepointed {
            columns = List.copyOf(columns);
            rowIds = List.copyOf(rowIds);
        }
    }

    /** FK rows were unassigned (set NULL). */
    record ReferencesUnassigned(String mergeId, Instant at, String reference, String table, List<String> columns,
            List<Object> rowIds, Object from) implements AuditEvent {
        public ReferencesUnassigned {
            columns = List.copyOf(columns);
            rowIds = List.copyOf(rowIds);
        }
    }

    /** Referencing rows were deleted (only where the caller allowed it for the association). */
    record ReferencingRowsDeleted(String mergeId, Instant at, String reference, String table, List<Object> rowIds,
            Object from) implements AuditEvent {
        public ReferencingRowsDeleted {
            rowIds = List.copyOf(rowIds);
        }
    }

    /** Links were added to the survivor, taken from a duplicate (row ids are the linked values). */
    record LinksAdded(String mergeId, Instant at, String reference, String table, List<Object> rowIds, Object from,
            Object to) implements AuditEvent {
        public LinksAdded {
            rowIds = List.copyOf(rowIds);
        }
    }

    /** Links of a record were removed (the linked rows were not touched). */
    record LinksRemoved(String mergeId, Instant at, String reference, String table, List<Object> rowIds,
            Object owner) implements AuditEvent {
        public LinksRemoved {
            rowIds = List.copyOf(rowIds);
        }
    }

    /** A duplicate's links were dropped because the survivor already had identical ones. */
    record LinksSkipped(String mergeId, Instant at, String reference, String table, List<Object> rowIds,
            Object from, Object to) implements AuditEvent {
        public LinksSkipped {
            rowIds = List.copyOf(rowIds);
        }
    }

    /** A unique conflict was resolved. */
    record ConflictResolved(String mergeId, Instant at, String reference, String table, String policy,
            Object survivorRowId, Object duplicateRowId, String resolution) implements AuditEvent {
    }

    /** The survivor's version was bumped. */
    record VersionBumped(String mergeId, Instant at, String entity, Object id) implements AuditEvent {
    }

    /** A duplicate was deleted; {@code lastState} is its attribute values before (redacted where sensitive). */
    record EntityDeleted(String mergeId, Instant at, String entity, Object id, boolean soft,
            Map<String, Object> lastState) implements AuditEvent {
        public EntityDeleted {
            lastState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lastState));
        }
    }

    /** A duplicate was kept as a tombstone. */
    record DuplicateKept(String mergeId, Instant at, String entity, Object id, Object survivorId)
            implements AuditEvent {
    }

    /** The merge's transaction committed. @param rowsChanged rows changed over all steps */
    record MergeCommitted(String mergeId, Instant at, long rowsChanged) implements AuditEvent {
    }

    /**
     * The merge's transaction rolled back: nothing of it remains.
     *
     * @param errorCode the error code if SafeMerge failed it, or null (e.g. the caller rolled back)
     * @param reason in words
     */
    record MergeRolledBack(String mergeId, Instant at, String errorCode, String reason) implements AuditEvent {
    }
}
