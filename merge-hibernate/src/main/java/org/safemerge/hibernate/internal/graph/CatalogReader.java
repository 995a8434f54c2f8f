package org.safemerge.hibernate.internal.graph;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.engine.jdbc.connections.spi.JdbcConnectionAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.graph.OnDeleteRule;

/**
 * Reads foreign keys, primary keys, unique indexes and column nullability through JDBC {@link DatabaseMetaData}, in
 * the schema the factory works in. Names come back as the database stores them (H2 upper-case, PostgreSQL
 * lower-case); callers match them case-insensitively, and ask for a table by its stored name.
 */
final class CatalogReader implements AutoCloseable {

    /** A database FK; {@code qualifier} is the FK table's schema (or catalog) when it is not ours, else null. */
    record ForeignKey(String name, String qualifier, String table, List<String> columns, String targetTable,
            List<String> targetColumns, OnDeleteRule onDelete) {
        /** The table as references show it: qualified only when it lives in another schema. */
        String qualifiedTable() {
            return qualifier == null ? table : qualifier + "." + table;
        }
    }

    /**
     * A unique index (or the index of a unique constraint or primary key) over plain columns, as stored.
     *
     * @param name the index name
     * @param columns its columns in index order
     * @param filter the condition of a partial index (PostgreSQL), or null
     */
    record UniqueIndex(String name, List<String> columns, String filter) {
    }

    /**
     * Any index of a table (primary key, unique, plain), its columns as stored and in index order, cut before the
     * first expression (only plain leading columns can serve a lookup by column).
     */
    record Index(String name, List<String> columns, boolean unique) {
    }

    /**
     * What the catalog says about one table; column names as stored, {@code columns} in their table order.
     * {@code uniqueColumnSets} holds the keys that make their columns unique for every row (not partial ones);
     * {@code uniqueIndexes} every unique index over plain columns, partial ones included (expression indexes are
     * left out: no column to compare).
     */
    record TableInfo(List<String> columns, Map<String, Boolean> nullableByFoldedColumn, List<String> primaryKey,
            Set<String> uniqueColumnSets, List<UniqueIndex> uniqueIndexes) {
        /** Whether every column may be NULL; null when a column is unknown to the catalog. */
        Boolean nullable(List<String> columns) {
            boolean all = true;
            for (String column : columns) {
                Boolean nullable = nullableByFoldedColumn.get(SqlNames.fold(column));
                if (nullable == null) {
                    return null;
                }
                all &= nullable;
            }
            return all;
        }

        boolean unique(List<String> columns) {
            return uniqueColumnSets.contains(SqlNames.foldedColumnSetKey("", columns));
        }
    }

    private final JdbcConnectionAccess access;
    private final Connection connection;
    private final DatabaseMetaData meta;
    private final String catalog;
    private final String schema;
    private final boolean foldsToUpperCase;
    /** Folded name to the stored names, for the tables of our schema (several where they differ only in case). */
    private final Map<String, List<String>> tables = new HashMap<>();
    private final Map<String, TableInfo> described = new HashMap<>();

    private CatalogReader(JdbcConnectionAccess access, Connection connection, SessionFactoryImplementor factory)
            throws SQLException {
        this.access = access;
        this.connection = connection;
        this.meta = connection.getMetaData();
        this.foldsToUpperCase = meta.storesUpperCaseIdentifiers();
        Identifier defaultCatalog = factory.getSqlStringGenerationContext().getDefaultCatalog();
        Identifier defaultSchema = factory.getSqlStringGenerationContext().getDefaultSchema();
        this.catalog = defaultCatalog == null ? connection.getCatalog() : stored(defaultCatalog);
        this.schema = defaultSchema == null ? currentSchema(factory) : stored(defaultSchema);
        try (ResultSet rs = meta.getTables(catalog, pattern(schema), "%", null)) {
            while (rs.next()) {
                String type = rs.getString("TABLE_TYPE");
                if (type != null && type.toUpperCase(Locale.ROOT).contains("TABLE")
                        && !type.toUpperCase(Locale.ROOT).contains("SYSTEM")) {
                    String name = rs.getString("TABLE_NAME");
                    tables.computeIfAbsent(SqlNames.fold(name), n -> new ArrayList<>()).add(name);
                }
            }
        }
    }

    /**
     * The connection's schema. A JDBC wrapper without {@code getSchema()} (Narayana's transactional driver throws)
     * leaves it to the schema Hibernate found when it booted; a real failure of the connection shows at the next read.
     */
    private String currentSchema(SessionFactoryImplementor factory) throws SQLException {
        try {
            return connection.getSchema();
        } catch (SQLException | UnsupportedOperationException | AbstractMethodError notSupported) {
            Identifier booted = factory.getJdbcServices().getJdbcEnvironment().getCurrentSchema();
            return booted == null ? null : stored(booted);
        }
    }

    static CatalogReader open(SessionFactoryImplementor factory) throws SQLException {
        JdbcConnectionAccess access = factory.getJdbcServices().getBootstrapJdbcConnectionAccess();
        Connection connection = access.obtainConnection();
        try {
            return new CatalogReader(access, connection, factory);
        } catch (SQLException | RuntimeException e) {
            access.releaseConnection(connection);
            throw e;
        }
    }

    /**
     * A stored name the mapping does not know, as the graph shows it: a database that folds unquoted names to upper
     * case (H2) shows them lower-case, so keys read the same on every database.
     */
    String display(String storedName) {
        return foldsToUpperCase && storedName.equals(storedName.toUpperCase(Locale.ROOT))
                ? storedName.toLowerCase(Locale.ROOT) : storedName;
    }

    /** The stored names of the tables of our schema named so, ignoring case; empty when there is none. */
    List<String> tablesNamed(String name) {
        return tables.getOrDefault(SqlNames.fold(name), List.of());
    }

    /** Whether our schema has a table of exactly this stored name. */
    private boolean ours(String stored) {
        return tablesNamed(stored).contains(stored);
    }

    /** Every FK that points at one of the given tables (stored names; those the database has), in a stable order. */
    List<ForeignKey> exportedKeys(Collection<String> storedTargets) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        List<String> targets = new ArrayList<>(new HashSet<>(storedTargets));
        targets.sort(Comparator.comparing(SqlNames::fold).thenComparing(Comparator.naturalOrder()));
        for (String stored : targets) {
            if (!ours(stored)) {
                continue;
            }
            Map<String, List<Row>> groups = new LinkedHashMap<>();
            int unnamed = 0;
            try (ResultSet rs = meta.getExportedKeys(catalog, schema, stored)) {
                while (rs.next()) {
                    Row row = new Row(rs.getString("FKTABLE_CAT"), rs.getString("FKTABLE_SCHEM"),
                            rs.getString("FKTABLE_NAME"), rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"),
                            rs.getString("PKCOLUMN_NAME"), rs.getShort("KEY_SEQ"), rs.getShort("DELETE_RULE"),
                            rs.getString("FK_NAME"));
                    if (row.fkName() == null && row.sequence() == 1) {
                        unnamed++;
                    }
                    String group = row.fkCatalog() + "|" + row.fkSchema() + "|" + row.fkTable() + "|"
                            + (row.fkName() == null ? "#" + unnamed : row.fkName());
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(row);
                }
            }
            for (List<Row> rows : groups.values()) {
                rows.sort((a, b) -> Short.compare(a.sequence(), b.sequence()));
                Row first = rows.get(0);
                keys.add(new ForeignKey(first.fkName(), qualifier(first),
                        first.fkTable(), rows.stream().map(Row::fkColumn).toList(), first.pkTable(),
                        rows.stream().map(Row::pkColumn).toList(), rule(first.deleteRule())));
            }
        }
        return keys;
    }

    /**
     * Columns and their nullability (and, with {@code keys}, the primary key and unique indexes) of a table by its
     * stored name; null when our schema has no such table.
     */
    TableInfo describe(String qualifier, String stored, boolean keys) throws SQLException {
        String cat = catalog;
        String sch = schema;
        if (qualifier == null) {
            if (!ours(stored)) {
                return null;
            }
        } else if (schema != null) {
            sch = qualifier;
        } else {
            cat = qualifier;
        }
        String cacheKey = (qualifier == null ? "" : qualifier + ".") + stored;
        TableInfo cached = described.get(cacheKey + "+");
        if (cached == null && !keys) {
            cached = described.get(cacheKey);
        }
        if (cached != null) {
            return cached;
        }
        List<String> columns = new ArrayList<>();
        Map<String, Boolean> nullable = new HashMap<>();
        try (ResultSet rs = meta.getColumns(cat, pattern(sch), pattern(stored), "%")) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
                nullable.put(SqlNames.fold(rs.getString("COLUMN_NAME")),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls);
            }
        }
        List<String> primaryKey = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        List<UniqueIndex> uniqueIndexes = new ArrayList<>();
        if (keys) {
            Map<Short, String> pk = new TreeMap<>();
            try (ResultSet rs = meta.getPrimaryKeys(cat, sch, stored)) {
                while (rs.next()) {
                    pk.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                }
            }
            primaryKey.addAll(pk.values());
            if (!primaryKey.isEmpty()) {
                unique.add(SqlNames.foldedColumnSetKey("", primaryKey));
            }
            uniqueIndexes.addAll(uniqueIndexes(cat, sch, stored, nullable.keySet()));
            uniqueIndexes.stream().filter(index -> index.filter() == null)
                    .forEach(index -> unique.add(SqlNames.foldedColumnSetKey("", index.columns())));
        }
        TableInfo info = new TableInfo(List.copyOf(columns), nullable, List.copyOf(primaryKey), unique,
                List.copyOf(uniqueIndexes));
        described.put(cacheKey + (keys ? "+" : ""), info);
        return info;
    }

    /** The unique indexes of a table over plain columns ({@code foldedColumns}), with their filter if partial. */
    private List<UniqueIndex> uniqueIndexes(String cat, String sch, String stored, Set<String> foldedColumns)
            throws SQLException {
        Map<String, TreeMap<Short, String>> columnsByIndex = new LinkedHashMap<>();
        Map<String, String> filters = new HashMap<>();
        Set<String> expressions = new HashSet<>();
        try (ResultSet rs = meta.getIndexInfo(cat, sch, stored, true, true)) {
            boolean filterColumn = hasColumn(rs, "FILTER_CONDITION");
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || column == null || rs.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                if (!foldedColumns.contains(SqlNames.fold(SqlNames.unquote(column)))) {
                    expressions.add(index); // lower(term): no column to compare row by row
                }
                columnsByIndex.computeIfAbsent(index, n -> new TreeMap<>())
                        .put(rs.getShort("ORDINAL_POSITION"), SqlNames.unquote(column));
                String filter = filterColumn ? rs.getString("FILTER_CONDITION") : null;
                if (filter != null && !filter.isBlank()) {
                    filters.put(index, filter);
                }
            }
        }
        List<UniqueIndex> indexes = new ArrayList<>();
        columnsByIndex.forEach((index, columns) -> {
            if (!expressions.contains(index)) {
                indexes.add(new UniqueIndex(index, List.copyOf(columns.values()), filters.get(index)));
            }
        });
        return indexes;
    }

    /** Every index of a table by its stored name, plain leading columns only; empty when the table is not there. */
    List<Index> indexes(String qualifier, String stored) throws SQLException {
        TableInfo info = describe(qualifier, stored, false);
        if (info == null) {
            return List.of();
        }
        String cat = qualifier == null || schema != null ? catalog : qualifier;
        String sch = qualifier != null && schema != null ? qualifier : schema;
        Map<String, TreeMap<Short, String>> columnsByIndex = new LinkedHashMap<>();
        Map<String, Boolean> uniqueByIndex = new HashMap<>();
        try (ResultSet rs = meta.getIndexInfo(cat, sch, stored, false, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null) {
                    continue;
                }
                String plain = column == null ? null : SqlNames.unquote(column);
                columnsByIndex.computeIfAbsent(index, n -> new TreeMap<>()).put(rs.getShort("ORDINAL_POSITION"),
                        plain != null && info.nullableByFoldedColumn().containsKey(SqlNames.fold(plain)) ? plain
                                : "");
                uniqueByIndex.put(index, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        List<Index> indexes = new ArrayList<>();
        columnsByIndex.forEach((index, columns) -> {
            List<String> leading = new ArrayList<>();
            for (String column : columns.values()) {
                if (column.isEmpty()) {
                    break;
                }
                leading.add(column);
            }
            if (!leading.isEmpty()) {
                indexes.add(new Index(index, List.copyOf(leading), uniqueByIndex.get(index)));
            }
        });
        return indexes;
    }

    private static boolean hasColumn(ResultSet rs, String label) throws SQLException {
        java.sql.ResultSetMetaData columns = rs.getMetaData();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            if (label.equalsIgnoreCase(columns.getColumnLabel(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws SQLException {
        access.releaseConnection(connection);
    }

    private record Row(String fkCatalog, String fkSchema, String fkTable, String fkColumn, String pkTable,
            String pkColumn, short sequence, short deleteRule, String fkName) {
    }

    /**
     * The FK table's qualifier. For an FK table in another database MariaDB's driver (Connector/J 3.5) reports the
     * referenced table's catalog, so a table our schema does not have is looked for where it really is.
     */
    private String qualifier(Row fk) throws SQLException {
        String qualifier = qualifier(fk.fkCatalog(), fk.fkSchema());
        if (qualifier != null || ours(fk.fkTable())) {
            return qualifier;
        }
        try (ResultSet rs = meta.getTables(null, null, pattern(fk.fkTable()), null)) {
            while (rs.next()) {
                String elsewhere = qualifier(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"));
                if (elsewhere != null && importsKey(rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"), fk)) {
                    return elsewhere;
                }
            }
        }
        return null;
    }

    private boolean importsKey(String fkCatalog, String fkSchema, Row fk) throws SQLException {
        try (ResultSet rs = meta.getImportedKeys(fkCatalog, fkSchema, fk.fkTable())) {
            while (rs.next()) {
                if (fk.pkTable().equals(rs.getString("PKTABLE_NAME"))
                        && Objects.equals(fk.fkName(), rs.getString("FK_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private String qualifier(String fkCatalog, String fkSchema) {
        boolean sameCatalog = fkCatalog == null || catalog == null || fkCatalog.equalsIgnoreCase(catalog);
        boolean sameSchema = fkSchema == null || schema == null || fkSchema.equalsIgnoreCase(schema);
        if (sameCatalog && sameSchema) {
            return null;
        }
        return sameSchema ? fkCatalog : fkSchema;
    }

    private static OnDeleteRule rule(short rule) {
        switch (rule) {
            case DatabaseMetaData.importedKeyCascade:
                return OnDeleteRule.CASCADE;
            case DatabaseMetaData.importedKeyRestrict:
                return OnDeleteRule.RESTRICT;
            case DatabaseMetaData.importedKeySetNull:
                return OnDeleteRule.SET_NULL;
            case DatabaseMetaData.importedKeyNoAction:
                return OnDeleteRule.NO_ACTION;
            case DatabaseMetaData.importedKeySetDefault:
                return OnDeleteRule.SET_DEFAULT;
            default:
                return OnDeleteRule.UNKNOWN;
        }
    }

    /** An exact name as a metadata search pattern ({@code _} and {@code %} escaped). */
    private String pattern(String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = meta.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private String stored(Identifier identifier) throws SQLException {
        String text = identifier.getText();
        if (identifier.isQuoted()) {
            return text;
        }
        if (foldsToUpperCase) {
            return text.toUpperCase(Locale.ROOT);
        }
        return meta.storesLowerCaseIdentifiers() ? text.toLowerCase(Locale.ROOT) : text;
    }
}
