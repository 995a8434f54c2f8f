package org.safemerge.spi;

import java.util.List;

/**
 * Rows of a reference that match a condition: their exact count, the first row ids in ascending order, and a
 * digest of all their ids. Immutable and thread-safe.
 *
 * @param count how many rows
 * @param sampleRowIds the first ids (at most the requested limit), ascending
 * @param digest an order-independent digest of the ids of all {@code count} rows, computed by the store (in the
 *               database, in the statement that counts them, so that no id list is held in memory); equal sets of
 *               ids give equal digests, and a store should make a different set give a different digest with high
 *               probability. Null when the store computes none (the plan's fingerprint then covers the count and
 *               the sample only). Opaque: compared, never parsed
 */
public record RowSet(long count, List<Object> sampleRowIds, String digest) {
    /** No rows. */
    public static final RowSet EMPTY = new RowSet(0, List.of());

    public RowSet {
        sampleRowIds = List.copyOf(sampleRowIds);
        if (count < sampleRowIds.size()) {
            throw new IllegalArgumentException("count " + count + " < " + sampleRowIds.size() + " sample ids");
        }
    }

    /** Rows without a digest. */
    public RowSet(long count, List<Object> sampleRowIds) {
        this(count, sampleRowIds, null);
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
