package org.safemerge.hibernate.internal.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.safemerge.hibernate.internal.compat.HibernateCompat;

/**
 * The few facts only Hibernate's boot model has: the runtime model keeps neither the {@code @OnDelete} action of a
 * to-one nested in an embeddable nor unique constraints ({@code @JoinColumn(unique = true)}, {@code @Table
 * uniqueConstraints}). Extracted once when the factory is built (the boot model is gone afterwards); when the
 * integrator did not run, {@link #NONE} stands in and the catalog supplies the same facts from the database.
 */
final class BootFacts {
    static final BootFacts NONE = new BootFacts(Map.of(), Set.of(), Map.of());

    /**
     * A unique key the mapping declares ({@code @Table(uniqueConstraints)}, {@code @Column(unique = true)}, the
     * primary key), names unquoted.
     *
     * @param name the constraint name, or null when the mapping gives none
     * @param columns the columns in key order
     */
    record MappedKey(String name, List<String> columns) {
    }

    private final Map<String, OnDeleteAction> onDelete;
    private final Set<String> uniqueColumnSets;
    /** The mapped unique keys by folded table name. */
    private final Map<String, List<MappedKey>> uniqueKeys;

    private BootFacts(Map<String, OnDeleteAction> onDelete, Set<String> uniqueColumnSets,
            Map<String, List<MappedKey>> uniqueKeys) {
        this.onDelete = onDelete;
        this.uniqueColumnSets = uniqueColumnSets;
        this.uniqueKeys = uniqueKeys;
    }

    static BootFacts of(Metadata metadata, HibernateCompat compat) {
        Map<String, OnDeleteAction> onDelete = new HashMap<>();
        Set<String> unique = new HashSet<>();
        Map<String, List<MappedKey>> keys = new HashMap<>();
        for (Table table : metadata.collectTableMappings()) {
            if (!table.isPhysicalTable()) {
                continue;
            }
            for (ForeignKey fk : compat.foreignKeys(table)) {
                if (fk.getOnDeleteAction() != null) {
                    onDelete.put(SqlNames.foldedColumnSetKey(table.getName(), names(fk.getColumns())),
                            fk.getOnDeleteAction());
                }
            }
            List<MappedKey> tableKeys = keys.computeIfAbsent(SqlNames.fold(SqlNames.unquote(table.getName())),
                    t -> new ArrayList<>());
            for (Column column : table.getColumns()) {
                if (column.isUnique()) {
                    unique.add(SqlNames.foldedColumnSetKey(table.getName(), List.of(column.getName())));
                    tableKeys.add(new MappedKey(null, List.of(SqlNames.unquote(column.getName()))));
                }
            }
            for (UniqueKey uk : table.getUniqueKeys().values()) {
                unique.add(SqlNames.foldedColumnSetKey(table.getName(), names(uk.getColumns())));
                tableKeys.add(new MappedKey(uk.getName(), names(uk.getColumns())));
            }
            if (table.getPrimaryKey() != null) {
                unique.add(SqlNames.foldedColumnSetKey(table.getName(), names(table.getPrimaryKey().getColumns())));
                tableKeys.add(new MappedKey(null, names(table.getPrimaryKey().getColumns())));
            }
        }
        keys.replaceAll((table, list) -> List.copyOf(list));
        return new BootFacts(Map.copyOf(onDelete), Set.copyOf(unique), Map.copyOf(keys));
    }

    /** The unique keys the mapping declares for a table (any spelling of its name). */
    List<MappedKey> uniqueKeys(String table) {
        return uniqueKeys.getOrDefault(SqlNames.fold(table), List.of());
    }

    boolean onDeleteCascade(String table, List<String> columns) {
        return onDelete.get(SqlNames.foldedColumnSetKey(table, columns)) == OnDeleteAction.CASCADE;
    }

    boolean unique(String table, List<String> columns) {
        return uniqueColumnSets.contains(SqlNames.foldedColumnSetKey(table, columns));
    }

    private static List<String> names(Collection<Column> columns) {
        return columns.stream().map(c -> SqlNames.unquote(c.getName())).toList();
    }
}
