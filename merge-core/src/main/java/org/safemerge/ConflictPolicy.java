package org.safemerge;

/**
 * What to do when moving a duplicate's row to the survivor would break a uniqueness rule: a one-to-one (both have a
 * profile), a unique key, or a set-semantics join table (both are linked to the same tag). Every resolution is
 * audited row by row. Set per association with {@link AssociationPolicy#onConflict(ConflictPolicy)}.
 *
 * <p>Default (no policy given): identical links in join tables and element collections are skipped
 * ({@link #SKIP_DUPLICATE}, nothing is lost); a conflict on a unique foreign key blocks the plan, since one of the
 * two rows would have to leave: the dry run shows a blocking {@code UNIQUE_CONFLICT} hazard with the options, and
 * {@code execute()} fails with {@link MergeErrorCode#PLAN_BLOCKED}. An enum: immutable and thread-safe.
 */
public enum ConflictPolicy {
    /**
     * The survivor already has an identical link, so the duplicate's is dropped (join tables and element
     * collections: nothing is lost). For a unique FK the duplicate's row is treated like {@link #KEEP_A}.
     */
    SKIP_DUPLICATE,
    /** The survivor's row stays; the duplicate's row leaves (unassigned, or deleted if allowed). */
    KEEP_A,
    /** The duplicate's row moves to the survivor; the survivor's row leaves (unassigned, or deleted if allowed). */
    KEEP_B,
    /**
     * Refuse: the dry run shows the conflict as a blocking hazard, and {@code execute()} fails with
     * {@link MergeErrorCode#UNIQUE_CONFLICT} (the code for a conflict the caller chose to refuse; a conflict without
     * a policy fails with {@link MergeErrorCode#PLAN_BLOCKED}).
     */
    FAIL
}
