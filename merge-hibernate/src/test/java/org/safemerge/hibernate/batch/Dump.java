package org.safemerge.hibernate.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.hibernate.testing.TableDump;
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
        TableDump.of(db).tables().forEach((name, table) -> {
            List<String> rows = new ArrayList<>();
            for (List<String> values : table.rows()) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < values.size(); i++) {
                    row.append(i == 0 ? "" : " ").append(table.columns().get(i)).append('=').append(values.get(i));
                }
                rows.add(row.toString());
            }
            rows.sort(Comparator.naturalOrder());
            tables.put(name, List.copyOf(rows));
        });
        return new Dump(tables);
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
