package org.safemerge.spi;

import java.util.List;

/**
 * The conflicts of one reference on one unique key for one merge: their exact number and the first of them.
 * Immutable and thread-safe.
 *
 * @param count how many (duplicate row, other row) pairs conflict
 * @param first the first pairs (at most the requested limit), ordered by the duplicate (in the order the
 *              duplicates were given), its row id, then the other row's record (the survivor first, then the
 *              duplicates in order)
 */
public record UniqueConflicts(long count, List<UniqueConflict> first) {
    /** No conflicts. */
    public static final UniqueConflicts NONE = new UniqueConflicts(0, List.of());

    public UniqueConflicts {
        first = List.copyOf(first);
        if (count < first.size()) {
            throw new IllegalArgumentException("count " + count + " < " + first.size() + " conflicts given");
        }
    }

    /** Whether every conflict is in {@link #first()}. */
    public boolean complete() {
        return first.size() == count;
    }
}
