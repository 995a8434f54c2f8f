package org.safemerge.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.RowStep;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.UniqueKey;
import org.safemerge.report.Step;

/**
 * The database as one merge sees it, inside one transaction ({@link MergeExecutor#run}). merge-core calls it in
 * this order: {@link #lock}, {@link #read} and {@link #inspect} (the plan), then {@link #apply} for each step (or
 * {@link #applyTogether} for a run of re-points on different tables).
 * Implementations must use set-based statements: never load every referencing row into memory.
 *
 * <p>A batch ({@code BatchMerge}) runs many merge groups in one transaction: {@link #lock} once for all their
 * records, then {@link #prepare} with the groups, then the plan of each group through {@link #read} and
 * {@link #inspect}, then {@link #applyAll} with the same step of every group at once. The two batch methods have
 * defaults that fall back to the one-merge methods; a store overrides them to work set-based across the groups.
 *
 * <p>A store is used by one thread, only inside the {@code work} of the {@link MergeExecutor#run} that created it.
 */
public interface MergeStore {

    /**
     * Locks the records for update, in the order given (merge-core sorts them so that concurrent merges cannot
     * deadlock). Must fail with {@code MergeException(CONCURRENT_MODIFICATION)} when a lock cannot be had in time.
     */
    void lock(EntityType type, List<Object> idsInLockOrder);

    /**
     * The record's current values, or empty when it does not exist or is soft-deleted. {@code id} is of the type's
     * id type ({@link EntityType#idJavaType()}) when that is known. When no record of {@code type} has the id but a
     * record of another type does (a plain record of a supertype, a sibling subtype's), a store should return a
     * snapshot naming that record's type (its values may be empty): merge-core refuses it with
     * {@code WRONG_ENTITY_TYPE}, where an empty result would be reported as not found.
     */
    Optional<EntitySnapshot> read(EntityType type, Object id);

    /**
     * Counts and samples the rows of {@code reference} that point at the survivor and at each duplicate; see
     * {@link ReferenceState}.
     *
     * @param sampleLimit the maximum number of row ids per {@link RowSet}
     */
    ReferenceState inspect(InboundReference reference, Object survivorId, List<Object> duplicateIds, int sampleLimit);

    /**
     * Finds the rows of {@code reference} pointing at a duplicate that conflict on {@code key} (one of
     * {@code AssociationGraph.uniqueKeys(reference)}): pairs of a duplicate's row and a row of the survivor or of an
     * earlier duplicate (in the order given) with equal, non-null values in every column of the key besides the
     * reference's columns, both matching the key's predicate if it is partial. Set-based: one statement per key (a
     * self-join of the table), never every row in memory. Called by the planner only for keys of the graph.
     *
     * <p>The default refuses: a store that knows unique keys must find their conflicts, or the database would find
     * them as a unique violation in the middle of {@code execute()}.
     *
     * @param limit the maximum number of pairs to return; the count is always exact
     */
    default UniqueConflicts conflicts(InboundReference reference, UniqueKey key, Object survivorId,
            List<Object> duplicateIds, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot find conflicts on unique keys ("
                + key.describe() + " of " + reference.key() + "); implement MergeStore.conflicts");
    }

    /**
     * Carries out one step exactly as described and returns how many rows it changed. Row steps report the ids of
     * the rows they change through {@link StepContext#rowIds()}, in chunks of at most
     * {@link StepContext#chunkSize()}, before or as they change them (bounded memory). Rows without ids (a table
     * without a key) need not be reported: merge-core audits a step that changed rows but named none once, without
     * ids. Never called for a dry run ({@link RunMode#READ_ONLY}).
     */
    long apply(Step step, StepContext context);

    /**
     * A batch is about to plan these groups (all locked already): the store may read what {@link #inspect} will be
     * asked for all groups at once, e.g. one grouped query per reference. Called again, with the groups still to
     * plan, after steps were applied: what was read before may be stale then. The default reads nothing ahead.
     *
     * @param type the merged entity type
     * @param groups the groups about to be planned, disjoint
     * @param sampleLimit the maximum number of row ids per {@link RowSet}, as {@link #inspect} gets it
     */
    default void prepare(EntityType type, List<MergeGroup> groups, int sampleLimit) {
    }

    /**
     * Carries out the same step of several merge groups, each exactly as {@link #apply} would, and returns the rows
     * each changed (in the order of {@code steps}). The steps are of one kind, on one reference or attribute, and
     * belong to disjoint groups, so they may run as one statement; each group's row ids go to its own context. The
     * default applies them one by one.
     *
     * @param steps steps of one kind and subject, one or more per group
     * @param contexts the context of each step, in the same order
     */
    default long[] applyAll(List<Step> steps, List<StepContext> contexts) {
        long[] rows = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            rows[i] = apply(steps.get(i), contexts.get(i));
        }
        return rows;
    }

    /**
     * Carries out consecutive row steps of one merge, each exactly as {@link #apply} would, and returns the rows
     * each changed (in the order of {@code steps}). Each re-points or unassigns the rows of another table by their
     * FK, so none reads what another writes: a store may send them at once (one round trip). The default applies
     * them one by one.
     *
     * @param steps {@code RepointReferences} and {@code UnassignReferences} steps, each on another table
     * @param contexts the context of each step, in the same order
     */
    default long[] applyTogether(List<RowStep> steps, List<StepContext> contexts) {
        long[] rows = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            rows[i] = apply(steps.get(i), contexts.get(i));
        }
        return rows;
    }

    /**
     * The application's entity object of a record this store has read or locked, for merge guards
     * ({@link GuardContext#survivor()}); empty when the record does not exist. The default has none: a store that
     * can hand out entities overrides it.
     */
    default Optional<Object> entity(EntityType type, Object id) {
        return Optional.empty();
    }

    /**
     * What the store works through (its session, entity manager, ...), for merge guards
     * ({@link GuardContext#unwrap(Class)}) to query in the merge's own transaction; empty when it has nothing of
     * {@code type}. The default has nothing.
     */
    default <X> Optional<X> unwrap(Class<X> type) {
        return Optional.empty();
    }

    /**
     * The journal that records the merges run in this store ({@link ChangeJournal}), or null when there is none
     * (the default): merge-core then does no journal work at all. Asked once per run, for executions only.
     */
    default ChangeJournal journal() {
        return null;
    }

    /**
     * Registers a callback for the end of the transaction: {@code true} after a commit, {@code false} after a
     * rollback. Called once, after the transaction completed (for a joined transaction: when the caller ends it).
     */
    void onCompletion(Consumer<Boolean> committed);

    /** What {@link #apply} gets besides the step. Provided by merge-core; valid only during that call. */
    interface StepContext {
        /** Receives the ids of changed rows, chunk by chunk. */
        Consumer<List<Object>> rowIds();

        /** The largest chunk to hand to {@link #rowIds()}. */
        int chunkSize();

        /** For {@code KeepDuplicate} steps: the caller's marker, or null. */
        TombstoneMarker<Object> tombstoneMarker();
    }
}
