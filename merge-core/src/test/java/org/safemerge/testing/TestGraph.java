package org.safemerge.testing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.graph.UniqueKey;

/**
 * A fluent builder of {@link AssociationGraph}s for tests, shaped like a mapping: entities with attributes, and
 * associations that create both the inbound reference and the attributes on either side.
 *
 * <pre>{@code
 * TestGraph g = new TestGraph();
 * g.entity("Tag", "tag");
 * g.entity("Event", "event").version("version").basic("name");
 * g.entity("Task", "task");
 * g.manyToMany("Event", "tags", "Tag", "event_tags", "event_id", "tag_id");
 * g.toOne("Task", "event", "Event", "event_id").notNull().inverse("tasks");
 * AssociationGraph graph = g.build();
 * }</pre>
 *
 * <p>Conventions: ids are one column {@code id} (attribute {@code id}), {@code Long} unless
 * {@link Entity#idType(Class) idType} says otherwise; basic attributes are columns of the same
 * name; a to-one is its FK column. A reference whose table is its target's own table is flagged
 * {@code SELF_REFERENCE}; {@code onDelete(CASCADE)} adds {@code ON_DELETE_CASCADE}. Subtypes share their root's
 * table (single-table inheritance, discriminator column {@value InMemoryDatabase#TYPE_COLUMN}). Not thread-safe.
 */
public final class TestGraph {
    private final Map<String, Entity> entities = new LinkedHashMap<>();
    private final List<Ref> references = new ArrayList<>();
    private final List<UniqueKey> uniqueKeys = new ArrayList<>();

    /** Adds an entity type mapped to {@code table} with an id attribute/column {@code id}. */
    public Entity entity(String name, String table) {
        Entity entity = new Entity(name, table, null);
        entities.put(name, entity);
        return entity;
    }

    /** Adds a subtype of {@code superType}; it shares the root's table and inherits its attributes. */
    public Entity subtype(String name, String superType) {
        Entity parent = require(superType);
        Entity entity = new Entity(name, parent.table, superType);
        entities.put(name, entity);
        return entity;
    }

    /** An entity added earlier, to add more attributes. */
    public Entity entity(String name) {
        return require(name);
    }

    /**
     * A to-one {@code source.attribute -> target} held in {@code column} of the source's table (many-to-one, or
     * one-to-one with {@link Ref#unique()}). Nullable until {@link Ref#notNull()}.
     */
    public Ref toOne(String source, String attribute, String target, String column) {
        Entity from = require(source);
        Ref ref = add(new Ref(ReferenceKind.FOREIGN_KEY, target, from.table, column, List.of(from.idColumn), source));
        ref.names.add(source + "." + attribute);
        ref.toOneOwner = from;
        ref.toOneAttribute = attribute;
        return ref;
    }

    /** A many-to-many {@code owner.attribute} through {@code joinTable(ownerColumn, elementColumn)}, set semantics. */
    public Ref manyToMany(String owner, String attribute, String element, String joinTable, String ownerColumn,
            String elementColumn) {
        String name = owner + "." + attribute;
        Ref ownerSide = link(ReferenceKind.JOIN_TABLE, owner, joinTable, ownerColumn, elementColumn, element, name);
        ownerSide.collection(require(owner), attribute, AttributeKind.MANY_TO_MANY, element);
        link(ReferenceKind.JOIN_TABLE, element, joinTable, elementColumn, ownerColumn, owner, name);
        return ownerSide;
    }

    /** An element collection {@code owner.attribute} in {@code table(ownerColumn, valueColumn)}, set semantics. */
    public Ref elementCollection(String owner, String attribute, String table, String ownerColumn,
            String valueColumn) {
        Ref ref = link(ReferenceKind.ELEMENT_COLLECTION, owner, table, ownerColumn, valueColumn, null,
                owner + "." + attribute);
        ref.collection(require(owner), attribute, AttributeKind.ELEMENT_COLLECTION, null);
        return ref;
    }

    /** One side of a link table: rows point at {@code target} through {@code column}, are keyed by {@code other}. */
    private Ref link(ReferenceKind kind, String target, String table, String column, String other, String source,
            String name) {
        Ref ref = add(new Ref(kind, target, table, column, List.of(other), source));
        ref.unique = true;
        ref.names.add(name);
        return ref;
    }

    /** A foreign key only the database knows: {@code table(column) -> target}, rows identified by {@code id}. */
    public Ref catalogFk(String table, String column, String target) {
        Ref ref = add(new Ref(ReferenceKind.CATALOG_FOREIGN_KEY, target, table, column, List.of("id"), null));
        ref.flags.add(ReferenceFlag.CATALOG_ONLY);
        return ref;
    }

    /** A unique key (constraint) of a table over {@code columns}, e.g. {@code ("task", "event_id", "person_id")}. */
    public TestGraph uniqueKey(String table, String... columns) {
        uniqueKeys.add(new UniqueKey(table, List.of(columns), "uk_" + table + "_" + String.join("_", columns), null,
                true));
        return this;
    }

    /** A partial unique index: rows matching {@code predicate} ({@code column is null}, ...) only. */
    public TestGraph partialUniqueKey(String table, String predicate, String... columns) {
        uniqueKeys.add(new UniqueKey(table, List.of(columns), "ux_" + table + "_" + String.join("_", columns),
                predicate, true));
        return this;
    }

    public AssociationGraph build() {
        // references first: they add the attributes that map them
        List<InboundReference> built = new ArrayList<>();
        for (Ref ref : references) {
            built.add(ref.build());
        }
        List<EntityType> types = new ArrayList<>();
        for (Entity e : entities.values()) {
            types.add(e.build());
        }
        return new AssociationGraph(types, built, uniqueKeys);
    }

    private Ref add(Ref ref) {
        require(ref.target);
        references.add(ref);
        return ref;
    }

    private Entity require(String name) {
        Entity entity = entities.get(name);
        if (entity == null) {
            throw new IllegalArgumentException("declare entity " + name + " first");
        }
        return entity;
    }

    private Entity root(Entity entity) {
        Entity current = entity;
        while (current.superType != null) {
            current = entities.get(current.superType);
        }
        return current;
    }

    /** An entity type under construction. */
    public final class Entity {
        private final String name;
        private final String table;
        private final String superType;
        private String javaType;
        private final String idColumn = "id";
        private String idType = Long.class.getName();
        private String version;
        private String softDelete;
        private final Map<String, EntityAttribute> attributes = new LinkedHashMap<>();

        private Entity(String name, String table, String superType) {
            this.name = name;
            this.table = table;
            this.superType = superType;
            this.javaType = "test.model." + name;
        }

        public Entity javaType(String className) {
            this.javaType = className;
            return this;
        }

        /** The Java type of the id (default {@code Long}); subtypes take their root's. */
        public Entity idType(Class<?> type) {
            this.idType = type.getName();
            return this;
        }

        /** A numeric {@code @Version} attribute (column of the same name). */
        public Entity version(String attribute) {
            this.version = attribute;
            attributes.put(attribute, new EntityAttribute(attribute, AttributeKind.VERSION, "java.lang.Long",
                    false, false, null, null));
            return this;
        }

        /** {@code @SoftDelete}: rows are marked in {@code column} instead of deleted. */
        public Entity softDelete(String column) {
            this.softDelete = column;
            return this;
        }

        /** A nullable String attribute. */
        public Entity basic(String attribute) {
            return basic(attribute, String.class);
        }

        public Entity basic(String attribute, Class<?> type) {
            return put(new EntityAttribute(attribute, AttributeKind.BASIC, type.getName(), true, false, null, null));
        }

        /** An embeddable value, decided as a whole (stored in one column of the same name). */
        public Entity embedded(String attribute, Class<?> type) {
            return put(new EntityAttribute(attribute, AttributeKind.EMBEDDED, type.getName(), true, false, null,
                    null));
        }

        /** Marks attributes {@code @Sensitive}. */
        public Entity sensitive(String... names) {
            for (String attribute : names) {
                EntityAttribute a = attributes.get(attribute);
                put(new EntityAttribute(a.name(), a.kind(), a.javaType(), a.nullable(), true, a.reference(),
                        a.targetEntity()));
            }
            return this;
        }

        /** Marks basic attributes NOT NULL (the in-memory database enforces it). */
        public Entity notNull(String... names) {
            for (String attribute : names) {
                EntityAttribute a = attributes.get(attribute);
                put(new EntityAttribute(a.name(), a.kind(), a.javaType(), false, a.sensitive(), a.reference(),
                        a.targetEntity()));
            }
            return this;
        }

        private Entity put(EntityAttribute attribute) {
            attributes.put(attribute.name(), attribute);
            return this;
        }

        private EntityType build() {
            Entity root = root(this);
            List<EntityAttribute> all = new ArrayList<>();
            all.add(new EntityAttribute("id", AttributeKind.ID, root.idType, false, false, null, null));
            List<Entity> chain = new ArrayList<>();
            for (Entity e = this; e != null; e = e.superType == null ? null : entities.get(e.superType)) {
                chain.add(0, e);
            }
            for (Entity e : chain) {
                all.addAll(e.attributes.values());
            }
            List<String> subTypes = entities.values().stream()
                    .filter(e -> e != this && isSubtypeOf(e, this)).map(e -> e.name).toList();
            return new EntityType(name, javaType, table, List.of(idColumn), "id", root.version, superType, subTypes,
                    all, root.softDelete, root.idType);
        }

        private boolean isSubtypeOf(Entity candidate, Entity type) {
            for (Entity e = candidate; e.superType != null; e = entities.get(e.superType)) {
                if (e.superType.equals(type.name)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An inbound reference under construction; every setter returns it for chaining. */
    public final class Ref {
        private final ReferenceKind kind;
        private final String target;
        private final String table;
        private final String column;
        private List<String> rowKey;
        private final String sourceEntity;
        private final List<String> names = new ArrayList<>();
        private boolean nullable = true;
        private boolean unique;
        private final Set<ReferenceFlag> flags = EnumSet.noneOf(ReferenceFlag.class);
        private OnDeleteRule onDelete = OnDeleteRule.NO_ACTION;
        private String constraintName;
        private final List<String> notes = new ArrayList<>();
        private Entity toOneOwner;
        private String toOneAttribute;
        private final List<Runnable> attributeAdders = new ArrayList<>();

        private Ref(ReferenceKind kind, String target, String table, String column, List<String> rowKey,
                String sourceEntity) {
            this.kind = kind;
            this.target = target;
            this.table = table;
            this.column = column;
            this.rowKey = rowKey;
            this.sourceEntity = sourceEntity;
            this.constraintName = "fk_" + table + "_" + column;
        }

        /** The key: {@code table(column)}. */
        public String key() {
            return InboundReference.keyOf(table, List.of(column));
        }

        public Ref notNull() {
            this.nullable = false;
            return this;
        }

        /** One-to-one (unique FK); for link tables set semantics is the default. */
        public Ref unique() {
            this.unique = true;
            return this;
        }

        /** A bag: link rows may repeat (no set semantics, no primary key). */
        public Ref bag() {
            this.unique = false;
            return this;
        }

        public Ref orphanRemoval() {
            flags.add(ReferenceFlag.ORPHAN_REMOVAL);
            return this;
        }

        public Ref cascadeRemove() {
            flags.add(ReferenceFlag.CASCADE_REMOVE);
            return this;
        }

        public Ref flag(ReferenceFlag... more) {
            flags.addAll(List.of(more));
            return this;
        }

        public Ref onDelete(OnDeleteRule rule) {
            this.onDelete = rule;
            if (rule == OnDeleteRule.CASCADE) {
                flags.add(ReferenceFlag.ON_DELETE_CASCADE);
            }
            return this;
        }

        /** The database has no FK constraint (dangling values possible; the in-memory database allows them). */
        public Ref noConstraint() {
            flags.add(ReferenceFlag.NO_DATABASE_CONSTRAINT);
            this.constraintName = null;
            this.onDelete = OnDeleteRule.UNKNOWN;
            return this;
        }

        /** The table has no primary key: no row ids. */
        public Ref noRowIds() {
            this.rowKey = List.of();
            return this;
        }

        public Ref note(String text) {
            notes.add(text);
            return this;
        }

        /** Another mapping name for this reference. */
        public Ref name(String name) {
            names.add(name);
            return this;
        }

        /** The target's collection mapped by this to-one ({@code Event.tasks} for {@code Task.event}). */
        public Ref inverse(String attribute) {
            names.add(target + "." + attribute);
            collection(require(target), attribute, AttributeKind.ONE_TO_MANY, sourceEntity);
            return this;
        }

        /** The target's inverse to-one mapped by this unique to-one ({@code Partner.profile} for a profile's FK). */
        public Ref inverseOne(String attribute) {
            names.add(target + "." + attribute);
            collection(require(target), attribute, AttributeKind.TO_ONE, sourceEntity);
            return this;
        }

        private void collection(Entity owner, String attribute, AttributeKind attributeKind, String element) {
            attributeAdders.add(() -> owner.put(new EntityAttribute(attribute, attributeKind,
                    element == null ? "java.lang.String" : "test.model." + element, true, false, key(), element)));
        }

        private InboundReference build() {
            boolean self = table.equals(require(target).table);
            if (self) {
                flags.add(ReferenceFlag.SELF_REFERENCE);
            }
            if (toOneOwner != null) {
                String ownAttribute = toOneAttribute;
                toOneOwner.put(new EntityAttribute(ownAttribute, AttributeKind.TO_ONE, "test.model." + target,
                        nullable, false, self ? key() : null, target));
            }
            attributeAdders.forEach(Runnable::run);
            return new InboundReference(key(), names, kind, target, table, List.of(column), rowKey, sourceEntity,
                    nullable, unique, null, flags, onDelete, constraintName, notes);
        }
    }
}
