package org.safemerge.spi;

import java.util.function.Function;
import org.safemerge.graph.AssociationGraph;

/**
 * The bridge between merge-core and a persistence technology. merge-core decides what a merge does; an executor
 * knows the association graph and carries steps out in a transaction. Implementations must be safe to use from the
 * thread that owns the underlying session.
 */
public interface MergeExecutor {

    /** The association graph of the persistence unit (cached; cheap to call). */
    AssociationGraph graph();

    /**
     * Runs {@code work} in a transaction: the caller's if one is active, otherwise a new one. For
     * {@link RunMode#EXECUTE} the executor commits a transaction it began (rolls back on exception); for
     * {@link RunMode#READ_ONLY} and {@link RunMode#REHEARSE} nothing written survives. The store is valid only inside
     * {@code work}. Exceptions and errors from {@code work} propagate after the rollback: a transaction the executor
     * began must never be left open.
     */
    <R> R run(RunMode mode, Function<MergeStore, R> work);

    /**
     * Whether {@link #run} would join a transaction the caller holds open right now (rather than commit one of its
     * own). A batch uses it to tell committed chunks from chunks that still wait for the caller's commit.
     */
    default boolean joinsCallerTransaction() {
        return false;
    }
}
