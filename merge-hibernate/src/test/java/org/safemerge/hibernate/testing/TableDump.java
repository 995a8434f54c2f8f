package org.safemerge.hibernate.testing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a test schema, each row rendered as text and sorted: two dumps are equal exactly when
 * the databases hold the same rows. Table and column names are lower case whatever the database reports.
 *
 * @param tables by table name: the column names and the sorted rows
 */
public record TableDump(Map<String, Table> tables) {

    /** One table: its columns in order and its rows (values as text, {@code null} for SQL NULL), sorted. */
    public record Table(List<String> columns, List<List<String>> rows) {
        public Table {
            columns = List.copyOf(columns);
            List<List<String>> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparing(Object::toString));
            rows = java.util.Collections.unmodifiableList(sorted);
        }

        public int column(String name) {
            int index = columns.indexOf(name.toLowerCase(Locale.ROOT));
            if (index < 0) {
                throw new IllegalArgumentException("no column " + name + " in " + columns);
            }
            return index;
        }
    }

    public static TableDump of(TestDatabase db) {
        Map<String, Table> tables = new TreeMap<>();
        try (Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            String quote = meta.getIdentifierQuoteString().trim();
            for (String name : names) {
                // quoted, so that names with a space, reserved words and mixed case read too
                tables.put(name.toLowerCase(Locale.ROOT), read(c, quote + name + quote));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not dump " + db + ": " + e.getMessage(), e);
        }
        return new TableDump(tables);
    }

    private static Table read(Connection c, String quotedName) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + quotedName)) {
            int count = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                columns.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(count);
                for (int i = 1; i <= count; i++) {
                    Object value = rs.getObject(i);
                    row.add(value == null ? null : value.toString());
                }
                rows.add(row);
            }
            return new Table(columns, rows);
        }
    }

    public Table table(String name) {
        Table table = tables.get(name.toLowerCase(Locale.ROOT));
        if (table == null) {
            throw new IllegalArgumentException("no table " + name + " in " + tables.keySet());
        }
        return table;
    }

    /** This dump with {@code column} of {@code table} changed from {@code from} to {@code to} in every row. */
    public TableDump replacing(String table, String column, Object from, Object to) {
        Table t = table(table);
        int index = t.column(column);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : t.rows()) {
            List<String> changed = new ArrayList<>(row);
            if (String.valueOf(from).equals(row.get(index))) {
                changed.set(index, to == null ? null : String.valueOf(to));
            }
            rows.add(changed);
        }
        return with(table, new Table(t.columns(), rows));
    }

    /** This dump without the rows of {@code table} whose {@code column} equals {@code value}. */
    public TableDump removing(String table, String column, Object value) {
        Table t = table(table);
        int index = t.column(column);
        List<List<String>> rows = t.rows().stream().filter(r -> !String.valueOf(value).equals(r.get(index))).toList();
        return with(table, new Table(t.columns(), rows));
    }

    /** This dump without a table (asserted separately, e.g. because a version column changed). */
    public TableDump without(String table) {
        Map<String, Table> copy = new TreeMap<>(tables);
        copy.remove(table.toLowerCase(Locale.ROOT));
        return new TableDump(copy);
    }

    private TableDump with(String table, Table replacement) {
        Map<String, Table> copy = new TreeMap<>(tables);
        copy.put(table.toLowerCase(Locale.ROOT), replacement);
        return new TableDump(copy);
    }

    /**
     * What an undo must give back: every table but the journal's (named with {@code journalPrefix}), without its
     * {@code version} column (undo bumps versions, never rewinds them), rows in a stable order.
     */
    public java.util.Map<String, List<List<String>>> undoComparable(String journalPrefix) {
        java.util.Map<String, List<List<String>>> comparable = new java.util.TreeMap<>();
        tables.forEach((name, table) -> {
            if (name.startsWith(journalPrefix)) {
                return;
            }
            int version = table.columns().indexOf("version");
            List<List<String>> rows = new java.util.ArrayList<>();
            for (List<String> row : table.rows()) {
                List<String> copy = new java.util.ArrayList<>(row);
                if (version >= 0) {
                    copy.remove(version);
                }
                rows.add(copy);
            }
            rows.sort(java.util.Comparator.comparing(Object::toString));
            comparable.put(name, rows);
        });
        return comparable;
    }
}
