package org.safemerge.report;

import java.util.List;

/**
 * FK rows that point at {@code from} are changed to point at {@code to} (UPDATE of the FK columns). Immutable and
 * thread-safe, like every step.
 *
 * @param reference the reference key
 * @param table the table holding the rows
 * @param from the record the rows point at before the step
 * @param to the survivor
 * @param selection which rows
 * @param expectedRows how many rows are expected to change
 * @param sampleRowIds some of their row ids, ascending
 */
public record RepointReferences(String reference, String table, Object from, Object to, RowSelection selection,
        long expectedRows, List<Object> sampleRowIds) implements RowStep {
    public RepointReferences {
        sampleRowIds = List.copyOf(sampleRowIds);
    }

    @Override
    public <R> R accept(RowStepVisitor<R> visitor) {
        return visitor.repointReferences(this);
    }

    @Override
    public String kind() {
        return "REPOINT_REFERENCES";
    }
}
