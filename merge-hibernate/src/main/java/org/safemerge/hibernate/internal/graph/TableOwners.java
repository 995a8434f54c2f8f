package org.safemerge.hibernate.internal.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.compat.HibernateSupport;

/**
 * Which entity each mapped table belongs to, across inheritance: an FK to a table targets the topmost entity mapped
 * to it; the key FK of a JOINED subclass or secondary table is part of the entity, not a reference to it; a
 * TABLE_PER_CLASS entity owns its own concrete table.
 */
final class TableOwners {
    private final MappedNames names;
    /** Folded table name to its primary-key columns, for every table an entity is mapped to. */
    private final Map<String, List<String>> tableKeys = new HashMap<>();
    /** Folded table name to the topmost entity mapped to it. */
    private final Map<String, EntityPersister> owners = new HashMap<>();
    /** JOINED subclass and secondary tables: their key FK is part of the entity, not a reference to it. */
    private final Set<String> entityInternalForeignKeys = new HashSet<>();

    TableOwners(MappedNames names) {
        this.names = names;
    }

    void register(EntityPersister persister) {
        boolean union = persister instanceof UnionSubclassEntityPersister;
        HibernateCompat compat = HibernateSupport.compat();
        List<HibernateCompat.MappedTable> tables = union ? List.of(compat.mappedTable(persister))
                : compat.tables(persister);
        for (HibernateCompat.MappedTable details : tables) {
            String table = names.table(details.name());
            if (table == null) {
                continue;
            }
            List<String> key = new ArrayList<>();
            details.keyColumns().forEach(c -> key.add(names.column(table, c)));
            names.spell(table, key);
            tableKeys.putIfAbsent(SqlNames.fold(table), List.copyOf(key));
            EntityPersister current = owners.get(SqlNames.fold(table));
            if (current == null || ModelParts.depth(persister) < ModelParts.depth(current)) {
                owners.put(SqlNames.fold(table), persister);
            }
            if (!union && !details.identifierTable()) {
                entityInternalForeignKeys.add(SqlNames.foldedColumnSetKey(table, key));
            }
        }
    }

    /** Every table an entity is mapped to (the tables whose exported keys are references to entities). */
    Set<String> tables() {
        Set<String> tables = new HashSet<>();
        owners.keySet().forEach(t -> tables.add(names.tableSpelling(t)));
        return tables;
    }

    /** The entity an FK to this table points at, or null when no entity is mapped to it. */
    String owner(String table) {
        EntityPersister owner = owners.get(SqlNames.fold(table));
        return owner == null ? null : ModelParts.nameOf(owner);
    }

    List<String> key(String table) {
        return tableKeys.getOrDefault(SqlNames.fold(table), List.of());
    }

    boolean isEntityInternal(String table, List<String> columns) {
        return entityInternalForeignKeys.contains(SqlNames.foldedColumnSetKey(table, columns));
    }
}
