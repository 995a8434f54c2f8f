package org.safemerge.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row found by an integrity scan whose reference columns point at no row of the target. Immutable (lists are
 * copied; a null value stays null).
 *
 * @param rowKey the values of the row's key ({@link InboundReference#rowKeyColumns()}), in order; empty when the
 *               table has no key
 * @param value the values of the reference's columns: the id (or key) of the missing target
 */
public record DanglingRow(List<Object> rowKey, List<Object> value) {
    public DanglingRow {
        rowKey = Collections.unmodifiableList(new ArrayList<>(rowKey));
        value = Collections.unmodifiableList(new ArrayList<>(value));
    }

    @Override
    public String toString() {
        return (rowKey.isEmpty() ? "row" : "row " + shown(rowKey)) + " -> " + shown(value);
    }

    private static String shown(List<Object> values) {
        return values.size() == 1 ? String.valueOf(values.get(0)) : values.toString();
    }
}
