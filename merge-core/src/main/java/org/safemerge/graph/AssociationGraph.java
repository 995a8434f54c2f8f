package org.safemerge.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every entity type of a persistence unit, every {@link InboundReference} that points at them, and the
 * {@link UniqueKey}s of the tables that hold references. Immutable and thread-safe; merge-hibernate builds one per
 * SessionFactory and caches it.
 */
public final class AssociationGraph {
    private final Map<String, EntityType> entities;
    private final List<InboundReference> references;
    /** Unique keys by table, the table's name in lower case. */
    private final Map<String, List<UniqueKey>> uniqueKeys;
    /** Indexes by table, the table's name in lower case; null when the graph was built without them. */
    private final Map<String, List<TableIndex>> indexes;

    /**
     * A graph without unique keys beyond what {@link InboundReference#unique()} says.
     *
     * @param entities every entity type (names unique)
     * @param references every inbound reference (keys unique, targets among {@code entities})
     * @throws IllegalArgumentException when names or keys repeat, or a reference targets an unknown entity
     */
    public AssociationGraph(List<EntityType> entities, List<InboundReference> references) {
        this(entities, references, List.of());
    }

    /**
     * @param entities every entity type (names unique)
     * @param references every inbound reference (keys unique, targets among {@code entities})
     * @param uniqueKeys the unique keys of the tables that hold references (any order)
     * @throws IllegalArgumentException when names or keys repeat, or a reference targets an unknown entity
     */
    public AssociationGraph(List<EntityType> entities, List<InboundReference> references,
            List<UniqueKey> uniqueKeys) {
        this(entities, references, uniqueKeys, null);
    }

    /**
     * @param entities every entity type (names unique)
     * @param references every inbound reference (keys unique, targets among {@code entities})
     * @param uniqueKeys the unique keys of the tables that hold references (any order)
     * @param indexes every index of the tables that hold references (any order), or null when they are unknown (a
     *                graph built without the database catalog)
     * @throws IllegalArgumentException when names or keys repeat, or a reference targets an unknown entity
     */
    public AssociationGraph(List<EntityType> entities, List<InboundReference> references,
            List<UniqueKey> uniqueKeys, List<TableIndex> indexes) {
        Map<String, EntityType> byName = new LinkedHashMap<>();
        for (EntityType entity : entities) {
            if (byName.put(entity.name(), entity) != null) {
                throw new IllegalArgumentException("entity " + entity.name() + " is listed twice");
            }
        }
        Set<String> keys = new HashSet<>();
        for (InboundReference reference : references) {
            if (!keys.add(reference.key())) {
                throw new IllegalArgumentException("reference " + reference.key() + " is listed twice");
            }
            if (!byName.containsKey(reference.targetEntity())) {
                throw new IllegalArgumentException("reference " + reference.key() + " targets unknown entity "
                        + reference.targetEntity());
            }
        }
        this.entities = Map.copyOf(byName);
        this.references = List.copyOf(references);
        Map<String, List<UniqueKey>> keysByTable = new LinkedHashMap<>();
        for (UniqueKey key : uniqueKeys) {
            keysByTable.computeIfAbsent(key.table().toLowerCase(Locale.ROOT), t -> new ArrayList<>()).add(key);
        }
        keysByTable.replaceAll((table, list) -> List.copyOf(list));
        this.uniqueKeys = Map.copyOf(keysByTable);
        if (indexes == null) {
            this.indexes = null;
        } else {
            Map<String, List<TableIndex>> indexesByTable = new LinkedHashMap<>();
            for (TableIndex index : indexes) {
                indexesByTable.computeIfAbsent(index.table().toLowerCase(Locale.ROOT), t -> new ArrayList<>())
                        .add(index);
            }
            indexesByTable.replaceAll((table, list) -> List.copyOf(list));
            this.indexes = Map.copyOf(indexesByTable);
        }
    }

    /** All entity types, sorted by name. */
    public List<EntityType> entities() {
        return entities.values().stream().sorted(Comparator.comparing(EntityType::name)).toList();
    }

    /** Every inbound reference, in the order given. */
    public List<InboundReference> references() {
        return references;
    }

    /** Every unique key, table by table. */
    public List<UniqueKey> uniqueKeys() {
        return uniqueKeys.values().stream().flatMap(List::stream).toList();
    }

    /** Every unique key of a table (its name as references spell it, ignoring case), in the order given. */
    public List<UniqueKey> uniqueKeys(String table) {
        return uniqueKeys.getOrDefault(table.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * The unique keys a row of the reference can conflict on when it is re-pointed, beyond the reference's own
     * {@link InboundReference#unique() uniqueness}: for foreign-key kinds, the keys of its table that contain all of
     * its FK columns and also other columns (compared row by row) or a predicate (a partial key). Keys over the FK
     * alone are what {@code unique()} says; keys that contain the row's own primary key cannot conflict; link tables
     * conflict by identical links only.
     */
    public List<UniqueKey> uniqueKeys(InboundReference reference) {
        if (reference.kind().isLink()) {
            return List.of();
        }
        List<String> fk = reference.columns();
        List<String> rowKey = reference.rowKeyColumns();
        boolean derived = rowKey.stream().anyMatch(c -> fk.stream().anyMatch(c::equalsIgnoreCase));
        return uniqueKeys(reference.table()).stream()
                .filter(k -> k.covers(fk) && (k.partial() || !k.otherColumns(fk).isEmpty()))
                .filter(k -> derived || rowKey.isEmpty() || !k.covers(rowKey))
                .toList();
    }

    /** Whether the graph knows the indexes of the tables that hold references (read from the database catalog). */
    public boolean indexesKnown() {
        return indexes != null;
    }

    /** Every index of a table (its name as references spell it, ignoring case); empty when unknown or none. */
    public List<TableIndex> indexes(String table) {
        return indexes == null ? List.of() : indexes.getOrDefault(table.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * An index that finds the reference's rows by its columns ({@link TableIndex#leadsWith(List)}), preferring the
     * shortest; empty when there is none or the graph does not know the indexes ({@link #indexesKnown()}).
     */
    public Optional<TableIndex> index(InboundReference reference) {
        return indexes(reference.table()).stream()
                .filter(i -> i.leadsWith(reference.columns()))
                .min(Comparator.comparingInt(i -> i.columns().size()));
    }

    /** The entity type of that name, if any. */
    public Optional<EntityType> entity(String name) {
        return Optional.ofNullable(entities.get(name));
    }

    /** The entity mapped by a Java class name (the most specific one), if any. */
    public Optional<EntityType> entityByJavaType(String className) {
        return entities.values().stream().filter(e -> e.javaType().equals(className)).findFirst();
    }

    /** The reference with that {@link InboundReference#key() key}, if any. */
    public Optional<InboundReference> reference(String key) {
        return references.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /** The root of the type's inheritance hierarchy (itself when it has no supertype). */
    public EntityType root(EntityType type) {
        EntityType current = type;
        while (current.superType() != null) {
            current = entities.get(current.superType());
        }
        return current;
    }

    /** Whether two types share an inheritance hierarchy. */
    public boolean sameHierarchy(EntityType a, EntityType b) {
        return root(a).name().equals(root(b).name());
    }

    /** The type itself and all its supertypes, nearest first. */
    public List<EntityType> typeAndSupertypes(EntityType type) {
        List<EntityType> chain = new ArrayList<>();
        for (EntityType t = type; t != null; t = t.superType() == null ? null : entities.get(t.superType())) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * Every reference whose rows may point at a record of {@code type}: references to the type itself, to its
     * supertypes (a {@code Vehicle} reference may hold a {@code Car}'s id) and to its subtypes (a record of the type
     * may be an instance of a subtype). Sorted by key for a stable plan order.
     */
    public List<InboundReference> referencesTo(EntityType type) {
        Set<String> related = new HashSet<>();
        typeAndSupertypes(type).forEach(t -> related.add(t.name()));
        related.addAll(type.subTypes());
        return references.stream()
                .filter(r -> related.contains(r.targetEntity()))
                .sorted(Comparator.comparing(InboundReference::key))
                .toList();
    }

    /**
     * A readable description of who points at an entity type, through what, nullable or not, and the hazards. Used
     * by tests, dry-run reports and docs.
     */
    public String describe(String entityName) {
        EntityType type = entity(entityName)
                .orElseThrow(() -> new IllegalArgumentException("unknown entity " + entityName));
        StringBuilder out = new StringBuilder();
        out.append(type.name()).append(" (table ").append(type.table()).append(", id ")
                .append(String.join(", ", type.idColumns()));
        if (type.versioned()) {
            out.append(", version ").append(type.versionAttribute());
        }
        if (type.softDeleted()) {
            out.append(", soft delete ").append(type.softDeleteColumn());
        }
        if (type.superType() != null) {
            out.append(", extends ").append(type.superType());
        }
        out.append(")\n");
        List<InboundReference> inbound = referencesTo(type);
        if (inbound.isEmpty()) {
            out.append("  nothing points at it\n");
        }
        for (InboundReference r : inbound) {
            out.append("  <- ").append(r.key()).append(" [").append(r.kind());
            out.append(r.nullable() ? ", nullable" : ", NOT NULL");
            if (r.unique()) {
                out.append(", unique");
            }
            if (!r.targetEntity().equals(type.name())) {
                out.append(", via ").append(r.targetEntity());
            }
            if (r.byAlternateKey()) {
                out.append(", by ").append(String.join(", ", r.targetColumns()));
            }
            out.append("]");
            if (!r.names().isEmpty()) {
                out.append(" ").append(String.join(" / ", r.names()));
            }
            if (!r.flags().isEmpty()) {
                out.append(" ").append(r.flags().stream().map(Enum::name).sorted().toList());
            }
            if (r.onDelete() != OnDeleteRule.UNKNOWN && r.onDelete() != OnDeleteRule.NO_ACTION) {
                out.append(" ON DELETE ").append(r.onDelete().name().replace('_', ' '));
            }
            out.append("\n");
            for (UniqueKey key : uniqueKeys(r)) {
                out.append("     ").append(key.describe()).append("\n");
            }
            for (String note : r.notes()) {
                out.append("     ! ").append(note).append("\n");
            }
        }
        return out.toString();
    }
}
