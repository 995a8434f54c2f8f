package org.safemerge.spi;

import java.util.List;

/**
 * Rows of a reference that match a condition: their exact count and the first row ids in ascending order.
 * Immutable and thread-safe.
 *
 * @param count how many rows
 * @param sampleRowIds the first ids (at most the requested limit), ascending
 */
public record RowSet(long count, List<Object> sampleRowIds) {
    /** No rows. */
    public static final RowSet EMPTY = new RowSet(0, List.of());

    public RowSet {
        sampleRowIds = List.copyOf(sampleRowIds);
        if (count < sampleRowIds.size()) {
            throw new IllegalArgumentException("count " + count + " < " + sampleRowIds.size() + " sample ids");
        }
    }

    /** Whether there are no rows. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether the sample holds every row, so it can be used as an exact selection. */
    public boolean complete() {
        return sampleRowIds.size() == count;
    }
}
