package org.safemerge.report;

import java.util.List;

/**
 * Link rows of {@code from} that {@code to} already has (same row key) are removed, because moving them would
 * duplicate an existing link. Nothing is lost. Executors compare with {@code to}'s rows as they are when the step
 * runs: an earlier duplicate's links have moved to the survivor by then, so they count too. {@code selection}
 * narrows the candidates (the planner passes all of them); the count and sample ids are the identical links.
 * Immutable and thread-safe, like every step.
 *
 * @param reference the reference key
 * @param table the table holding the rows
 * @param from the record the rows point at before the step
 * @param to the survivor
 * @param selection which rows
 * @param expectedRows how many rows are expected to change
 * @param sampleRowIds some of their row ids, ascending
 */
public record SkipDuplicateLinks(String reference, String table, Object from, Object to, RowSelection selection,
        long expectedRows, List<Object> sampleRowIds) implements RowStep {
    public SkipDuplicateLinks {
        sampleRowIds = List.copyOf(sampleRowIds);
    }

    @Override
    public <R> R accept(RowStepVisitor<R> visitor) {
        return visitor.skipDuplicateLinks(this);
    }

    @Override
    public String kind() {
        return "SKIP_DUPLICATE_LINKS";
    }
}
