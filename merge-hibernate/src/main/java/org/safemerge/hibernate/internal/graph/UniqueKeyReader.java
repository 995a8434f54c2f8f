package org.safemerge.hibernate.internal.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.safemerge.graph.UniqueKey;

/**
 * The unique keys of the tables that hold references: every unique index the catalog has over plain columns
 * (unique constraints, primary keys and partial unique indexes with their condition), and the keys only the mapping
 * declares ({@code @Table(uniqueConstraints)}, {@code @Column(unique = true)}) where the database lacks them. Each
 * table is read once, spelled as its references spell it.
 */
final class UniqueKeyReader {
    private final BootFacts boot;
    private final MappedNames mapped;
    private final Set<String> read = new HashSet<>();
    private final List<UniqueKey> keys = new ArrayList<>();

    UniqueKeyReader(BootFacts boot, MappedNames mapped) {
        this.boot = boot;
        this.mapped = mapped;
    }

    /**
     * Reads the keys of a table, unless read already.
     *
     * @param graphTable the table as its references spell it
     * @param info what the catalog says about it (with keys), or null when the catalog does not have it
     * @param display the graph's spelling of stored column names
     */
    void read(String graphTable, CatalogReader.TableInfo info, UnaryOperator<List<String>> display) {
        if (!read.add(SqlNames.fold(graphTable))) {
            return;
        }
        Set<String> inCatalog = new HashSet<>();
        Map<String, String> mappedNames = new HashMap<>();
        boot.uniqueKeys(graphTable).stream().filter(k -> k.name() != null)
                .forEach(k -> mappedNames.put(SqlNames.foldedColumnSetKey("", k.columns()), k.name()));
        if (info != null) {
            for (CatalogReader.UniqueIndex index : info.uniqueIndexes()) {
                List<String> columns = display.apply(index.columns());
                // the constraint's name as the mapping gives it (H2 names the index after it: ..._INDEX_1)
                String name = index.filter() == null ? mappedNames.getOrDefault(
                        SqlNames.foldedColumnSetKey("", columns), index.name()) : index.name();
                keys.add(new UniqueKey(graphTable, columns, name, index.filter(), true));
                if (index.filter() == null) {
                    inCatalog.add(SqlNames.foldedColumnSetKey("", columns));
                }
            }
        }
        for (BootFacts.MappedKey key : boot.uniqueKeys(graphTable)) {
            if (inCatalog.add(SqlNames.foldedColumnSetKey("", key.columns()))) {
                List<String> columns = key.columns().stream().map(c -> {
                    String spelled = mapped.columnSpelling(graphTable, c);
                    return spelled != null ? spelled : c;
                }).toList();
                keys.add(new UniqueKey(graphTable, columns, key.name(), null, false));
            }
        }
    }

    /** Every key read, table by table. */
    List<UniqueKey> keys() {
        return List.copyOf(keys);
    }
}
