package org.safemerge.spi;

/**
 * Marks a duplicate that is kept instead of deleted (e.g. {@code duplicate.setMergedInto(survivorId)}). Called
 * inside the merge's transaction with the managed duplicate entity; changes it makes are written with the merge.
 *
 * @param <T> the entity type
 */
@FunctionalInterface
public interface TombstoneMarker<T> {
    void mark(T duplicate, Object survivorId);
}
