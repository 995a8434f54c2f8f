package org.safemerge.spi;

/** How a {@link MergeExecutor} runs a unit of merge work. Immutable (an enum). */
public enum RunMode {
    /** Read only: no locks, no writes, no flush of the caller's pending changes. */
    READ_ONLY,
    /** Lock, write and commit (or join the caller's transaction and let it commit). */
    EXECUTE,
    /** Lock and write, then roll back whatever happened. */
    REHEARSE
}
