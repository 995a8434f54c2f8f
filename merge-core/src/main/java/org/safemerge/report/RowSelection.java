package org.safemerge.report;

import java.util.List;

/**
 * Which rows of a reference a step touches: all rows pointing at the step's {@code from} record except
 * {@code except}, or exactly {@code only}. Row ids are values of the reference's row key columns (a single value,
 * or a list for composite keys). Immutable and thread-safe.
 *
 * @param only exactly these rows (null: all rows pointing at {@code from})
 * @param except rows to leave out when {@code only} is null (handled by another step)
 */
public record RowSelection(List<Object> only, List<Object> except) {
    public RowSelection {
        only = only == null ? null : List.copyOf(only);
        except = except == null ? List.of() : List.copyOf(except);
    }

    /** Every row pointing at the record. */
    public static RowSelection all() {
        return new RowSelection(null, List.of());
    }

    /** Every row pointing at the record but these. */
    public static RowSelection allExcept(List<Object> rowIds) {
        return new RowSelection(null, rowIds);
    }

    /** Exactly these rows. */
    public static RowSelection only(List<Object> rowIds) {
        return new RowSelection(rowIds, List.of());
    }

    public boolean isAll() {
        return only == null && except.isEmpty();
    }
}
