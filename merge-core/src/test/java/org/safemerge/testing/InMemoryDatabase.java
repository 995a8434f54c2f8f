package org.safemerge.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.UniqueKey;

/**
 * A tiny relational database for tests: tables of rows ({@code column -> value} maps) with primary keys, NOT NULL
 * columns, unique constraints and foreign keys with their ON DELETE rule. {@link #check()} enforces every
 * constraint, so a plan that would break one fails the test instead of passing silently. The schema can be derived
 * from an {@link AssociationGraph} ({@link #of(AssociationGraph)}) and extended by hand.
 *
 * <p>Values are stored as given; keys and ids are compared with small integers as {@code Long} (so {@code 1} and
 * {@code 1L} are the same id). Not thread-safe.
 */
public final class InMemoryDatabase {
    /** The discriminator column of entity tables that hold several types of one hierarchy. */
    public static final String TYPE_COLUMN = "dtype";

    private final Map<String, Table> tables = new TreeMap<>();
    private long nextRowNumber = 1;

    /** An empty database without tables. */
    public InMemoryDatabase() {
    }

    /**
     * A database whose schema follows the graph: a table per entity hierarchy (primary key = id columns, NOT NULL
     * for non-nullable basic attributes), and per reference its table, NOT NULL / unique / primary key as the
     * reference says, and a foreign key to the target's table unless flagged {@code NO_DATABASE_CONSTRAINT}.
     */
    public static InMemoryDatabase of(AssociationGraph graph) {
        InMemoryDatabase db = new InMemoryDatabase();
        for (EntityType type : graph.entities()) {
            if (type.superType() != null) {
                continue;
            }
            db.table(type.table(), type.idColumns().toArray(String[]::new));
            for (EntityAttribute attribute : type.attributes()) {
                boolean plain = attribute.kind() == AttributeKind.BASIC || attribute.kind() == AttributeKind.VERSION;
                if (plain && !attribute.nullable()) {
                    db.notNull(type.table(), attribute.name());
                }
            }
        }
        for (InboundReference reference : graph.references()) {
            List<String> key = new ArrayList<>();
            if (reference.kind().isLink()) {
                if (reference.unique()) {
                    key.addAll(reference.columns());
                    key.addAll(reference.rowKeyColumns());
                }
            } else {
                key.addAll(reference.rowKeyColumns());
            }
            if (!db.tables.containsKey(reference.table())) {
                db.table(reference.table(), key.toArray(String[]::new));
            }
            String[] columns = reference.columns().toArray(String[]::new);
            if (!reference.nullable()) {
                db.notNull(reference.table(), columns);
            }
            if (reference.unique() && !reference.kind().isLink()) {
                db.unique(reference.table(), columns);
            }
            if (!reference.has(ReferenceFlag.NO_DATABASE_CONSTRAINT)) {
                EntityType target = graph.root(graph.entity(reference.targetEntity()).orElseThrow());
                db.foreignKey(reference.table(), reference.columns(), target.table(), target.idColumns(),
                        reference.onDelete());
            }
        }
        for (UniqueKey key : graph.uniqueKeys()) {
            if (key.inCatalog()) {
                db.table(key.table());
                db.uniqueWhere(key.table(), key.predicate(), key.columns().toArray(String[]::new));
            }
        }
        return db;
    }

    /** Declares a table with its primary key columns (none: rows have no key). Existing tables are kept. */
    public InMemoryDatabase table(String name, String... primaryKey) {
        tables.putIfAbsent(name, new Table(name, List.of(primaryKey)));
        return this;
    }

    public InMemoryDatabase notNull(String table, String... columns) {
        table(table).notNull.addAll(List.of(columns));
        return this;
    }

    /** A unique constraint; rows with a NULL in one of the columns do not take part (as in SQL). */
    public InMemoryDatabase unique(String table, String... columns) {
        return uniqueWhere(table, null, columns);
    }

    /**
     * A partial unique index: only rows matching {@code predicate} take part. Predicates this database evaluates:
     * {@code column is null}, {@code column is not null} (null: every row).
     */
    public InMemoryDatabase uniqueWhere(String table, String predicate, String... columns) {
        matches(predicate, Map.of()); // refuses a predicate it cannot evaluate, now
        table(table).uniques.add(new Unique(List.of(columns), predicate));
        return this;
    }

    /** Whether a row's values match a unique index's predicate (see {@link #uniqueWhere}). */
    static boolean matches(String predicate, Map<String, Object> values) {
        if (predicate == null) {
            return true;
        }
        String[] words = predicate.trim().replaceAll("[()]", " ").trim().split("\\s+");
        if (words.length == 3 && words[1].equalsIgnoreCase("is") && words[2].equalsIgnoreCase("null")) {
            return values.get(words[0]) == null;
        }
        if (words.length == 4 && words[1].equalsIgnoreCase("is") && words[2].equalsIgnoreCase("not")
                && words[3].equalsIgnoreCase("null")) {
            return values.get(words[0]) != null;
        }
        throw new IllegalArgumentException("the in-memory database cannot evaluate the predicate '" + predicate
                + "'; use 'column is null' or 'column is not null'");
    }

    public InMemoryDatabase foreignKey(String table, List<String> columns, String targetTable,
            List<String> targetColumns, OnDeleteRule onDelete) {
        table(table).foreignKeys.add(new ForeignKey(table, List.copyOf(columns), targetTable,
                List.copyOf(targetColumns), onDelete));
        return this;
    }

    /** Inserts a row: {@code insert("task", "id", 1, "event_id", 2)}. Missing columns are NULL. Not checked yet. */
    public InMemoryDatabase insert(String table, Object... columnValuePairs) {
        if (columnValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("insert needs column/value pairs");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnValuePairs.length; i += 2) {
            values.put((String) columnValuePairs[i], columnValuePairs[i + 1]);
        }
        table(table).rows.add(new Row(nextRowNumber++, values));
        return this;
    }

    /** Sets values of the row with this primary key: {@code update("event", 1, "note", "x", "capacity", 3)}. */
    public InMemoryDatabase update(String table, Object primaryKey, Object... columnValuePairs) {
        Table t = table(table);
        Row row = t.rows.stream().filter(r -> same(t.key(r), primaryKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + primaryKey + " in " + table));
        for (int i = 0; i < columnValuePairs.length; i += 2) {
            row.values.put((String) columnValuePairs[i], columnValuePairs[i + 1]);
        }
        return this;
    }

    /** Copies of the rows of a table, in insertion order. */
    public List<Map<String, Object>> rows(String table) {
        return table(table).rows.stream().map(r -> (Map<String, Object>) new LinkedHashMap<>(r.values)).toList();
    }

    /** Copies of the rows whose {@code column} equals {@code value}. */
    public List<Map<String, Object>> rowsWhere(String table, String column, Object value) {
        return rows(table).stream().filter(r -> same(r.get(column), value)).toList();
    }

    /** The row with this primary key (a single value, or a list for composite keys). */
    public Optional<Map<String, Object>> row(String table, Object primaryKey) {
        Table t = table(table);
        return t.rows.stream().filter(r -> same(t.key(r), primaryKey)).findFirst()
                .map(r -> new LinkedHashMap<>(r.values));
    }

    /** One value of the row with this primary key. */
    public Object value(String table, Object primaryKey, String column) {
        return row(table, primaryKey).orElseThrow(() -> new IllegalArgumentException("no row " + primaryKey
                + " in " + table)).get(column);
    }

    public int count(String table) {
        return table(table).rows.size();
    }

    /** A deep copy of every table, to compare with or to restore. */
    public Snapshot snapshot() {
        Map<String, List<Row>> copy = new TreeMap<>();
        tables.forEach((name, t) -> copy.put(name, t.rows.stream().map(Row::copy).toList()));
        return new Snapshot(copy);
    }

    /** Puts every table back as it was in the snapshot (the schema stays). */
    public void restore(Snapshot snapshot) {
        snapshot.tables.forEach((name, rows) -> {
            Table t = table(name);
            t.rows.clear();
            rows.forEach(r -> t.rows.add(r.copy()));
        });
    }

    /**
     * What changed since {@code before}, one line per change, sorted: {@code task[3].event_id: 2 -> 1},
     * {@code - event[2] {...}}, {@code + event_tags[..] {...}}. Rows are followed by identity, so an updated join
     * row shows as an update.
     */
    public List<String> changesSince(Snapshot before) {
        List<String> changes = new ArrayList<>();
        for (Table t : tables.values()) {
            Map<Long, Row> old = new LinkedHashMap<>();
            before.tables.getOrDefault(t.name, List.of()).forEach(r -> old.put(r.number, r));
            for (Row now : t.rows) {
                Row was = old.remove(now.number);
                if (was == null) {
                    changes.add("+ " + t.name + "[" + t.label(now) + "] " + now.values);
                    continue;
                }
                Set<String> columns = new java.util.TreeSet<>(was.values.keySet());
                columns.addAll(now.values.keySet());
                for (String column : columns) {
                    if (!Objects.equals(was.values.get(column), now.values.get(column))) {
                        changes.add(t.name + "[" + t.label(was) + "]." + column + ": " + was.values.get(column)
                                + " -> " + now.values.get(column));
                    }
                }
            }
            old.values().forEach(r -> changes.add("- " + t.name + "[" + t.label(r) + "] " + r.values));
        }
        changes.sort(Comparator.naturalOrder());
        return changes;
    }

    /** Enforces every constraint; throws {@link ConstraintViolation} naming the first broken one. */
    public void check() {
        for (Table t : tables.values()) {
            Set<Object> keys = new HashSet<>();
            Map<Unique, Set<Object>> uniqueValues = new LinkedHashMap<>();
            for (Row row : t.rows) {
                if (!t.primaryKey.isEmpty()) {
                    for (String column : t.primaryKey) {
                        if (row.values.get(column) == null) {
                            throw new ConstraintViolation("NULL in primary key column " + t.name + "." + column
                                    + " of " + row.values);
                        }
                    }
                    if (!keys.add(t.key(row))) {
                        throw new ConstraintViolation("duplicate primary key " + t.key(row) + " in " + t.name);
                    }
                }
                for (String column : t.notNull) {
                    if (row.values.get(column) == null) {
                        throw new ConstraintViolation("NOT NULL " + t.name + "." + column + " violated by "
                                + row.values);
                    }
                }
                for (Unique unique : t.uniques) {
                    List<Object> values = valuesOf(row, unique.columns);
                    if (!values.contains(null) && matches(unique.predicate, row.values)
                            && !uniqueValues.computeIfAbsent(unique, k -> new HashSet<>()).add(values)) {
                        throw new ConstraintViolation("unique " + t.name + unique.columns + " violated by " + values);
                    }
                }
                for (ForeignKey fk : t.foreignKeys) {
                    List<Object> values = valuesOf(row, fk.columns);
                    if (!values.contains(null) && !table(fk.targetTable).has(fk.targetColumns, values)) {
                        throw new ConstraintViolation("foreign key " + t.name + fk.columns + " -> "
                                + fk.targetTable + fk.targetColumns + " violated: " + values + " does not exist");
                    }
                }
            }
        }
    }

    // ---- used by the executor ----

    List<Row> live(String table) {
        return table(table).rows;
    }

    Object keyOf(String table, Row row) {
        return table(table).key(row);
    }

    /**
     * Deletes rows and applies the ON DELETE rules of foreign keys that point at them (as a database would). Like a
     * statement inside a transaction, a refused delete may leave partial changes for the rollback to undo.
     */
    void delete(String table, Collection<Row> doomed) {
        Table t = table(table);
        List<Row> gone = new ArrayList<>(doomed);
        t.rows.removeAll(gone);
        for (Table other : tables.values()) {
            for (ForeignKey fk : other.foreignKeys) {
                if (!fk.targetTable.equals(table)) {
                    continue;
                }
                Set<List<Object>> deletedKeys = new HashSet<>();
                gone.forEach(r -> deletedKeys.add(valuesOf(r, fk.targetColumns)));
                List<Row> referencing = other.rows.stream()
                        .filter(r -> deletedKeys.contains(valuesOf(r, fk.columns))).toList();
                if (referencing.isEmpty()) {
                    continue;
                }
                if (fk.onDelete == OnDeleteRule.CASCADE) {
                    delete(other.name, referencing);
                } else if (fk.onDelete == OnDeleteRule.SET_NULL) {
                    referencing.forEach(r -> fk.columns.forEach(c -> r.values.put(c, null)));
                } else {
                    throw new ConstraintViolation("cannot delete from " + table + ": " + referencing.size()
                            + " row(s) of " + other.name + fk.columns + " still reference it (ON DELETE "
                            + fk.onDelete + ")");
                }
            }
        }
    }

    /** Rows of any table that reference a row of {@code table} through a declared foreign key. */
    List<String> referencesTo(String table, Row row) {
        List<String> found = new ArrayList<>();
        for (Table other : tables.values()) {
            for (ForeignKey fk : other.foreignKeys) {
                if (fk.targetTable.equals(table)) {
                    List<Object> key = valuesOf(row, fk.targetColumns);
                    other.rows.stream().filter(r -> r != row && valuesOf(r, fk.columns).equals(key))
                            .forEach(r -> found.add(other.name + fk.columns + " " + r.values));
                }
            }
        }
        return found;
    }

    private Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name + "; tables: " + tables.keySet());
        }
        return t;
    }

    private static List<Object> valuesOf(Row row, List<String> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        columns.forEach(c -> values.add(norm(row.values.get(c))));
        return values;
    }

    /** Small integers as Long, lists element by element: how ids are compared everywhere here. */
    static Object norm(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(InMemoryDatabase::norm).toList();
        }
        return value;
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(norm(a), norm(b));
    }

    /** Ascending order of row ids: comparable values by value, lists element by element, others by text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<Object> ROW_ID_ORDER = new Comparator<>() {
        @Override
        public int compare(Object a, Object b) {
            Object x = norm(a);
            Object y = norm(b);
            if (x instanceof List<?> l && y instanceof List<?> m) {
                for (int i = 0; i < Math.min(l.size(), m.size()); i++) {
                    int c = compare(l.get(i), m.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(l.size(), m.size());
            }
            if (x instanceof Comparable && x.getClass() == y.getClass()) {
                return ((Comparable) x).compareTo(y);
            }
            return String.valueOf(x).compareTo(String.valueOf(y));
        }
    };

    /** A broken constraint: what a real database would refuse. */
    public static final class ConstraintViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConstraintViolation(String message) {
            super(message);
        }
    }

    /** A deep copy of the data; equal snapshots hold equal rows in equal order. */
    public static final class Snapshot {
        private final Map<String, List<Row>> tables;

        private Snapshot(Map<String, List<Row>> tables) {
            this.tables = tables;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot s && s.tables.equals(tables);
        }

        @Override
        public int hashCode() {
            return tables.hashCode();
        }

        @Override
        public String toString() {
            return tables.toString();
        }
    }

    /** A live row: an identity (insertion number) and mutable values. */
    static final class Row {
        final long number;
        final Map<String, Object> values;

        Row(long number, Map<String, Object> values) {
            this.number = number;
            this.values = values;
        }

        Row copy() {
            return new Row(number, new LinkedHashMap<>(values));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Row r && r.number == number && r.values.equals(values);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(number) * 31 + values.hashCode();
        }

        @Override
        public String toString() {
            return "#" + number + values;
        }
    }

    private record Unique(List<String> columns, String predicate) {
    }

    private record ForeignKey(String table, List<String> columns, String targetTable, List<String> targetColumns,
            OnDeleteRule onDelete) {
    }

    private static final class Table {
        final String name;
        final List<String> primaryKey;
        final Set<String> notNull = new java.util.LinkedHashSet<>();
        final List<Unique> uniques = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();

        Table(String name, List<String> primaryKey) {
            this.name = name;
            this.primaryKey = primaryKey;
        }

        /** The primary key of a row: one value, or a list; null when the table has none. */
        Object key(Row row) {
            return key(row.values);
        }

        Object key(Map<String, Object> values) {
            if (primaryKey.isEmpty()) {
                return null;
            }
            if (primaryKey.size() == 1) {
                return norm(values.get(primaryKey.get(0)));
            }
            return primaryKey.stream().map(c -> norm(values.get(c))).toList();
        }

        boolean has(List<String> columns, List<Object> values) {
            Predicate<Row> match = r -> valuesOf(r, columns).equals(values);
            return rows.stream().anyMatch(match);
        }

        String label(Row row) {
            Object key = key(row);
            return key == null ? "#" + row.number : String.valueOf(key);
        }
    }
}
