package org.safemerge;

import java.util.Map;

/**
 * The simple {@link ConflictResolution}s of a unique conflict: moving a duplicate's row to the survivor would break
 * a uniqueness rule, i.e. a one-to-one (both have a profile), a unique key that contains the foreign key (both have
 * a task for the same person and role), or a set-semantics join table (both are linked to the same tag). Every
 * resolution is audited row by row. Set per association with
 * {@link AssociationPolicy#onConflict(ConflictResolution)}; {@link #mergeRows()} and {@link #keepBoth()} start the
 * two resolutions that keep both rows' contents.
 *
 * <p>Default (no policy given): identical links in join tables and element collections are skipped
 * ({@link #SKIP_DUPLICATE}, nothing is lost); a conflict on a unique foreign key or unique key blocks the plan
 * ({@code execute()} refuses with {@link MergeErrorCode#PLAN_BLOCKED}; the dry run lists each conflict with both
 * rows and the options), since one of the two rows would have to leave. An enum: immutable and thread-safe.
 */
public enum ConflictPolicy implements ConflictResolution {
    /**
     * The survivor already has an identical link, so the duplicate's is dropped (join tables and element
     * collections: nothing is lost). For a unique FK or key the duplicate's row is treated like {@link #KEEP_A}.
     */
    SKIP_DUPLICATE,
    /** The survivor's row stays; the duplicate's row leaves (unassigned, or deleted if allowed). */
    KEEP_A,
    /** The duplicate's row moves to the survivor; the survivor's row leaves (unassigned, or deleted if allowed). */
    KEEP_B,
    /**
     * Refuse: the dry run shows the conflict as a blocking hazard, and {@code execute()} fails with
     * {@link MergeErrorCode#UNIQUE_CONFLICT} (the code for a conflict the caller chose to refuse; a conflict without
     * a policy fails with {@link MergeErrorCode#PLAN_BLOCKED}), nothing changed.
     */
    FAIL;

    /**
     * The duplicate's conflicting row is merged into the survivor's (its references re-pointed, its attributes
     * decided by field strategies, then deleted); see {@link ConflictResolution.MergeRows}.
     */
    public static ConflictResolution.MergeRows mergeRows() {
        return new ConflictResolution.MergeRows(Map.of(), Map.of());
    }

    /**
     * Both rows stay; the losing row is changed so that it leaves the unique key, e.g.
     * {@code keepBoth().set("archived_at", now)}; see {@link ConflictResolution.KeepBoth}.
     */
    public static ConflictResolution.KeepBoth keepBoth() {
        return new ConflictResolution.KeepBoth(Map.of(), false);
    }

    @Override
    public String policyName() {
        return name();
    }

    @Override
    public String describe() {
        return name();
    }
}
