package org.safemerge.hibernate.internal.sql;

import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.graph.StoredNames;

/**
 * Table and column names of the graph as generated SQL writes them: in the database's stored spelling, quoted by
 * the dialect, so that any name the mapping or the catalog can hold works (a space, a reserved word, mixed case).
 */
public final class SqlNames {
    private final SqlDialect dialect;
    private final StoredNames stored;

    public SqlNames(SqlDialect dialect, StoredNames stored) {
        this.dialect = dialect;
        this.stored = stored;
    }

    /** The names of a factory's graph in the dialect of its database. */
    public static SqlNames of(SessionFactory factory) {
        return new SqlNames(SqlDialect.of(factory.unwrap(SessionFactoryImplementor.class).getJdbcServices()
                .getDialect()), GraphCache.storedNames(factory));
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** A table as the graph names it (possibly {@code qualifier.table}), quoted part by part. */
    public String table(String graphTable) {
        return stored.table(graphTable).stream().map(dialect::quote).collect(Collectors.joining("."));
    }

    public String column(String graphTable, String graphColumn) {
        return dialect.quote(stored.column(graphTable, graphColumn));
    }

    public List<String> columns(String graphTable, List<String> graphColumns) {
        return graphColumns.stream().map(c -> column(graphTable, c)).toList();
    }

    /** The entity's (root) table, quoted. */
    public String table(EntityType type) {
        return table(type.table());
    }

    /** The entity's single id column, quoted. */
    public String idColumn(EntityType type) {
        return column(type.table(), type.idColumns().get(0));
    }
}
