package org.safemerge.hibernate.internal.scan;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.sql.SqlNames;

/**
 * The anti-join of one reference against its target, quoted: rows of the referencing table ({@code sm_r}) whose
 * reference columns are all non-null and match no row of the target table ({@code sm_t}). A column that is NULL
 * points at nothing by design (SQL's MATCH SIMPLE: a composite FK with a NULL part is not checked either).
 */
final class DanglingSql {
    private final String table;
    private final String targetTable;
    private final List<String> columns;
    private final List<String> targetColumns;
    private final List<String> rowKey;

    DanglingSql(InboundReference reference, EntityType target, List<String> targetGraphColumns, SqlNames names) {
        this.table = names.table(reference.table());
        this.targetTable = names.table(target.table());
        this.columns = names.columns(reference.table(), reference.columns());
        this.targetColumns = names.columns(target.table(), targetGraphColumns);
        this.rowKey = names.columns(reference.table(), reference.rowKeyColumns());
    }

    /** The quoted single row-key column chunks are cut along, or null when the key is not one column. */
    String chunkColumn() {
        return rowKey.size() == 1 ? rowKey.get(0) : null;
    }

    /** {@code min} and {@code max} of the chunk column. */
    String range() {
        return "select min(" + chunkColumn() + "), max(" + chunkColumn() + ") from " + table;
    }

    /**
     * The dangling rows of a chunk in one pass: each row's key and reference values after the chunk's count of them
     * ({@code count(*) over ()}), unordered. Read with a row limit, it yields the count and a few samples at once;
     * no row means none dangles.
     */
    String countAndSample(String chunk) {
        List<String> select = new ArrayList<>();
        select.add("count(*) over ()");
        rowKey.forEach(c -> select.add("sm_r." + c));
        columns.forEach(c -> select.add("sm_r." + c));
        return "select " + String.join(", ", select) + " " + from(chunk);
    }

    /** The referencing table, quoted. */
    String table() {
        return table;
    }

    int rowKeySize() {
        return rowKey.size();
    }

    int columnCount() {
        return columns.size();
    }

    /** A chunk: {@code lo <= key < hi} (two parameters). */
    String between() {
        return "sm_r." + chunkColumn() + " >= ? and sm_r." + chunkColumn() + " < ?";
    }

    /** The rows a range cannot hold: a NULL key column (a link table's element). */
    String nullKey() {
        return "sm_r." + chunkColumn() + " is null";
    }

    private String from(String chunk) {
        StringBuilder on = new StringBuilder();
        StringBuilder notNull = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            on.append(i == 0 ? "" : " and ").append("sm_t.").append(targetColumns.get(i)).append(" = sm_r.")
                    .append(columns.get(i));
            notNull.append("sm_r.").append(columns.get(i)).append(" is not null and ");
        }
        return "from " + table + " sm_r left join " + targetTable + " sm_t on " + on + " where " + notNull
                + "sm_t." + targetColumns.get(0) + " is null" + (chunk == null ? "" : " and " + chunk);
    }
}
