package org.safemerge.hibernate.internal.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Table and column names as the graph stores them: unquoted, without schema, compared case-insensitively. What the
 * database stores is {@link StoredNames}' business.
 */
final class SqlNames {
    private SqlNames() {
    }

    /**
     * The bare table name of a table expression Hibernate renders (possibly quoted or schema-qualified); null for
     * an expression that is no table (the union subquery of a TABLE_PER_CLASS root).
     */
    static String table(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().startsWith("(")) {
            return null;
        }
        return unquote(bareTable(expression));
    }

    /** The last part of a table expression, still quoted if it was. */
    static String bareTable(String expression) {
        String name = expression.trim();
        int dot = lastDotOutsideQuotes(name);
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /** A column name without quotes. */
    static String column(String expression) {
        return unquote(expression.trim());
    }

    static String unquote(String name) {
        return isQuoted(name) ? name.substring(1, name.length() - 1) : name;
    }

    /** Whether a name is quoted ({@code "x"}, {@code `x`} or {@code [x]}). */
    static boolean isQuoted(String name) {
        if (name.length() < 2) {
            return false;
        }
        char first = name.charAt(0);
        char last = name.charAt(name.length() - 1);
        return (first == '"' && last == '"') || (first == '`' && last == '`') || (first == '[' && last == ']');
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive identity of {@code table(columns)}, columns in the given order. */
    static String foldedKey(String table, List<String> columns) {
        return fold(table) + "(" + fold(String.join(",", columns)) + ")";
    }

    /** Case-insensitive identity of {@code table} plus the column set (order ignored, as FK matching needs). */
    static String foldedColumnSetKey(String table, Collection<String> columns) {
        List<String> sorted = new ArrayList<>();
        columns.forEach(c -> sorted.add(fold(c)));
        sorted.sort(null);
        return fold(table) + "(" + String.join(",", sorted) + ")";
    }

    static boolean containsIgnoreCase(Collection<String> haystack, String needle) {
        return haystack.stream().anyMatch(h -> h.equalsIgnoreCase(needle));
    }

    private static int lastDotOutsideQuotes(String name) {
        char open = 0;
        int last = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (open != 0) {
                if (c == (open == '[' ? ']' : open)) {
                    open = 0;
                }
            } else if (c == '"' || c == '`' || c == '[') {
                open = c;
            } else if (c == '.') {
                last = i;
            }
        }
        return last;
    }
}
