package org.safemerge.hibernate.internal.graph;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.SingularAttribute;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.engine.spi.CascadeStyle;
import org.hibernate.engine.spi.CascadingActions;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.CollectionClassification;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.AttributeMappingsList;
import org.hibernate.metamodel.mapping.CollectionPart;
import org.hibernate.metamodel.mapping.CompositeIdentifierMapping;
import org.hibernate.metamodel.mapping.DiscriminatedAssociationModelPart;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.EntityValuedModelPart;
import org.hibernate.metamodel.mapping.EntityVersionMapping;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.mapping.TableDetails;
import org.hibernate.metamodel.model.domain.JpaMetamodel;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.spi.NavigablePath;
import org.hibernate.type.descriptor.java.JavaType;
import org.safemerge.Sensitive;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Hibernate's runtime mapping model into entity types and {@link ReferenceDraft}s: one draft per physical set
 * of columns holding an entity's id, named by every attribute that uses it.
 */
final class MappingReader {
    private static final Logger log = LoggerFactory.getLogger(MappingReader.class);

    /** Where an attribute lives while the model is walked. */
    private record Owner(EntityPersister persister, String entity, String declaring, String physicalTable,
            boolean copy) {
    }

    private final BootFacts boot;
    private final JpaMetamodel jpa;
    /** Collection role to whether it is one-to-many (join column or join table). */
    private final Map<String, Boolean> oneToManyRoles = new HashMap<>();
    private final List<EntityPersister> persisters = new ArrayList<>();
    private final Map<String, EntityPersister> byName = new HashMap<>();
    private final Map<String, ReferenceDraft> drafts = new LinkedHashMap<>();
    /** "Entity#attribute" to the key of the reference holding its rows (collections, self and inverse to-ones). */
    private final Map<String, String> attributeReferences = new HashMap<>();
    /** Folded table name to its primary-key columns, for every table an entity is mapped to. */
    private final Map<String, List<String>> tableKeys = new HashMap<>();
    /** Folded table name to the topmost entity mapped to it (an FK to that table targets that entity). */
    private final Map<String, EntityPersister> tableOwners = new HashMap<>();
    /** JOINED subclass and secondary tables: their key FK is part of the entity, not a reference to it. */
    private final Set<String> entityInternalForeignKeys = new HashSet<>();
    /** Folded table or "table.column" to the mapping's spelling. */
    private final Map<String, String> spellings = new HashMap<>();
    private final Map<String, EntityType> entities = new LinkedHashMap<>();

    MappingReader(SessionFactoryImplementor factory, BootFacts boot) {
        this.boot = boot;
        this.jpa = factory.getJpaMetamodel();
        factory.getMappingMetamodel().forEachEntityDescriptor(persisters::add);
        persisters.sort(Comparator.comparing(EntityPersister::getEntityName));
        persisters.forEach(p -> byName.put(nameOf(p), p));
    }

    MappingReader read() {
        persisters.forEach(this::registerTables);
        persisters.forEach(this::readReferences);
        persisters.forEach(p -> entities.put(nameOf(p), entityType(p)));
        return this;
    }

    List<ReferenceDraft> drafts() {
        return List.copyOf(drafts.values());
    }

    Map<String, EntityType> entities() {
        return entities;
    }

    /** Every table an entity is mapped to (the tables whose exported keys are references to entities). */
    Set<String> entityTables() {
        Set<String> tables = new HashSet<>();
        tableOwners.keySet().forEach(t -> tables.add(spellings.get(t)));
        return tables;
    }

    /** The entity an FK to this table points at, or null when no entity is mapped to it. */
    String tableOwner(String table) {
        EntityPersister owner = tableOwners.get(SqlNames.fold(table));
        return owner == null ? null : nameOf(owner);
    }

    List<String> tableKey(String table) {
        return tableKeys.getOrDefault(SqlNames.fold(table), List.of());
    }

    boolean isEntityInternal(String table, List<String> columns) {
        return entityInternalForeignKeys.contains(SqlNames.foldedColumnSetKey(table, columns));
    }

    /** The mapping's spelling of a table, or null when the mapping does not know it. */
    String tableSpelling(String table) {
        return spellings.get(SqlNames.fold(table));
    }

    /** The mapping's spelling of a column, or null when the mapping does not know it. */
    String columnSpelling(String table, String column) {
        return spellings.get(SqlNames.fold(table) + "." + SqlNames.fold(column));
    }

    BootFacts boot() {
        return boot;
    }

    // ---- tables -------------------------------------------------------------------------------------------

    private void registerTables(EntityPersister persister) {
        boolean union = persister instanceof UnionSubclassEntityPersister;
        List<TableDetails> tables = new ArrayList<>();
        persister.forEachTableDetails(tables::add);
        if (union) {
            tables = List.of(persister.getMappedTableDetails());
        }
        for (TableDetails details : tables) {
            String table = SqlNames.table(details.getTableName());
            if (table == null) {
                continue;
            }
            List<String> key = new ArrayList<>();
            details.getKeyDetails().forEachKeyColumn((i, c) -> key.add(SqlNames.column(c.getColumnName())));
            spell(table, key);
            tableKeys.putIfAbsent(SqlNames.fold(table), List.copyOf(key));
            EntityPersister current = tableOwners.get(SqlNames.fold(table));
            if (current == null || depth(persister) < depth(current)) {
                tableOwners.put(SqlNames.fold(table), persister);
            }
            if (!union && !details.isIdentifierTable()) {
                entityInternalForeignKeys.add(SqlNames.foldedColumnSetKey(table, key));
            }
        }
    }

    // ---- references ---------------------------------------------------------------------------------------

    private void readReferences(EntityPersister persister) {
        String entity = nameOf(persister);
        boolean union = persister instanceof UnionSubclassEntityPersister;
        // TABLE_PER_CLASS copies inherited columns into each concrete table: each copy is its own reference
        String physicalTable = union ? SqlNames.table(persister.getMappedTableDetails().getTableName()) : null;
        boolean root = persister.getSuperMappingType() == null;
        if (root || union) {
            Owner owner = new Owner(persister, entity, nameOf(persister.getRootEntityDescriptor()), physicalTable,
                    !root);
            readIdentifier(owner, persister.getIdentifierMapping());
        }
        for (AttributeMapping attribute : list(persister.getAttributeMappings())) {
            if (NavigablePath.IDENTIFIER_MAPPER_PROPERTY.equals(attribute.getAttributeName())) {
                continue;
            }
            String declaring = declaringEntity(persister, attribute.getAttributeName());
            boolean inherited = !declaring.equals(entity);
            if (inherited && !union) {
                continue;
            }
            walk(new Owner(persister, entity, declaring, physicalTable, inherited), attribute, "", false, true);
        }
    }

    /** To-ones inside a composite id are derived identities ({@code @IdClass} with {@code @Id @ManyToOne}). */
    private void readIdentifier(Owner owner, EntityIdentifierMapping id) {
        if (id instanceof CompositeIdentifierMapping composite) {
            boolean virtual = id.getNature() == EntityIdentifierMapping.Nature.VIRTUAL;
            String prefix = virtual ? "" : id.getAttributeName() + ".";
            for (AttributeMapping part : list(composite.getPartMappingType().getAttributeMappings())) {
                walk(owner, part, prefix, !virtual, false);
            }
        }
    }

    private void walk(Owner owner, AttributeMapping attribute, String path, boolean embedded, boolean topLevel) {
        String attributePath = path + attribute.getAttributeName();
        if (attribute.isPluralAttributeMapping()) {
            if (!owner.copy()) {
                collection(owner, attribute.asPluralAttributeMapping(), attributePath);
            }
        } else if (attribute instanceof DiscriminatedAssociationModelPart) {
            log.warn("{}.{} is an @Any association: its rows can point at any entity and are not in the "
                    + "association graph", owner.declaring(), attributePath);
        } else if (attribute instanceof EntityAssociationMapping association) {
            toOne(owner, attribute, association, attributePath, embedded, topLevel);
        } else if (attribute instanceof EmbeddableValuedModelPart embeddable) {
            for (AttributeMapping nested : list(embeddable.getEmbeddableTypeDescriptor().getAttributeMappings())) {
                walk(owner, nested, attributePath + ".", true, false);
            }
        }
    }

    private void toOne(Owner owner, AttributeMapping attribute, EntityAssociationMapping association,
            String attributePath, boolean embedded, boolean topLevel) {
        ForeignKeyDescriptor fk = association.getForeignKeyDescriptor();
        EntityMappingType target = association.getAssociatedEntityMappingType();
        String name = owner.declaring() + "." + attributePath;
        List<SelectableMapping> key = selectables(fk.getKeyPart());
        if (association.getSideNature() == ForeignKeyDescriptor.Nature.KEY) {
            String table = owner.physicalTable() != null && !InternalMapping.usesJoinTable(attribute)
                    ? owner.physicalTable() : SqlNames.table(fk.getKeyTable());
            ReferenceDraft draft = draft(owner, name, table, key);
            if (draft == null) {
                return;
            }
            draft.define(ReferenceKind.FOREIGN_KEY, nameOf(target), owner.entity(), List.of(), allNullable(key),
                    InternalMapping.isOneToOne(attribute), true).name(name, ReferenceDraft.OWNING);
            cascade(draft, attribute);
            if (cascadesRemove(attribute)) {
                // the owning side's own cascade: deleting the row holding the FK deletes its target
                draft.flags.add(ReferenceFlag.CASCADE_REMOVE_FROM_SOURCE);
            }
            if (embedded) {
                draft.flags.add(ReferenceFlag.INSIDE_EMBEDDABLE);
            }
            if (topLevel && onDeleteCascade(owner.persister(), attribute)) {
                draft.mappedOnDeleteCascade = true;
            }
            if (!embedded && sameHierarchy(owner.persister(), target)) {
                attributeReferences.put(reference(owner.entity(), attributePath), draft.key);
            }
        } else if (!owner.copy()) {
            // inverse one-to-one (mappedBy): the owning side's FK, seen from the target
            ReferenceDraft draft = draft(owner, name, SqlNames.table(fk.getKeyTable()), key);
            if (draft == null) {
                return;
            }
            draft.name(name, ReferenceDraft.INVERSE);
            cascade(draft, attribute);
            if (!embedded) {
                attributeReferences.put(reference(owner.entity(), attributePath), draft.key);
            }
        }
    }

    private void collection(Owner owner, PluralAttributeMapping plural, String attributePath) {
        CollectionPersister persister = plural.getCollectionDescriptor();
        String name = owner.declaring() + "." + attributePath;
        CollectionClassification classification = persister.getCollectionSemantics().getCollectionClassification();
        boolean set = classification == CollectionClassification.SET
                || classification == CollectionClassification.ORDERED_SET
                || classification == CollectionClassification.SORTED_SET;
        boolean map = classification == CollectionClassification.MAP
                || classification == CollectionClassification.ORDERED_MAP
                || classification == CollectionClassification.SORTED_MAP;
        List<SelectableMapping> ownerKey = selectables(plural.getKeyDescriptor().getKeyPart());
        List<String> ownerColumns = columns(ownerKey);
        CollectionPart index = plural.getIndexDescriptor();
        List<String> indexColumns = index == null ? List.of() : columns(selectables(index));
        String orderColumn = !map && indexColumns.size() == 1 ? indexColumns.get(0) : null;
        List<String> mapKeyColumns = map ? indexColumns : List.of();
        boolean inverse = persister.isInverse();
        int priority = inverse ? ReferenceDraft.INVERSE : ReferenceDraft.OWNING;
        CollectionPart element = plural.getElementDescriptor();

        ReferenceDraft ownerSide;
        List<String> elementColumns;
        if (element instanceof EntityValuedModelPart child && persister.isOneToMany()) {
            // FK in the child's table (mappedBy, or a unidirectional @JoinColumn)
            ownerSide = draft(owner, name, SqlNames.table(plural.getKeyDescriptor().getKeyTable()), ownerKey);
            if (ownerSide == null) {
                return;
            }
            ownerSide.define(ReferenceKind.FOREIGN_KEY, owner.entity(), nameOf(child.getEntityMappingType()),
                    List.of(), allNullable(ownerKey), false, !inverse);
            elementColumns = List.of();
        } else if (element instanceof EntityAssociationMapping link) {
            // join table: many-to-many, or one-to-many without @JoinColumn; each side is its own reference
            String table = SqlNames.table(persister.getTableName());
            List<SelectableMapping> elementKey = selectables(link.getForeignKeyDescriptor().getKeyPart());
            elementColumns = columns(elementKey);
            String elementEntity = nameOf(link.getAssociatedEntityMappingType());
            boolean unique = set || isOneToMany(owner, plural, attributePath);
            ownerSide = draft(owner, name, table, ownerKey);
            ReferenceDraft elementSide = draft(owner, name, table, elementKey);
            if (ownerSide == null || elementSide == null) {
                return;
            }
            ownerSide.define(ReferenceKind.JOIN_TABLE, owner.entity(), elementEntity,
                    concat(elementColumns, mapKeyColumns), allNullable(ownerKey), unique, !inverse);
            elementSide.define(ReferenceKind.JOIN_TABLE, elementEntity, owner.entity(),
                    concat(ownerColumns, mapKeyColumns), allNullable(elementKey), unique, !inverse);
            if (!inverse) {
                elementSide.name(name, ReferenceDraft.FAR_SIDE);
            }
            linkFacts(elementSide, plural, orderColumn);
        } else {
            String table = SqlNames.table(persister.getTableName());
            elementColumns = columns(selectables(element));
            ownerSide = draft(owner, name, table, ownerKey);
            if (ownerSide == null) {
                return;
            }
            ownerSide.define(ReferenceKind.ELEMENT_COLLECTION, owner.entity(), null,
                    concat(elementColumns, mapKeyColumns), allNullable(ownerKey), set || map, true);
            if (element instanceof EmbeddableValuedModelPart embeddable) {
                elementToOnes(owner, name, table, embeddable, "", ownerColumns, elementColumns, mapKeyColumns,
                        orderColumn);
            }
        }
        ownerSide.name(name, priority);
        linkFacts(ownerSide, plural, orderColumn);
        if (persister.isCascadeDeleteEnabled()) {
            ownerSide.mappedOnDeleteCascade = true;
        }
        if (index instanceof EntityAssociationMapping keyEntity) {
            // Map<Entity, ...>: the map key column points at another entity
            ReferenceDraft keySide = draft(owner, name, SqlNames.table(persister.getTableName()),
                    selectables(index));
            if (keySide != null) {
                // the key column lives in the same rows as the owner's: a link row, or the child entity's row
                String source = ownerSide.kind == ReferenceKind.FOREIGN_KEY ? ownerSide.sourceEntity : owner.entity();
                keySide.define(ownerSide.kind, nameOf(keyEntity.getAssociatedEntityMappingType()), source,
                        concat(ownerColumns, elementColumns), false, true, true).name(name, ReferenceDraft.FAR_SIDE);
                linkFacts(keySide, plural, null);
            }
        }
        if (!attributePath.contains(".")) {
            attributeReferences.put(reference(owner.entity(), attributePath), ownerSide.key);
        }
    }

    /** To-ones inside an embeddable element: FKs from the collection table to other entities. */
    private void elementToOnes(Owner owner, String collectionName, String table, EmbeddableValuedModelPart embeddable,
            String prefix, List<String> ownerColumns, List<String> valueColumns, List<String> mapKeyColumns,
            String orderColumn) {
        for (AttributeMapping nested : list(embeddable.getEmbeddableTypeDescriptor().getAttributeMappings())) {
            String path = prefix + nested.getAttributeName();
            if (nested instanceof EntityAssociationMapping association
                    && association.getSideNature() == ForeignKeyDescriptor.Nature.KEY) {
                List<SelectableMapping> key = selectables(association.getForeignKeyDescriptor().getKeyPart());
                ReferenceDraft draft = draft(owner, collectionName + "." + path, table, key);
                if (draft == null) {
                    continue;
                }
                List<String> others = valueColumns.stream()
                        .filter(c -> !SqlNames.containsIgnoreCase(columns(key), c)).toList();
                draft.define(ReferenceKind.ELEMENT_COLLECTION, nameOf(association.getAssociatedEntityMappingType()),
                        owner.entity(), concat(concat(ownerColumns, others), mapKeyColumns), allNullable(key), false,
                        true).name(collectionName + "." + path, ReferenceDraft.OWNING);
                draft.flags.add(ReferenceFlag.INSIDE_EMBEDDABLE);
                draft.ordered(orderColumn);
                cascade(draft, nested);
            } else if (nested instanceof EmbeddableValuedModelPart deeper) {
                elementToOnes(owner, collectionName, table, deeper, path + ".", ownerColumns, valueColumns,
                        mapKeyColumns, orderColumn);
            }
        }
    }

    /**
     * Whether a join-table collection is one-to-many (each element in at most one owner's collection). The runtime
     * mapping model describes both as many-to-many; the JPA metamodel keeps the difference.
     */
    private boolean isOneToMany(Owner owner, PluralAttributeMapping plural, String attributePath) {
        boolean oneToMany = false;
        try {
            ManagedType<?> type = jpa.findEntityType(owner.persister().getEntityName());
            String[] path = attributePath.split("\\.");
            for (int i = 0; type != null && i < path.length - 1; i++) {
                Attribute<?, ?> step = type.getAttribute(path[i]);
                type = step instanceof SingularAttribute<?, ?> singular
                        && singular.getType() instanceof ManagedType<?> managed ? managed : null;
            }
            oneToMany = type != null && type.getAttribute(path[path.length - 1]).getPersistentAttributeType()
                    == Attribute.PersistentAttributeType.ONE_TO_MANY;
        } catch (IllegalArgumentException e) {
            log.debug("{} is not in the JPA metamodel; treated as many-to-many", plural.getNavigableRole());
        }
        oneToManyRoles.put(plural.getCollectionDescriptor().getRole(), oneToMany);
        return oneToMany;
    }

    private void linkFacts(ReferenceDraft draft, PluralAttributeMapping plural, String orderColumn) {
        cascade(draft, plural);
        if (plural.getCollectionDescriptor().hasOrphanDelete()) {
            draft.flags.add(ReferenceFlag.ORPHAN_REMOVAL);
        }
        if (plural.getSoftDeleteMapping() != null) {
            draft.flags.add(ReferenceFlag.SOFT_DELETE);
        }
        draft.ordered(orderColumn);
    }

    private ReferenceDraft draft(Owner owner, String name, String table, List<SelectableMapping> key) {
        List<String> columns = columns(key);
        if (table == null || columns.isEmpty() || columns.size() != key.size()) {
            log.warn("{} has no physical table or columns (a formula or a TABLE_PER_CLASS union); it is not in the "
                    + "association graph", name);
            return null;
        }
        spell(table, columns);
        return drafts.computeIfAbsent(SqlNames.foldedKey(table, columns), k -> new ReferenceDraft(table, columns));
    }

    private static void cascade(ReferenceDraft draft, AttributeMapping attribute) {
        if (cascadesRemove(attribute)) {
            draft.flags.add(ReferenceFlag.CASCADE_REMOVE);
        }
        CascadeStyle style = cascadeStyle(attribute);
        if (style != null && style.hasOrphanDelete()) {
            draft.flags.add(ReferenceFlag.ORPHAN_REMOVAL);
        }
    }

    private static boolean cascadesRemove(AttributeMapping attribute) {
        CascadeStyle style = cascadeStyle(attribute);
        return style != null && style.doCascade(CascadingActions.REMOVE);
    }

    private static CascadeStyle cascadeStyle(AttributeMapping attribute) {
        return attribute.getAttributeMetadata() == null ? null : attribute.getAttributeMetadata().getCascadeStyle();
    }

    private static boolean onDeleteCascade(EntityPersister persister, AttributeMapping attribute) {
        OnDeleteAction[] actions = persister.getPropertyOnDeleteActions();
        int position = attribute.getStateArrayPosition();
        return actions != null && position >= 0 && position < actions.length
                && actions[position] == OnDeleteAction.CASCADE;
    }

    // ---- entity types -------------------------------------------------------------------------------------

    private EntityType entityType(EntityPersister persister) {
        String name = nameOf(persister);
        String table = SqlNames.table(persister.getIdentifierTableDetails().getTableName());
        if (table == null || persister instanceof UnionSubclassEntityPersister) {
            table = SqlNames.table(persister.getMappedTableDetails().getTableName());
        }
        EntityIdentifierMapping id = persister.getIdentifierMapping();
        Class<?> javaClass = persister.getMappedClass();
        List<EntityAttribute> attributes = new ArrayList<>();
        String idAttribute;
        if (id instanceof CompositeIdentifierMapping composite
                && id.getNature() == EntityIdentifierMapping.Nature.VIRTUAL) {
            // @IdClass: every @Id attribute is an id attribute of the entity
            List<String> idNames = new ArrayList<>();
            for (AttributeMapping part : list(composite.getPartMappingType().getAttributeMappings())) {
                idNames.add(part.getAttributeName());
                attributes.add(attribute(persister, part, AttributeKind.ID, javaClass));
            }
            idAttribute = String.join(", ", idNames);
        } else {
            idAttribute = id.getAttributeName();
            attributes.add(new EntityAttribute(idAttribute, AttributeKind.ID, typeName(id.getJavaType()), false,
                    sensitive(javaClass, idAttribute), null, null));
        }
        EntityVersionMapping version = persister.getVersionMapping();
        String versionAttribute = version == null ? null : version.getVersionAttribute().getAttributeName();
        for (AttributeMapping attribute : list(persister.getAttributeMappings())) {
            if (NavigablePath.IDENTIFIER_MAPPER_PROPERTY.equals(attribute.getAttributeName())) {
                continue;
            }
            AttributeKind kind = attribute.getAttributeName().equals(versionAttribute) ? AttributeKind.VERSION
                    : kindOf(attribute);
            attributes.add(attribute(persister, attribute, kind, javaClass));
        }
        EntityMappingType superType = persister.getSuperMappingType();
        List<String> subTypes = persister.getSubMappingTypes().stream().map(MappingReader::nameOf).sorted().toList();
        return new EntityType(name, javaClass == null ? persister.getEntityName() : javaClass.getName(), table,
                columns(selectables(id)), idAttribute, versionAttribute,
                superType == null ? null : nameOf(superType), subTypes, attributes,
                persister.getSoftDeleteMapping() == null ? null
                        : SqlNames.column(persister.getSoftDeleteMapping().getColumnName()));
    }

    private EntityAttribute attribute(EntityPersister persister, AttributeMapping attribute, AttributeKind kind,
            Class<?> javaClass) {
        String name = attribute.getAttributeName();
        String target = null;
        JavaType<?> javaType = attribute.getJavaType();
        if (attribute.isPluralAttributeMapping()) {
            CollectionPart element = attribute.asPluralAttributeMapping().getElementDescriptor();
            javaType = element.getJavaType();
            if (element instanceof EntityValuedModelPart entity) {
                target = nameOf(entity.getEntityMappingType());
            }
        } else if (attribute instanceof EntityAssociationMapping association) {
            target = nameOf(association.getAssociatedEntityMappingType());
        }
        String reference = attributeReferences.get(reference(nameOf(persister), name));
        if (reference == null) {
            reference = attributeReferences.get(reference(declaringEntity(persister, name), name));
        }
        boolean nullable = kind != AttributeKind.ID && attribute.getAttributeMetadata() != null
                && attribute.getAttributeMetadata().isNullable();
        return new EntityAttribute(name, kind, typeName(javaType), nullable, sensitive(javaClass, name), reference,
                target);
    }

    private AttributeKind kindOf(AttributeMapping attribute) {
        if (attribute.isPluralAttributeMapping()) {
            PluralAttributeMapping plural = attribute.asPluralAttributeMapping();
            CollectionPart element = plural.getElementDescriptor();
            if (!(element instanceof EntityValuedModelPart)) {
                return AttributeKind.ELEMENT_COLLECTION;
            }
            return plural.getCollectionDescriptor().isOneToMany()
                    || oneToManyRoles.getOrDefault(plural.getCollectionDescriptor().getRole(), false)
                    ? AttributeKind.ONE_TO_MANY : AttributeKind.MANY_TO_MANY;
        }
        if (attribute instanceof EntityAssociationMapping || attribute instanceof DiscriminatedAssociationModelPart) {
            return AttributeKind.TO_ONE;
        }
        if (attribute instanceof EmbeddableValuedModelPart) {
            return AttributeKind.EMBEDDED;
        }
        return AttributeKind.BASIC;
    }

    /** Whether the Java member carries {@link Sensitive}; dynamic-map entities have no members, so never. */
    private static boolean sensitive(Class<?> javaClass, String attribute) {
        if (javaClass == null || Map.class.isAssignableFrom(javaClass)) {
            return false;
        }
        String capitalized = attribute.isEmpty() ? attribute
                : attribute.substring(0, 1).toUpperCase(Locale.ROOT) + attribute.substring(1);
        for (Class<?> c = javaClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (annotated(c, attribute, "get" + capitalized, "is" + capitalized)) {
                return true;
            }
        }
        return false;
    }

    private static boolean annotated(Class<?> type, String field, String... getters) {
        List<AnnotatedElement> members = new ArrayList<>();
        try {
            members.add(type.getDeclaredField(field));
        } catch (NoSuchFieldException e) {
            // property access, or declared elsewhere in the hierarchy
        }
        for (String getter : getters) {
            try {
                members.add(type.getDeclaredMethod(getter));
            } catch (NoSuchMethodException e) {
                // field access
            }
        }
        return members.stream().anyMatch(m -> m.isAnnotationPresent(Sensitive.class));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static String nameOf(EntityMappingType type) {
        return type.getEntityPersister().getJpaEntityName();
    }

    boolean sameHierarchy(String entity, String other) {
        EntityPersister a = persister(entity);
        EntityPersister b = persister(other);
        return a != null && b != null && sameHierarchy(a, b);
    }

    private EntityPersister persister(String entity) {
        return byName.get(entity);
    }

    private static boolean sameHierarchy(EntityMappingType a, EntityMappingType b) {
        return a.getRootEntityDescriptor() == b.getRootEntityDescriptor();
    }

    private static int depth(EntityMappingType type) {
        int depth = 0;
        for (EntityMappingType t = type.getSuperMappingType(); t != null; t = t.getSuperMappingType()) {
            depth++;
        }
        return depth;
    }

    /** The topmost entity of the hierarchy that has the attribute (its declaring entity). */
    private static String declaringEntity(EntityMappingType type, String attribute) {
        EntityMappingType declaring = type;
        while (declaring.getSuperMappingType() != null
                && declaring.getSuperMappingType().findAttributeMapping(attribute) != null) {
            declaring = declaring.getSuperMappingType();
        }
        return nameOf(declaring);
    }

    private static String reference(String entity, String attribute) {
        return entity + "#" + attribute;
    }

    private static List<AttributeMapping> list(AttributeMappingsList attributes) {
        List<AttributeMapping> list = new ArrayList<>(attributes.size());
        for (int i = 0; i < attributes.size(); i++) {
            list.add(attributes.get(i));
        }
        return list;
    }

    private static List<SelectableMapping> selectables(ModelPart part) {
        List<SelectableMapping> selectables = new ArrayList<>();
        part.forEachSelectable((i, s) -> selectables.add(s));
        return selectables;
    }

    /** Physical column names; formulas have none and are left out. */
    private static List<String> columns(List<SelectableMapping> selectables) {
        return selectables.stream().filter(s -> !s.isFormula())
                .map(s -> SqlNames.column(s.getSelectionExpression())).toList();
    }

    private static boolean allNullable(List<SelectableMapping> selectables) {
        return !selectables.isEmpty() && selectables.stream().allMatch(SelectableMapping::isNullable);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String typeName(JavaType<?> javaType) {
        return javaType == null ? Object.class.getName() : javaType.getJavaTypeClass().getName();
    }

    private void spell(String table, List<String> columns) {
        spellings.putIfAbsent(SqlNames.fold(table), table);
        for (String column : columns) {
            spellings.putIfAbsent(SqlNames.fold(table) + "." + SqlNames.fold(column), column);
        }
    }
}
