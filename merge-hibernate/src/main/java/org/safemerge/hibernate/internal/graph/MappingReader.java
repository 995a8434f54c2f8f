package org.safemerge.hibernate.internal.graph;

import static org.safemerge.hibernate.internal.graph.ModelParts.allNullable;
import static org.safemerge.hibernate.internal.graph.ModelParts.declaringEntity;
import static org.safemerge.hibernate.internal.graph.ModelParts.list;
import static org.safemerge.hibernate.internal.graph.ModelParts.nameOf;
import static org.safemerge.hibernate.internal.graph.ModelParts.selectables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.CompositeIdentifierMapping;
import org.hibernate.metamodel.mapping.DiscriminatedAssociationModelPart;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.spi.NavigablePath;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Hibernate's runtime mapping model into entity types and {@link ReferenceDraft}s: one draft per physical set
 * of columns holding an entity's id, named by every attribute that uses it. Walks every entity's attributes (into
 * embeddables) and reads to-ones itself; tables ({@link TableOwners}), collections ({@link CollectionReader}) and
 * entity types ({@link EntityTypeReader}) have their own readers.
 */
final class MappingReader {
    private static final Logger log = LoggerFactory.getLogger(MappingReader.class);

    private final BootFacts boot;
    private final List<EntityPersister> persisters = new ArrayList<>();
    private final Map<String, EntityPersister> byName = new HashMap<>();
    private final MappedNames names = new MappedNames();
    private final Drafts drafts = new Drafts(names);
    private final TableOwners tables = new TableOwners(names);
    private final CollectionReader collections;
    private final Map<String, EntityType> entities = new LinkedHashMap<>();

    MappingReader(SessionFactoryImplementor factory, BootFacts boot) {
        this.boot = boot;
        this.collections = new CollectionReader(HibernateSupport.compat().jpaMetamodel(factory), names, drafts);
        factory.getMappingMetamodel().forEachEntityDescriptor(persisters::add);
        persisters.sort(Comparator.comparing(EntityPersister::getEntityName));
        persisters.forEach(p -> byName.put(nameOf(p), p));
    }

    MappingReader read() {
        persisters.forEach(tables::register);
        persisters.forEach(this::readReferences);
        EntityTypeReader types = new EntityTypeReader(names, drafts);
        persisters.forEach(p -> entities.put(nameOf(p), types.read(p)));
        return this;
    }

    List<ReferenceDraft> drafts() {
        return drafts.all();
    }

    Map<String, EntityType> entities() {
        return entities;
    }

    /** Every table an entity is mapped to (the tables whose exported keys are references to entities). */
    Set<String> entityTables() {
        return tables.tables();
    }

    /** The entity an FK to this table points at, or null when no entity is mapped to it. */
    String tableOwner(String table) {
        return tables.owner(table);
    }

    List<String> tableKey(String table) {
        return tables.key(table);
    }

    boolean isEntityInternal(String table, List<String> columns) {
        return tables.isEntityInternal(table, columns);
    }

    /** The mapping's spelling of a table, or null when the mapping does not know it. */
    String tableSpelling(String table) {
        return names.tableSpelling(table);
    }

    /** The mapping's spelling of a column, or null when the mapping does not know it. */
    String columnSpelling(String table, String column) {
        return names.columnSpelling(table, column);
    }

    /** The mapping's spelling of its tables and columns, and whether it quoted them. */
    MappedNames names() {
        return names;
    }

    BootFacts boot() {
        return boot;
    }

    /**
     * The entity's attribute mapped to exactly this one column of this table (a basic attribute such as
     * {@code legacyNo}, or null when there is none), so that a strategy changing a referenced key can be refused.
     */
    String attributeOf(String entity, String table, String column) {
        EntityPersister persister = byName.get(entity);
        if (persister == null) {
            return null;
        }
        for (AttributeMapping attribute : list(persister.getAttributeMappings())) {
            if (attribute.isPluralAttributeMapping() || attribute instanceof EntityAssociationMapping
                    || attribute instanceof EmbeddableValuedModelPart) {
                continue;
            }
            List<SelectableMapping> columns = selectables(attribute);
            if (columns.size() == 1 && !columns.get(0).isFormula()
                    && table.equalsIgnoreCase(SqlNames.table(columns.get(0).getContainingTableExpression()))
                    && column.equalsIgnoreCase(SqlNames.column(columns.get(0).getSelectionExpression()))) {
                return attribute.getAttributeName();
            }
        }
        return null;
    }

    boolean sameHierarchy(String entity, String other) {
        EntityPersister a = byName.get(entity);
        EntityPersister b = byName.get(other);
        return a != null && b != null && ModelParts.sameHierarchy(a, b);
    }

    // ---- references ---------------------------------------------------------------------------------------

    private void readReferences(EntityPersister persister) {
        String entity = nameOf(persister);
        boolean union = persister instanceof UnionSubclassEntityPersister;
        // TABLE_PER_CLASS copies inherited columns into each concrete table: each copy is its own reference
        String physicalTable = union ? names.table(persister.getMappedTableDetails().getTableName()) : null;
        boolean root = persister.getSuperMappingType() == null;
        if (root || union) {
            AttributeOwner owner = new AttributeOwner(persister, entity,
                    nameOf(persister.getRootEntityDescriptor()), physicalTable, !root);
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
            walk(new AttributeOwner(persister, entity, declaring, physicalTable, inherited), attribute, "", false,
                    true);
        }
    }

    /** To-ones inside a composite id are derived identities ({@code @IdClass} with {@code @Id @ManyToOne}). */
    private void readIdentifier(AttributeOwner owner, EntityIdentifierMapping id) {
        if (id instanceof CompositeIdentifierMapping composite) {
            boolean virtual = id.getNature() == EntityIdentifierMapping.Nature.VIRTUAL;
            String prefix = virtual ? "" : id.getAttributeName() + ".";
            for (AttributeMapping part : list(composite.getPartMappingType().getAttributeMappings())) {
                walk(owner, part, prefix, !virtual, false);
            }
        }
    }

    private void walk(AttributeOwner owner, AttributeMapping attribute, String path, boolean embedded,
            boolean topLevel) {
        String attributePath = path + attribute.getAttributeName();
        if (attribute.isPluralAttributeMapping()) {
            if (!owner.copy()) {
                collections.read(owner, attribute.asPluralAttributeMapping(), attributePath);
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

    private void toOne(AttributeOwner owner, AttributeMapping attribute, EntityAssociationMapping association,
            String attributePath, boolean embedded, boolean topLevel) {
        ForeignKeyDescriptor fk = association.getForeignKeyDescriptor();
        EntityMappingType target = association.getAssociatedEntityMappingType();
        String name = owner.declaring() + "." + attributePath;
        List<SelectableMapping> key = selectables(fk.getKeyPart());
        if (association.getSideNature() == ForeignKeyDescriptor.Nature.KEY) {
            String table = owner.physicalTable() != null && !InternalMapping.usesJoinTable(attribute)
                    ? owner.physicalTable() : names.table(fk.getKeyTable());
            ReferenceDraft draft = drafts.draft(name, table, key);
            if (draft == null) {
                return;
            }
            draft.define(ReferenceKind.FOREIGN_KEY, nameOf(target), owner.entity(), List.of(), allNullable(key),
                    InternalMapping.isOneToOne(attribute), true).name(name, ReferenceDraft.OWNING);
            drafts.target(draft, fk);
            Drafts.cascade(draft, attribute);
            if (Drafts.cascadesRemove(attribute)) {
                // the owning side's own cascade: deleting the row holding the FK deletes its target
                draft.flags.add(ReferenceFlag.CASCADE_REMOVE_FROM_SOURCE);
            }
            if (embedded) {
                draft.flags.add(ReferenceFlag.INSIDE_EMBEDDABLE);
            }
            if (topLevel && onDeleteCascade(owner.persister(), attribute)) {
                draft.mappedOnDeleteCascade = true;
            }
            if (!embedded && ModelParts.sameHierarchy(owner.persister(), target)) {
                drafts.holds(owner.entity(), attributePath, draft);
            }
        } else if (!owner.copy()) {
            // inverse one-to-one (mappedBy): the owning side's FK, seen from the target
            ReferenceDraft draft = drafts.draft(name, names.table(fk.getKeyTable()), key);
            if (draft == null) {
                return;
            }
            draft.name(name, ReferenceDraft.INVERSE);
            drafts.target(draft, fk);
            Drafts.cascade(draft, attribute);
            if (!embedded) {
                drafts.holds(owner.entity(), attributePath, draft);
            }
        }
    }

    private static boolean onDeleteCascade(EntityPersister persister, AttributeMapping attribute) {
        OnDeleteAction[] actions = HibernateSupport.compat().propertyOnDeleteActions(persister);
        int position = attribute.getStateArrayPosition();
        return actions != null && position >= 0 && position < actions.length
                && actions[position] == OnDeleteAction.CASCADE;
    }
}
