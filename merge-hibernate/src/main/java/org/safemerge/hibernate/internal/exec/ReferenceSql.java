package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.RowSelection;

/**
 * The SQL fragments for one reference: the FK condition, row selections and the identical-link test. Written in the
 * subset of SQL that H2, PostgreSQL and MariaDB share (row-value IN lists; a derived table where MariaDB forbids a
 * subquery on the table being changed).
 */
final class ReferenceSql {
    final InboundReference reference;
    final String table;
    final String fk;
    final List<String> rowKey;

    ReferenceSql(InboundReference reference) {
        if (reference.columns().size() != 1) {
            throw new MergeException(MergeErrorCode.UNSUPPORTED_MAPPING, reference.key() + " points at a composite "
                    + "key (" + String.join(", ", reference.columns()) + "); merging entities with composite ids is "
                    + "not supported yet");
        }
        this.reference = reference;
        this.table = reference.table();
        this.fk = reference.columns().get(0);
        this.rowKey = reference.rowKeyColumns();
    }

    boolean hasRowKey() {
        return !rowKey.isEmpty();
    }

    String rowKeyList() {
        return String.join(", ", rowKey);
    }

    private String rowKeyExpression() {
        return rowKey.size() == 1 ? rowKey.get(0) : "(" + rowKeyList() + ")";
    }

    /** A WHERE condition with its parameters. */
    record Condition(String sql, List<Object> params) {
    }

    /** Rows pointing at {@code from}, narrowed by the selection. */
    Condition rows(Object from, RowSelection selection) {
        StringBuilder sql = new StringBuilder(fk).append(" = ?");
        List<Object> params = new ArrayList<>();
        params.add(from);
        if (selection.only() != null) {
            if (selection.only().isEmpty()) {
                sql.append(" and 1 = 0");
            } else {
                sql.append(" and ").append(rowKeyExpression()).append(" in (").append(placeholders(selection.only()))
                        .append(')');
                addRowIds(params, selection.only());
            }
        } else if (!selection.except().isEmpty()) {
            sql.append(" and ").append(rowKeyExpression()).append(" not in (").append(placeholders(selection.except()))
                    .append(')');
            addRowIds(params, selection.except());
        }
        return new Condition(sql.toString(), params);
    }

    /** Rows of {@code from} whose link (row key columns) also exists for one of {@code owners}. */
    Condition identical(Object from, List<Object> owners) {
        List<Object> params = new ArrayList<>();
        params.add(from);
        params.addAll(owners);
        String sql = fk + " = ? and " + rowKeyExpression() + " in (select " + rowKeyList() + " from (select "
                + rowKeyList() + " from " + table + " where " + fk + " in (" + String.join(", ",
                Collections.nCopies(owners.size(), "?")) + ")) sm_existing)";
        return new Condition(sql, params);
    }

    /** {@code ?, ?, ...}: {@code count} parameters. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /**
     * Rows of the duplicates in the map {@code sm_map(sm_d, sm_s)} whose link their survivor has too; parameters:
     * the duplicates, then the map's pairs. Unqualified outside the subquery, so that it serves a single-table
     * SELECT and DELETE alike.
     *
     * @param correlated {@code EXISTS} against the table itself (H2 answers a row-value {@code IN} over a
     *                   parameterized {@code VALUES} list wrongly, 2.3.232); otherwise a row-value {@code IN} over
     *                   a derived table (MariaDB may not read the table it deletes from in a correlated subquery)
     */
    String identicalToSurvivors(int duplicates, String map, boolean correlated) {
        String in = fk + " in (" + placeholders(duplicates) + ") and ";
        if (correlated) {
            StringBuilder same = new StringBuilder();
            for (String column : rowKey) {
                same.append(" and sm_e.").append(column).append(" = ").append(table).append('.').append(column);
            }
            return in + "exists (select 1 from " + table + " sm_e join " + map + " on sm_e." + fk + " = sm_map.sm_s"
                    + " where sm_map.sm_d = " + table + "." + fk + same + ")";
        }
        StringBuilder keys = new StringBuilder();
        StringBuilder outer = new StringBuilder("sm_d");
        for (int i = 0; i < rowKey.size(); i++) {
            keys.append(", sm_e.").append(rowKey.get(i)).append(" as sm_k").append(i);
            outer.append(", sm_k").append(i);
        }
        return in + "(" + fk + ", " + rowKeyList() + ") in (select " + outer + " from (select sm_map.sm_d as sm_d"
                + keys + " from " + table + " sm_e join " + map + " on sm_e." + fk + " = sm_map.sm_s) sm_existing)";
    }

    private String placeholders(List<Object> rowIds) {
        String one = rowKey.size() == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(rowKey.size(), "?")) + ")";
        return String.join(", ", Collections.nCopies(rowIds.size(), one));
    }

    private void addRowIds(List<Object> params, List<Object> rowIds) {
        for (Object id : rowIds) {
            if (rowKey.size() == 1) {
                params.add(id);
            } else {
                params.addAll((List<?>) id);
            }
        }
    }
}
