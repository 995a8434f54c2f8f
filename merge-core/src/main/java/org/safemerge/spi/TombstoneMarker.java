package org.safemerge.spi;

/**
 * Marks a duplicate that is kept instead of deleted (e.g. {@code duplicate.setMergedInto(survivorId)}). Called
 * inside the merge's transaction with the managed duplicate entity; changes it makes are written with the merge.
 * Not called for dry runs; called (and rolled back) for rehearsals. Called on the merging thread; must be
 * thread-safe only if the plan is executed concurrently.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface TombstoneMarker<T> {
    /**
     * Marks one duplicate.
     *
     * @param duplicate the managed duplicate entity
     * @param survivorId the id of the survivor it was merged into
     */
    void mark(T duplicate, Object survivorId);
}
