package org.safemerge.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows that point at {@code from} get new values in some of their columns (their FK stays): the losing rows of a
 * unique conflict resolved by {@code ConflictPolicy.keepBoth()}, changed so that they leave the unique key (a key
 * column set to NULL, or a column the condition of a partial key uses). Immutable and thread-safe, like every step
 * (as long as the values are).
 *
 * @param reference the reference key
 * @param table the table holding the rows
 * @param from the record the rows point at before (and after) the step
 * @param selection which rows (always exact: {@link RowSelection#only})
 * @param values the columns set and their values, in order (null values allowed)
 * @param expectedRows how many rows are expected to change
 * @param sampleRowIds some of their row ids, ascending
 */
public record ChangeRows(String reference, String table, Object from, RowSelection selection,
        Map<String, Object> values, long expectedRows, List<Object> sampleRowIds) implements RowStep {
    public ChangeRows {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        sampleRowIds = List.copyOf(sampleRowIds);
    }

    @Override
    public <R> R accept(RowStepVisitor<R> visitor) {
        return visitor.changeRows(this);
    }

    @Override
    public String kind() {
        return "CHANGE_ROWS";
    }
}
