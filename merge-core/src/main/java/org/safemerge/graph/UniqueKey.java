package org.safemerge.graph;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A unique key of a table that holds references: a unique constraint or unique index (from the mapping or the
 * database catalog), over one column or several, possibly partial (a PostgreSQL {@code unique ... where ...}
 * index). A reference's rows can conflict on a key that {@linkplain #covers(List) contains its FK columns}: moving a
 * duplicate's row to the survivor breaks the key when the survivor has a row with the same values in the key's
 * {@linkplain #otherColumns(List) other columns}. Immutable and thread-safe.
 *
 * @param table the table, spelled as the graph's references spell it
 * @param columns the key's columns, in key order (spelled like the references' columns)
 * @param name the constraint or index name, or null when the mapping declares the key without a name
 * @param predicate the condition of a partial unique index, as the database reports it (rows not matching it are
 *                  not in the key), or null
 * @param inCatalog whether the database has the key (false: only the mapping declares it)
 */
public record UniqueKey(String table, List<String> columns, String name, String predicate, boolean inCatalog) {
    public UniqueKey {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("unique key " + name + " of " + table + " has no columns");
        }
        predicate = predicate == null || predicate.isBlank() ? null : predicate;
    }

    /** Whether the key holds only the rows matching its {@link #predicate()}. */
    public boolean partial() {
        return predicate != null;
    }

    /** Whether every one of {@code fkColumns} is a column of the key (names compared ignoring case). */
    public boolean covers(List<String> fkColumns) {
        return fkColumns.stream().allMatch(c -> indexOf(c) >= 0);
    }

    /** The key's columns other than {@code fkColumns}, in key order: the values two rows must share to conflict. */
    public List<String> otherColumns(List<String> fkColumns) {
        return columns.stream().filter(c -> fkColumns.stream().noneMatch(f -> f.equalsIgnoreCase(c))).toList();
    }

    /** Whether the column is part of the key (ignoring case). */
    public boolean has(String column) {
        return indexOf(column) >= 0;
    }

    /**
     * Whether the predicate of a partial key names the column (a word of it, ignoring case): changing the column
     * may take a row out of the key.
     */
    public boolean predicateUses(String column) {
        if (predicate == null) {
            return false;
        }
        String lower = predicate.toLowerCase(Locale.ROOT);
        String word = column.toLowerCase(Locale.ROOT);
        for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1))
                    && lower.charAt(at - 1) != '_';
            int end = at + word.length();
            boolean endsWord = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end))
                    && lower.charAt(end) != '_';
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    /** A short description: {@code unique uk_task (event_id, person_id, role) where ...}. */
    public String describe() {
        return "unique " + (name == null ? "" : name + " ") + "(" + String.join(", ", columns) + ")"
                + (predicate == null ? "" : " where " + predicate) + (inCatalog ? "" : " [mapping only]");
    }

    private int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }
}
