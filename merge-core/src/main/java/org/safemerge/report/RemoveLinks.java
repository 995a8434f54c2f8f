package org.safemerge.report;

import java.util.List;

/**
 * Link rows of {@code from} are removed (unassigned); the linked entities are untouched. Immutable and thread-safe,
 * like every step.
 *
 * @param reference the reference key
 * @param table the table holding the rows
 * @param from the record the rows point at before the step
 * @param selection which rows
 * @param expectedRows how many rows are expected to change
 * @param sampleRowIds some of their row ids, ascending
 */
public record RemoveLinks(String reference, String table, Object from, RowSelection selection,
        long expectedRows, List<Object> sampleRowIds) implements RowStep {
    public RemoveLinks {
        sampleRowIds = List.copyOf(sampleRowIds);
    }

    @Override
    public <R> R accept(RowStepVisitor<R> visitor) {
        return visitor.removeLinks(this);
    }

    @Override
    public String kind() {
        return "REMOVE_LINKS";
    }
}
