package org.safemerge.hibernate.internal.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.metamodel.mapping.SelectableMapping;

/**
 * The mapping's spelling of every table and column it names, read from the expressions Hibernate renders (which
 * may be quoted). The graph shows the mapping's spelling; a catalog name the mapping knows is shown that way too.
 */
final class MappedNames {
    /** Folded table or "table.column" to the mapping's spelling. */
    private final Map<String, String> spellings = new HashMap<>();

    /** The bare, unquoted name of a rendered table expression; null for a subquery (see {@link SqlNames#table}). */
    String table(String expression) {
        return SqlNames.table(expression);
    }

    /** Physical column names, unquoted; formulas have none and are left out. */
    List<String> columns(List<SelectableMapping> selectables) {
        return selectables.stream().filter(s -> !s.isFormula())
                .map(s -> SqlNames.column(s.getSelectionExpression())).toList();
    }

    /** A column name of a rendered column expression, unquoted. */
    String column(String expression) {
        return SqlNames.column(expression);
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
