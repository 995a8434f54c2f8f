package org.safemerge.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.Step;

/**
 * The database as one merge sees it, inside one transaction ({@link MergeExecutor#run}). merge-core calls it in
 * this order: {@link #lock}, {@link #read} and {@link #inspect} (the plan), then {@link #apply} for each step.
 * Implementations must use set-based statements: never load every referencing row into memory.
 *
 * <p>A store is used by one thread, only inside the {@code work} of the {@link MergeExecutor#run} that created it.
 */
public interface MergeStore {

    /**
     * Locks the records for update, in the order given (merge-core sorts them so that concurrent merges cannot
     * deadlock). Must fail with {@code MergeException(CONCURRENT_MODIFICATION)} when a lock cannot be had in time.
     */
    void lock(EntityType type, List<Object> idsInLockOrder);

    /** The record's current values, or empty when it does not exist or is soft-deleted. */
    Optional<EntitySnapshot> read(EntityType type, Object id);

    /**
     * Counts and samples the rows of {@code reference} that point at the survivor and at each duplicate; see
     * {@link ReferenceState}.
     *
     * @param sampleLimit the maximum number of row ids per {@link RowSet}
     */
    ReferenceState inspect(InboundReference reference, Object survivorId, List<Object> duplicateIds, int sampleLimit);

    /**
     * Carries out one step exactly as described and returns how many rows it changed. Row steps report the ids of
     * the rows they change through {@link StepContext#rowIds()}, in chunks of at most
     * {@link StepContext#chunkSize()}, before or as they change them (bounded memory). Rows without ids (a table
     * without a key) need not be reported: merge-core audits a step that changed rows but named none once, without
     * ids. Never called for a dry run ({@link RunMode#READ_ONLY}).
     */
    long apply(Step step, StepContext context);

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
