package org.safemerge.report;

import java.util.List;

/**
 * Link rows (join table or element collection) of {@code from} move to {@code to}: added to the survivor, removed
 * from the duplicate. Identical links were removed by a {@link SkipDuplicateLinks} step first, so set-semantics keys
 * never collide. The linked entities are never touched. Immutable and thread-safe, like every step.
 *
 * @param reference the reference key
 * @param table the table holding the rows
 * @param from the record the rows point at before the step
 * @param to the survivor
 * @param selection which rows
 * @param expectedRows how many rows are expected to change
 * @param sampleRowIds some of their row ids, ascending
 */
public record MoveLinks(String reference, String table, Object from, Object to, RowSelection selection,
        long expectedRows, List<Object> sampleRowIds) implements RowStep {
    public MoveLinks {
        sampleRowIds = List.copyOf(sampleRowIds);
    }

    @Override
    public <R> R accept(RowStepVisitor<R> visitor) {
        return visitor.moveLinks(this);
    }

    @Override
    public String kind() {
        return "MOVE_LINKS";
    }
}
