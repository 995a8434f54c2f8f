package org.safemerge.report;

/** Why a plan is blocked, or what it should warn about. Immutable (an enum). */
public enum HazardKind {
    /** Rows must leave but their FK is NOT NULL; unassigning is impossible without deleting them. Blocking. */
    NOT_NULL_CANNOT_UNASSIGN,
    /** Rows must leave a collection with orphanRemoval, which would delete them. Blocking. */
    ORPHAN_REMOVAL,
    /** A unique conflict without a policy, or with {@code FAIL}. Blocking. */
    UNIQUE_CONFLICT,
    /**
     * Deleting a duplicate would cascade REMOVE through one of its own to-ones (its badge, its parent) to a row the
     * merge does not delete. Blocking.
     */
    CASCADE_FROM_DUPLICATE,
    /** The survivor would point at itself. Blocking under {@code SelfReferencePolicy.BLOCK}. */
    SELF_REFERENCE,
    /** Re-pointing changes a primary key ({@code @MapsId}); executed, but worth a look. Warning. */
    DERIVED_IDENTITY,
    /** The database would cascade a delete along this FK; SafeMerge re-points first, so it never fires. Warning. */
    ON_DELETE_CASCADE,
    /** The mapping cascades REMOVE along this association; SafeMerge never lets it fire. Warning. */
    CASCADE_REMOVE_IGNORED,
    /** The table has no primary key: counts are exact, row ids cannot be reported. Warning. */
    NO_ROW_IDS,
    /** Mapping and database disagree about this reference. Warning. */
    MAPPING_MISMATCH,
    /**
     * In a batch: a record of this group points at a duplicate of another group (e.g. its parent), so execution
     * plans this group only after that group ran; its counts can differ from the dry run by those rows. Warning.
     */
    BATCH_ORDER,
    /** A merge guard of the application vetoed the merge; the message is the guard's. Blocking. */
    VETOED,
    /**
     * Rows point at the records by a unique key other than the id ({@code InboundReference.targetColumns}, e.g. a
     * legacy number) and cannot follow the merge: the survivor has no value for that key, or the merge would change
     * the survivor's value while rows point at it. Blocking.
     */
    REFERENCED_KEY,
    /**
     * A database FK SafeMerge cannot re-point ({@code ReferenceFlag.UNSUPPORTED}: a composite FK to a key other than
     * the id, an FK to columns that are not a unique key, ...). Shown in every plan of its target, rows or not,
     * since SafeMerge cannot count them. Blocking, unless the duplicates are kept as tombstones or the caller chose
     * {@code AssociationPolicy.leaveToDatabase()} for it.
     */
    UNSUPPORTED_REFERENCE,
    /**
     * A row the plan would delete to resolve a unique conflict still has rows of its own pointing at it (payments of
     * a bank account): deleting it would lose them or cascade. Blocking; {@code ConflictPolicy.mergeRows()} moves
     * them to the row kept instead.
     */
    DEPENDENT_ROWS,
    /**
     * A reference the merge changes rows of has no index led by its FK columns (PostgreSQL creates none for an FK,
     * nor does Hibernate's schema export): finding the duplicates' rows, and the database's FK check when a
     * duplicate is deleted, scan the whole table. Only ever a notice ({@link MergeReport#notices()}): it never
     * blocks, and says which index would help.
     */
    UNINDEXED_REFERENCE
}
