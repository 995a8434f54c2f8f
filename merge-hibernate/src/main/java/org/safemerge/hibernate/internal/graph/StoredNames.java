package org.safemerge.hibernate.internal.graph;

import java.util.List;

/**
 * The tables and columns the association graph names, spelled as the database stores them, so that generated SQL
 * can quote every identifier (a quoted name is matched exactly: {@code "ws_task"} does not find H2's
 * {@code WS_TASK}). The graph shows names as the mapping or the catalog gave them; this resolves each to its stored
 * spelling. One per SessionFactory, built with its graph ({@link GraphCache#storedNames}).
 *
 * <p>SKELETON (to be completed by the graph work): today it only folds plain identifiers the way the database
 * folds unquoted names.
 */
public final class StoredNames {
    /** How the database stores an unquoted identifier. */
    public enum Folding { UPPER, LOWER, AS_IS }

    private final Folding folding;

    StoredNames(Folding folding) {
        this.folding = folding;
    }

    /**
     * The stored parts of a table name as the graph shows it: the table alone, or a qualifier (schema or catalog)
     * and the table for a table in another schema ({@code qualifier.table}).
     */
    public List<String> table(String graphTable) {
        int dot = graphTable.indexOf('.');
        return dot < 0 ? List.of(fold(graphTable))
                : List.of(fold(graphTable.substring(0, dot)), fold(graphTable.substring(dot + 1)));
    }

    /** The stored name of a column of a table, both as the graph shows them. */
    public String column(String graphTable, String graphColumn) {
        return fold(graphColumn);
    }

    private String fold(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return name;
        }
        return switch (folding) {
            case UPPER -> name.toUpperCase(java.util.Locale.ROOT);
            case LOWER -> name.toLowerCase(java.util.Locale.ROOT);
            case AS_IS -> name;
        };
    }
}
