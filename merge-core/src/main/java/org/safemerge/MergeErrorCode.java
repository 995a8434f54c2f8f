package org.safemerge;

/**
 * Stable codes for every way a merge can be refused or fail, carried by {@link MergeException#code()}. Codes never
 * change meaning between releases; match on them, not on messages. The builder raises the request errors (up to
 * {@link #INVALID_ARGUMENT}) before anything touches the database; the others come from {@code dryRun()},
 * {@code rehearse()} or {@code execute()}. An enum: immutable and thread-safe.
 */
public enum MergeErrorCode {
    /** The survivor's id is also listed as a duplicate. */
    SURVIVOR_IS_DUPLICATE,
    /** No duplicates were given. */
    NO_DUPLICATES,
    /** A survivor or duplicate id is null. */
    NULL_ID,
    /** The same duplicate id is listed twice. */
    DUPLICATE_LISTED_TWICE,
    /** The entity type is not known to the association graph. */
    UNKNOWN_ENTITY,
    /**
     * A record is of another entity type or hierarchy than the plan's (a plain record of a supertype, a sibling
     * subtype's record, an entity instance of another hierarchy); the message names the id, the type found and the
     * type expected.
     */
    WRONG_ENTITY_TYPE,
    /** A field strategy names an attribute the entity does not have. */
    UNKNOWN_ATTRIBUTE,
    /** A field strategy does not apply to the attribute (union on a scalar, combine on the id or version). */
    STRATEGY_NOT_APPLICABLE,
    /** Two field strategies were given for one attribute. */
    CONFLICTING_STRATEGIES,
    /** A policy names an association that does not point at, or out of, the entity. */
    UNKNOWN_ASSOCIATION,
    /** Two policies were given for one association. */
    CONFLICTING_POLICIES,
    /** A policy is not possible on the association (delete where rows cannot be deleted, unassign a NOT NULL FK). */
    POLICY_NOT_APPLICABLE,
    /**
     * A batch maps records into each other in a circle (A into B, B into A); the message names the ids. Chains are
     * fine: C into B and B into A merge C and B into A.
     */
    MERGE_CYCLE,
    /** A batch merges the same duplicate into two different survivors; the message names the three ids. */
    DUPLICATE_OF_TWO_SURVIVORS,
    /**
     * An option or builder argument is invalid, e.g. an id that is not of the entity's id type and does not convert
     * to it exactly, or an entity instance given instead of its id.
     */
    INVALID_ARGUMENT,
    /** The survivor does not exist (or is soft-deleted). */
    SURVIVOR_NOT_FOUND,
    /** A duplicate does not exist, was already merged, or is soft-deleted. */
    DUPLICATE_NOT_FOUND,
    /** The plan would delete or lose rows that were not allowed; the report lists the hazards and the options. */
    PLAN_BLOCKED,
    /** The data changed between the reviewed dry run and execute(); nothing was changed. */
    PLAN_STALE,
    /** A unique conflict is resolved by the FAIL policy. */
    UNIQUE_CONFLICT,
    /** Something outside the plan tried to delete an entity during the merge (a cascade or orphan removal). */
    UNEXPECTED_DELETE,
    /** A row or version lock could not be acquired, or a concurrent change was detected. */
    CONCURRENT_MODIFICATION,
    /** An audit listener failed; by default the merge is rolled back so no change lacks its audit record. */
    AUDIT_FAILED,
    /** A custom field strategy threw, or returned a value of the wrong type. */
    STRATEGY_FAILED,
    /** The database refused a statement; the merge was rolled back. */
    DATABASE_ERROR,
    /** The mapping contains something SafeMerge cannot merge safely (reported with the attribute or table). */
    UNSUPPORTED_MAPPING,
    /** A merge guard of the application vetoed the merge; the message says why. Nothing was changed. */
    MERGE_VETOED,
    /** A merge guard threw instead of returning a verdict (the cause is attached); the merge was rolled back. */
    GUARD_FAILED,
    /**
     * The tombstone marker of a plan that keeps its duplicates ({@code keepDuplicates(marker)}) threw (the cause is
     * attached, Errors included); the merge was rolled back.
     */
    MARKER_FAILED,
    /**
     * SafeMerge cannot work with the Hibernate ORM version found (outside the supported range, or its integrators
     * failed when the SessionFactory was built); the message names the version found and the supported range.
     */
    UNSUPPORTED_HIBERNATE_VERSION,
    /**
     * An undo would touch a row that changed since the merge it undoes (an FK no longer at the survivor, a row gone,
     * a duplicate's id taken, an attribute no longer the merged value); the message names the table, row, column,
     * the value expected and the value found. Nothing was changed.
     */
    UNDO_CONFLICT,
    /**
     * A merge cannot be undone at all: its id is unknown to the journal, it rolled back, it was undone already, or
     * the journal lacks a value the undo needs (e.g. a redacted sensitive one); the message says which.
     */
    UNDO_NOT_POSSIBLE,
    /**
     * The merge journal could not be written or read (its tables are missing or unwritable); the merge was rolled
     * back. The message says to create the tables (the journal's DDL) or to enable auto-creation.
     */
    JOURNAL_FAILED
}
