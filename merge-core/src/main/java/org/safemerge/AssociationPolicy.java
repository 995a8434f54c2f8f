package org.safemerge;

import java.util.Optional;

/**
 * What happens to the rows of one association (an inbound reference) during a merge. Immutable and thread-safe.
 *
 * <p>Rows that point at a duplicate are <em>re-pointed</em> to the survivor by default. Rows that must leave (the
 * duplicate's links under {@code takeA}, the survivor's under {@code takeB}, the losing side of a conflict, or all
 * of them with {@link #unassign()}) are <em>unassigned</em>: a nullable FK is set to NULL, a join row is removed.
 * Where unassigning is impossible (NOT NULL FK, orphanRemoval) the plan is blocked, unless {@link #allowDelete()}
 * was given for this association: then those rows, and only those, are deleted and each deletion is audited.
 *
 * <p>Defaults: associations without a policy are {@link #repoint() re-pointed}, nothing is deleted, and conflicts
 * follow the {@link ConflictPolicy} defaults. Policies are given per association with
 * {@link MergePlan.Builder#association(String, AssociationPolicy)}.
 *
 * @param unassignDuplicateRows rows pointing at a duplicate are unassigned instead of re-pointed
 * @param deleteAllowed rows that must leave and cannot be unassigned may be deleted
 * @param conflicts how unique conflicts are resolved; empty means the default (skip identical links in join tables
 *                  and element collections, block the plan for unique FKs and unique keys)
 * @param leftToDatabase the rows are not touched and the database's FK guards them ({@link #leaveToDatabase()})
 */
public record AssociationPolicy(boolean unassignDuplicateRows, boolean deleteAllowed,
        Optional<ConflictResolution> conflicts, boolean leftToDatabase) {

    public AssociationPolicy {
        conflicts = conflicts == null ? Optional.empty() : conflicts;
    }

    /** A policy that SafeMerge carries out itself (not {@linkplain #leaveToDatabase() left to the database}). */
    public AssociationPolicy(boolean unassignDuplicateRows, boolean deleteAllowed,
            Optional<ConflictResolution> conflicts) {
        this(unassignDuplicateRows, deleteAllowed, conflicts, false);
    }

    /** The default: re-point rows from the duplicates to the survivor. */
    public static AssociationPolicy repoint() {
        return new AssociationPolicy(false, false, Optional.empty());
    }

    /** Rows pointing at a duplicate are unassigned (FK nulled, join row removed) instead of moved. */
    public static AssociationPolicy unassign() {
        return new AssociationPolicy(true, false, Optional.empty());
    }

    /**
     * For a database FK that SafeMerge cannot re-point ({@code ReferenceFlag.UNSUPPORTED}, e.g. a composite FK to a
     * key other than the id): acknowledges it, leaves its rows as they are, and lets the database's FK guard them.
     * Allowed only where that FK's ON DELETE rule is RESTRICT or NO ACTION, so the database refuses to delete a
     * duplicate the rows still point at: such a merge then fails and is rolled back, nothing is lost. Where the
     * rule would cascade or set NULL, keep the duplicates as tombstones instead ({@code keepDuplicates(...)}).
     */
    public static AssociationPolicy leaveToDatabase() {
        return new AssociationPolicy(false, false, Optional.empty(), true);
    }

    /** Also allow deleting rows that must leave and cannot be unassigned (never join-table targets). */
    public AssociationPolicy allowDelete() {
        refuseOnLeftToDatabase("allowDelete()");
        return new AssociationPolicy(unassignDuplicateRows, true, conflicts);
    }

    /**
     * Sets how unique conflicts are resolved: a {@link ConflictPolicy} ({@code KEEP_A}, {@code KEEP_B}, {@code FAIL},
     * {@code SKIP_DUPLICATE}), {@link ConflictPolicy#mergeRows()} or {@link ConflictPolicy#keepBoth()}. Applies to
     * the reference's own uniqueness (one-to-one, set-semantics links) and to every unique key that contains its
     * foreign key.
     */
    public AssociationPolicy onConflict(ConflictResolution policy) {
        if (policy == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "onConflict needs a ConflictPolicy or "
                    + "ConflictResolution, was null");
        }
        refuseOnLeftToDatabase("onConflict(" + policy + ")");
        return new AssociationPolicy(unassignDuplicateRows, deleteAllowed, Optional.of(policy));
    }

    private void refuseOnLeftToDatabase(String option) {
        if (leftToDatabase) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, option + " on leaveToDatabase(): SafeMerge "
                    + "does not touch the rows of such an association, so there is nothing to delete or resolve");
        }
    }

    /** A short description for reports. */
    public String describe() {
        if (leftToDatabase) {
            return "left to the database";
        }
        return (unassignDuplicateRows ? "unassign" : "repoint") + (deleteAllowed ? ", delete allowed" : "")
                + conflicts.map(c -> ", on conflict " + c.describe()).orElse("");
    }
}
