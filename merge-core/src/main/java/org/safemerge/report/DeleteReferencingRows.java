package org.safemerge.report;

import java.util.List;

/**
 * Referencing entity rows are deleted. Only planned where the caller allowed deletes for this association ({@code
 * allowDelete()}) and the rows must leave but cannot be unassigned (NOT NULL FK, orphanRemoval). Immutable and
 * thread-safe, like every step.
 *
 * @param reference the reference key
 * @param table the table holding the rows
 * @param from the record the rows point at before the step
 * @param selection which rows
 * @param expectedRows how many rows are expected to change
 * @param sampleRowIds some of their row ids, ascending
 */
public record DeleteReferencingRows(String reference, String table, Object from, RowSelection selection,
        long expectedRows, List<Object> sampleRowIds) implements RowStep {
    public DeleteReferencingRows {
        sampleRowIds = List.copyOf(sampleRowIds);
    }

    @Override
    public <R> R accept(RowStepVisitor<R> visitor) {
        return visitor.deleteReferencingRows(this);
    }

    @Override
    public String kind() {
        return "DELETE_REFERENCING_ROWS";
    }
}
