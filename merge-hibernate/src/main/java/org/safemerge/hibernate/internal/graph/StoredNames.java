package org.safemerge.hibernate.internal.graph;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * The tables and columns the association graph names, spelled as the database stores them, so that generated SQL
 * can quote every identifier (a quoted name is matched exactly: {@code "ws_task"} does not find H2's
 * {@code WS_TASK}). The graph shows names as the mapping or the catalog gave them; this resolves each to its stored
 * spelling. One per SessionFactory, built with its graph ({@link GraphCache#storedNames}); immutable.
 *
 * <p>A name the graph shows resolves to the catalog's spelling; where the catalog does not know it, to the
 * mapping's quoted name exactly, or to the name folded the way the database folds unquoted names (which is also
 * the answer for a name the graph does not show).
 */
public final class StoredNames {
    /** How the database stores an unquoted identifier. */
    public enum Folding {
        UPPER, LOWER, AS_IS;

        /** The factory's rule, as Hibernate's {@code IdentifierHelper} applies it to catalog names. */
        static Folding of(SessionFactoryImplementor factory) {
            String probe = factory.getJdbcServices().getJdbcEnvironment().getIdentifierHelper()
                    .toMetaDataObjectName(Identifier.toIdentifier("aB"));
            return "AB".equals(probe) ? UPPER : "ab".equals(probe) ? LOWER : AS_IS;
        }

        /** A plain identifier as the database stores it unquoted; any other name can only be quoted, so as is. */
        String fold(String name) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return name;
            }
            return switch (this) {
                case UPPER -> name.toUpperCase(Locale.ROOT);
                case LOWER -> name.toLowerCase(Locale.ROOT);
                case AS_IS -> name;
            };
        }
    }

    /** A column of a table, both as the graph shows them. */
    record ColumnName(String table, String column) {
    }

    private final Folding folding;
    private final Map<String, List<String>> tables;
    private final Map<ColumnName, String> columns;

    StoredNames(Folding folding, Map<String, List<String>> tables, Map<ColumnName, String> columns) {
        this.folding = folding;
        this.tables = Map.copyOf(tables);
        this.columns = Map.copyOf(columns);
    }

    /**
     * The stored parts of a table name as the graph shows it: the table alone, or a qualifier (schema or catalog)
     * and the table for a table in another schema ({@code qualifier.table}).
     */
    public List<String> table(String graphTable) {
        List<String> stored = tables.get(graphTable);
        if (stored != null) {
            return stored;
        }
        int dot = graphTable.indexOf('.');
        return dot < 0 ? List.of(folding.fold(graphTable))
                : List.of(folding.fold(graphTable.substring(0, dot)), folding.fold(graphTable.substring(dot + 1)));
    }

    /** The stored name of a column of a table, both as the graph shows them. */
    public String column(String graphTable, String graphColumn) {
        String stored = columns.get(new ColumnName(graphTable, graphColumn));
        return stored != null ? stored : folding.fold(graphColumn);
    }

    /** The folding rule of the database, for names the graph does not show. */
    public Folding folding() {
        return folding;
    }
}
