package org.safemerge.hibernate.internal.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.RowSelection;

/**
 * The SQL fragments of one reference, every identifier quoted: the FK condition, row selections and the
 * identical-link test. Values bound against the FK are what the rows hold: a record's id, or, for a reference by
 * another unique key ({@code InboundReference.targetColumns}), the record's value of that key (the executor
 * translates). Written in the subset of SQL that the supported databases share (row-value IN lists; a
 * derived table where MariaDB forbids a subquery on the table being changed).
 */
public final class ReferenceSql {
    public final InboundReference reference;
    /** The referencing table, quoted. */
    public final String table;
    /** The FK column, quoted. */
    public final String fk;
    /** The row key columns, quoted; empty for a table without a key. */
    public final List<String> rowKey;
    /** The order column of an ordered collection, quoted; null if none. */
    public final String orderColumn;
    public final SqlDialect dialect;
    private final SqlNames names;

    public ReferenceSql(InboundReference reference, SqlNames names) {
        if (reference.columns().size() != 1) {
            throw new MergeException(MergeErrorCode.UNSUPPORTED_MAPPING, reference.key() + " points at a composite "
                    + "key (" + String.join(", ", reference.columns()) + "); merging entities with composite ids is "
                    + "not supported yet");
        }
        this.reference = reference;
        this.names = names;
        this.dialect = names.dialect();
        this.table = names.table(reference.table());
        this.fk = names.column(reference.table(), reference.columns().get(0));
        this.rowKey = names.columns(reference.table(), reference.rowKeyColumns());
        this.orderColumn = reference.orderColumn() == null ? null
                : names.column(reference.table(), reference.orderColumn());
    }

    public boolean hasRowKey() {
        return !rowKey.isEmpty();
    }

    public String rowKeyList() {
        return String.join(", ", rowKey);
    }

    /** The row key columns, each prefixed with {@code alias.}. */
    public String rowKeyList(String alias) {
        return String.join(", ", rowKey.stream().map(c -> alias + "." + c).toList());
    }

    private String rowKeyExpression() {
        return rowKey.size() == 1 ? rowKey.get(0) : "(" + rowKeyList() + ")";
    }

    /** A WHERE condition with its parameters. */
    public record Condition(String sql, List<Object> params) {
    }

    /** Rows holding {@code from} (a record's id or key value), narrowed by the selection (of row keys). */
    public Condition rows(Object from, RowSelection selection) {
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
    public Condition identical(Object from, List<Object> owners) {
        List<Object> params = new ArrayList<>();
        params.add(from);
        params.addAll(owners);
        String sql = fk + " = ? and " + rowKeyExpression() + " in (select " + rowKeyList() + " from (select "
                + rowKeyList() + " from " + table + " where " + fk + " in (" + SqlDialect.placeholders(owners.size())
                + ")) sm_existing)";
        return new Condition(sql, params);
    }

    /**
     * Rows of the duplicates in the map {@code sm_map(sm_d, sm_s)} whose link their survivor has too; parameters:
     * the duplicates, then the map's pairs. Unqualified outside the subquery, so that it serves a single-table
     * SELECT and DELETE alike. Correlated ({@code EXISTS}) where the dialect allows it (H2 answers a row-value
     * {@code IN} over a parameterized {@code VALUES} list wrongly, 2.3.232); otherwise a row-value {@code IN} over a
     * derived table.
     */
    public String identicalToSurvivors(int duplicates) {
        String map = dialect.map(duplicates);
        String in = fk + " in (" + SqlDialect.placeholders(duplicates) + ") and ";
        if (dialect.correlatedIdenticalTest()) {
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

    /**
     * Pairs of rows that conflict on a unique key once re-pointed: a self-join of the table between the rows of the
     * duplicates and the rows of the survivor and the duplicates, on equal values of the key's other columns (SQL
     * equality: NULLs never match, as in a unique key), both inside a partial key's condition. Selects the
     * duplicate's FK and row key, the other row's FK and row key, then the shared values, ordered by the duplicate's
     * FK and row key. Parameters: the duplicates, then the survivor and the duplicates.
     *
     * @param otherColumns the key's columns other than the FK, as the graph spells them
     * @param predicate the condition of a partial key as the database reports it, or null
     * @param duplicates how many duplicates
     */
    public String conflicts(List<String> otherColumns, String predicate, int duplicates) {
        StringBuilder select = new StringBuilder("select " + fk + " as sm_fk");
        StringBuilder pairs = new StringBuilder("select sm_d.sm_fk");
        StringBuilder other = new StringBuilder(", sm_o.sm_fk");
        StringBuilder values = new StringBuilder();
        StringBuilder join = new StringBuilder();
        StringBuilder order = new StringBuilder("sm_d.sm_fk");
        for (int i = 0; i < rowKey.size(); i++) {
            select.append(", ").append(rowKey.get(i)).append(" as sm_k").append(i);
            pairs.append(", sm_d.sm_k").append(i);
            other.append(", sm_o.sm_k").append(i);
            order.append(", sm_d.sm_k").append(i);
        }
        for (int i = 0; i < otherColumns.size(); i++) {
            select.append(", ").append(names.column(reference.table(), otherColumns.get(i))).append(" as sm_v")
                    .append(i);
            values.append(", sm_d.sm_v").append(i);
            join.append(i == 0 ? " on " : " and ").append("sm_d.sm_v").append(i).append(" = sm_o.sm_v").append(i);
        }
        if (otherColumns.isEmpty()) {
            join.append(" on 1 = 1"); // a partial key over the FK alone: every pair inside it conflicts
        }
        String inKey = predicate == null ? "" : " and (" + predicate + ")";
        return pairs + "" + other + values + " from (" + select + " from " + table + " where " + fk + " in ("
                + SqlDialect.placeholders(duplicates) + ")" + inKey + ") sm_d join (" + select + " from " + table
                + " where " + fk + " in (" + SqlDialect.placeholders(duplicates + 1) + ")" + inKey + ") sm_o" + join
                + " order by " + order;
    }

    /** {@code "a" = ?, "b" = ?}: the given columns of the table (as the graph spells them), quoted, each bound. */
    public String assignments(java.util.Collection<String> graphColumns) {
        return String.join(", ", graphColumns.stream().map(c -> names.column(reference.table(), c) + " = ?")
                .toList());
    }

    /** {@code select count(*)} of the rows matching a condition. */
    public String count(Condition where) {
        return "select count(*) from " + table + " where " + where.sql();
    }

    /** The row keys of the rows matching a condition, in key order, locked. */
    public String lockKeys(Condition where) {
        return "select " + rowKeyList() + " from " + table + " where " + where.sql() + " order by " + rowKeyList()
                + dialect.forUpdate();
    }

    private String placeholders(List<Object> rowIds) {
        String one = rowKey.size() == 1 ? "?" : "(" + SqlDialect.placeholders(rowKey.size()) + ")";
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
