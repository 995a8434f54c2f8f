package org.safemerge.hibernate.internal.graph;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.UniqueKey;

/**
 * Finds the stored spelling of every table and column name the graph shows, for {@link StoredNames}: the catalog's
 * name (among names differing only in case, the one the mapping means), else the mapping's quoted name exactly,
 * else the name folded like an unquoted one. Catalog-only references are told their stored names outright.
 */
final class NameResolver {
    private final CatalogReader catalog;
    private final MappedNames mapped;
    private final StoredNames.Folding folding;
    private final Map<String, List<String>> tables = new HashMap<>();
    private final Map<StoredNames.ColumnName, String> columns = new HashMap<>();

    NameResolver(CatalogReader catalog, MappedNames mapped, StoredNames.Folding folding) {
        this.catalog = catalog;
        this.mapped = mapped;
        this.folding = folding;
    }

    /** The stored name of a table of the factory's schema, as the graph shows it. */
    String table(String graphTable) {
        List<String> stored = tables.computeIfAbsent(graphTable,
                t -> List.of(pick(catalog.tablesNamed(t), t, mapped.quoted(t))));
        return stored.get(stored.size() - 1);
    }

    /** Records the names of a catalog-only reference as the catalog stores them. */
    void catalogNames(String graphTable, List<String> storedTable, List<String> graphColumns,
            List<String> storedColumns) {
        tables.putIfAbsent(graphTable, List.copyOf(storedTable));
        for (int i = 0; i < graphColumns.size(); i++) {
            columns.putIfAbsent(new StoredNames.ColumnName(graphTable, graphColumns.get(i)), storedColumns.get(i));
        }
    }

    /** Resolves every name the graph shows (those not recorded yet) and returns them all. */
    StoredNames storedNames(AssociationGraph graph) throws SQLException {
        for (EntityType type : graph.entities()) {
            columns(type.table(), type.idColumns());
            if (type.softDeleteColumn() != null) {
                columns(type.table(), List.of(type.softDeleteColumn()));
            }
        }
        for (UniqueKey key : graph.uniqueKeys()) {
            columns(key.table(), key.columns());
        }
        for (InboundReference reference : graph.references()) {
            columns(reference.table(), reference.columns());
            columns(reference.table(), reference.rowKeyColumns());
            if (reference.orderColumn() != null) {
                columns(reference.table(), List.of(reference.orderColumn()));
            }
            if (reference.byAlternateKey() && !reference.has(ReferenceFlag.UNSUPPORTED)) {
                // rows hold this key of the target's id table: its values are read from there
                columns(graph.entity(reference.targetEntity()).orElseThrow().table(), reference.targetColumns());
            }
        }
        return new StoredNames(folding, tables, columns);
    }

    private void columns(String graphTable, List<String> graphColumns) throws SQLException {
        String table = table(graphTable);
        for (String column : graphColumns) {
            StoredNames.ColumnName key = new StoredNames.ColumnName(graphTable, column);
            if (!columns.containsKey(key)) {
                CatalogReader.TableInfo info = catalog.describe(null, table, false);
                List<String> named = info == null ? List.of()
                        : info.columns().stream().filter(c -> c.equalsIgnoreCase(column)).toList();
                columns.put(key, pick(named, column, mapped.quoted(graphTable, column)));
            }
        }
    }

    /**
     * The stored name among the catalog's names that differ from the graph's only in case: the one the mapping
     * means (quoted: as written; unquoted: folded), else the only one, else the graph's spelling exactly; with no
     * catalog name, the one the mapping means.
     */
    private String pick(List<String> catalogNames, String graphName, boolean quoted) {
        String meant = quoted ? graphName : folding.fold(graphName);
        if (catalogNames.contains(meant)) {
            return meant;
        }
        if (catalogNames.size() == 1) {
            return catalogNames.get(0);
        }
        return catalogNames.contains(graphName) ? graphName : meant;
    }
}
