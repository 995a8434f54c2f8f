package org.safemerge.hibernate.batch;

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
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Every row of every table of the test schema, each rendered as text ({@code column=value}) and sorted: two dumps are
 * equal exactly when the tables hold the same rows.
 *
 * @param tables by lower-case table name, the sorted rows
 */
record Dump(Map<String, List<String>> tables) {

    static Dump of(TestDatabase db) {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = db.connect()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String name : names) {
                tables.put(name.toLowerCase(Locale.ROOT), read(c, name));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not dump " + db + ": " + e.getMessage(), e);
        }
        return new Dump(tables);
    }

    private static List<String> read(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table)) {
            int count = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= count; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT))
                            .append('=').append(rs.getObject(i));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(Comparator.naturalOrder());
        return List.copyOf(rows);
    }

    List<String> table(String name) {
        List<String> rows = tables.get(name.toLowerCase(Locale.ROOT));
        if (rows == null) {
            throw new IllegalArgumentException("no table " + name + " in " + tables.keySet());
        }
        return rows;
    }

    /** Rows per table. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        tables.forEach((table, rows) -> counts.put(table, rows.size()));
        return counts;
    }
}
