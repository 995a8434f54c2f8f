package org.safemerge.graph;

import java.util.List;
import java.util.Objects;

/**
 * An index of a table that holds references, as the database catalog reports it (primary keys, unique and plain
 * indexes; the index MariaDB and H2 create for an FK constraint included). A merge finds a duplicate's rows by the
 * reference's columns, and a delete of the target makes the database do the same for its FK check: without an index
 * {@linkplain #leadsWith(List) led by} those columns both read the whole table. Immutable and thread-safe.
 *
 * @param table the table, spelled as the graph's references spell it
 * @param name the index name, or null when the catalog gives none
 * @param columns the index's columns in index order (expressions left out), spelled like the references' columns
 * @param unique whether the index is unique
 */
public record TableIndex(String table, String name, List<String> columns, boolean unique) {
    public TableIndex {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " of " + table + " has no columns");
        }
    }

    /**
     * Whether the index finds rows by these columns: they are its first columns, in any order (names compared
     * ignoring case).
     */
    public boolean leadsWith(List<String> lookupColumns) {
        if (lookupColumns.isEmpty() || lookupColumns.size() > columns.size()) {
            return false;
        }
        List<String> leading = columns.subList(0, lookupColumns.size());
        return lookupColumns.stream().allMatch(c -> leading.stream().anyMatch(c::equalsIgnoreCase));
    }
}
