package org.safemerge.report;

import java.util.List;

/**
 * A unique conflict between a survivor row and a duplicate row of one reference, and how it is resolved. The row
 * changes it implies are the row steps that follow it; this step records the decision and is audited as such;
 * executors change nothing for it. Immutable and thread-safe, like every step.
 *
 * @param reference the reference key
 * @param table the table
 * @param policy the name of the resolution applied ({@code KEEP_A}, {@code MERGE_ROWS}, {@code KEEP_BOTH}, ...)
 * @param survivorRowId the survivor's conflicting row (null for identical links counted in bulk)
 * @param duplicateRowId the duplicate's conflicting row
 * @param resolution what happens, in words
 */
public record ResolveConflict(String reference, String table, String policy, Object survivorRowId,
        Object duplicateRowId, String resolution) implements Step {
    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.resolveConflict(this);
    }

    @Override
    public String kind() {
        return "RESOLVE_CONFLICT";
    }

    @Override
    public String subject() {
        return reference;
    }

    @Override
    public long expectedRows() {
        return 0;
    }

    @Override
    public List<Object> sampleRowIds() {
        return duplicateRowId == null ? List.of() : List.of(duplicateRowId);
    }
}
