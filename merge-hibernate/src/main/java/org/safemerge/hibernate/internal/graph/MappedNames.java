package org.safemerge.hibernate.internal.graph;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.metamodel.mapping.SelectableMapping;

/**
 * The mapping's spelling of every table and column it names, read from the expressions Hibernate renders (which
 * may be quoted). The graph shows the mapping's spelling, unquoted; a catalog name the mapping knows is shown that
 * way too. Whether the mapping quoted a name is kept: a quoted name is stored exactly as written, an unquoted one
 * folded by the database ({@link StoredNames}).
 */
final class MappedNames {
    /** Folded table or "table.column" to the mapping's spelling. */
    private final Map<String, String> spellings = new HashMap<>();
    /** Tables the mapping quoted, as the graph shows them. */
    private final Set<String> quotedTables = new HashSet<>();
    /** A column (as the graph shows it) to whether the mapping quoted it there. */
    private final Map<StoredNames.ColumnName, Boolean> quotedColumns = new HashMap<>();
    /**
     * Column names quoted in some table: for a column the graph shows in another table than Hibernate reads it from
     * (a TABLE_PER_CLASS copy).
     */
    private final Set<String> quotedAnywhere = new HashSet<>();

    /** The bare, unquoted name of a rendered table expression; null for a subquery (see {@link SqlNames#table}). */
    String table(String expression) {
        String table = SqlNames.table(expression);
        if (table != null && SqlNames.isQuoted(SqlNames.bareTable(expression))) {
            quotedTables.add(table);
        }
        return table;
    }

    /** Physical column names, unquoted, each read with its table; formulas have none and are left out. */
    List<String> columns(List<SelectableMapping> selectables) {
        return selectables.stream().filter(s -> !s.isFormula())
                .map(s -> column(table(s.getContainingTableExpression()), s.getSelectionExpression())).toList();
    }

    /** The unquoted name of a rendered column expression of {@code table} (as the graph shows the table). */
    String column(String table, String expression) {
        String column = SqlNames.column(expression);
        boolean quoted = SqlNames.isQuoted(expression.trim());
        quotedColumns.merge(new StoredNames.ColumnName(table, column), quoted, Boolean::logicalOr);
        if (quoted) {
            quotedAnywhere.add(column);
        }
        return column;
    }

    /** Whether the mapping quoted this table name (false also when the mapping does not name it). */
    boolean quoted(String table) {
        return quotedTables.contains(table);
    }

    /** Whether the mapping quoted this column name of the table (false also when the mapping does not name it). */
    boolean quoted(String table, String column) {
        Boolean quoted = quotedColumns.get(new StoredNames.ColumnName(table, column));
        return quoted != null ? quoted : quotedAnywhere.contains(column);
    }

    /** Remembers how the mapping spells a table and some of its columns (the first spelling wins). */
    void spell(String table, List<String> columns) {
        spellings.putIfAbsent(SqlNames.fold(table), table);
        for (String column : columns) {
            spellings.putIfAbsent(SqlNames.fold(table) + "." + SqlNames.fold(column), column);
        }
    }

    /** The mapping's spelling of a table, or null when the mapping does not know it. */
    String tableSpelling(String table) {
        return spellings.get(SqlNames.fold(table));
    }

    /** The mapping's spelling of a column, or null when the mapping does not know it. */
    String columnSpelling(String table, String column) {
        return spellings.get(SqlNames.fold(table) + "." + SqlNames.fold(column));
    }
}
