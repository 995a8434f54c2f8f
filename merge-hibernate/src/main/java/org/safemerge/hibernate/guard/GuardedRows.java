package org.safemerge.hibernate.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.hibernate.Session;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.hibernate.internal.sql.Jdbc;
import org.safemerge.hibernate.internal.sql.SqlNames;

/**
 * What a {@link DeleteGuard} watches, read straight from the tables (so native SQL, bulk HQL and the database's own
 * ON DELETE cascades are seen too): the key of every row of every entity table and of every table only the catalog
 * knows, and the FK values of every nullable foreign-key reference. Link rows (join tables, element collections)
 * are not watched: removing them is how associations are meant to change.
 */
final class GuardedRows {
    /** A watched table: its rows by key. */
    record Table(String name, String owner, List<String> keyColumns) {
    }

    private final List<Table> tables;
    private final List<InboundReference> foreignKeys;
    private final SqlNames names;

    GuardedRows(AssociationGraph graph, SqlNames names) {
        this.names = names;
        Map<String, Table> byName = new LinkedHashMap<>();
        Map<String, List<String>> owners = new LinkedHashMap<>();
        for (EntityType type : graph.entities()) {
            owners.computeIfAbsent(fold(type.table()), t -> new ArrayList<>()).add(graph.root(type).name());
        }
        for (EntityType type : graph.entities()) {
            byName.computeIfAbsent(fold(type.table()), t -> new Table(type.table(),
                    String.join("/", owners.get(t).stream().distinct().toList()), type.idColumns()));
        }
        for (InboundReference r : graph.references()) {
            if (r.kind() == ReferenceKind.CATALOG_FOREIGN_KEY && !r.rowKeyColumns().isEmpty()) {
                byName.putIfAbsent(fold(r.table()), new Table(r.table(), r.table(), r.rowKeyColumns()));
            }
        }
        this.tables = List.copyOf(byName.values());
        this.foreignKeys = graph.references().stream()
                .filter(r -> !r.kind().isLink() && r.nullable() && !r.rowKeyColumns().isEmpty()).toList();
    }

    List<Table> tables() {
        return tables;
    }

    /** The table a name denotes (ignoring case), or null. */
    Table table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    List<InboundReference> foreignKeys() {
        return foreignKeys;
    }

    /** Reads every watched row now, through the session's connection. */
    Snapshot read(Session session) {
        Jdbc jdbc = new Jdbc(session);
        Map<Table, Map<List<IdKey>, List<Object>>> rows = new HashMap<>();
        for (Table table : tables) {
            List<String> key = names.columns(table.name(), table.keyColumns());
            rows.put(table, read(jdbc, "select " + String.join(", ", key) + " from " + names.table(table.name()),
                    key.size(), 0));
        }
        Map<InboundReference, Map<List<IdKey>, List<Object>>> values = new HashMap<>();
        for (InboundReference r : foreignKeys) {
            List<String> key = names.columns(r.table(), r.rowKeyColumns());
            List<String> fk = names.columns(r.table(), r.columns());
            values.put(r, read(jdbc, "select " + String.join(", ", key) + ", " + String.join(", ", fk) + " from "
                    + names.table(r.table()), key.size(), fk.size()));
        }
        return new Snapshot(rows, values);
    }

    /** Row key (normalized) to the row's key values followed by {@code values} more columns. */
    private static Map<List<IdKey>, List<Object>> read(Jdbc jdbc, String sql, int keyColumns, int values) {
        Map<List<IdKey>, List<Object>> rows = new HashMap<>();
        jdbc.forEachRow(sql, List.of(), keyColumns + values, row -> rows.put(IdKey.of(row, keyColumns),
                Arrays.asList(row)));
        return rows;
    }

    private static String fold(String table) {
        return table.toLowerCase(Locale.ROOT);
    }

    /** The watched rows at one moment. */
    record Snapshot(Map<Table, Map<List<IdKey>, List<Object>>> rows,
            Map<InboundReference, Map<List<IdKey>, List<Object>>> values) {

        /** The rows of {@code table} here that {@code after} no longer has: key to key values. */
        Map<List<IdKey>, List<Object>> deleted(Table table, Snapshot after) {
            Map<List<IdKey>, List<Object>> gone = new LinkedHashMap<>();
            Map<List<IdKey>, List<Object>> now = after.rows.get(table);
            rows.get(table).forEach((key, row) -> {
                if (!now.containsKey(key)) {
                    gone.put(key, row);
                }
            });
            return gone;
        }

        /**
         * The rows of a reference whose FK was set here (every column non-null) and is NULL in {@code after}
         * (a row still there; for a composite FK, any of its columns): key to the row before (key values, then FK values).
         */
        Map<List<IdKey>, List<Object>> nulled(InboundReference reference, Snapshot after) {
            Map<List<IdKey>, List<Object>> nulled = new LinkedHashMap<>();
            int keys = reference.rowKeyColumns().size();
            Map<List<IdKey>, List<Object>> now = after.values.get(reference);
            values.get(reference).forEach((key, row) -> {
                List<Object> later = now.get(key);
                if (later != null && row.subList(keys, row.size()).stream().allMatch(Objects::nonNull)
                        && later.subList(keys, later.size()).stream().anyMatch(Objects::isNull)) {
                    nulled.put(key, row);
                }
            });
            return nulled;
        }
    }
}
