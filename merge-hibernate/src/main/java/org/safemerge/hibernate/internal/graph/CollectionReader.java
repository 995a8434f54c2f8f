package org.safemerge.hibernate.internal.graph;

import static org.safemerge.hibernate.internal.graph.ModelParts.allNullable;
import static org.safemerge.hibernate.internal.graph.ModelParts.concat;
import static org.safemerge.hibernate.internal.graph.ModelParts.list;
import static org.safemerge.hibernate.internal.graph.ModelParts.nameOf;
import static org.safemerge.hibernate.internal.graph.ModelParts.selectables;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.SingularAttribute;
import java.util.List;
import org.hibernate.metamodel.CollectionClassification;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.CollectionPart;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.metamodel.mapping.EntityValuedModelPart;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.model.domain.JpaMetamodel;
import org.hibernate.persister.collection.CollectionPersister;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one collection attribute into drafts: the child's FK (one-to-many), both sides of a join table, or the
 * owner's FK of an element collection table with the to-ones inside its embeddable elements, plus a map's entity
 * key.
 */
final class CollectionReader {
    private static final Logger log = LoggerFactory.getLogger(CollectionReader.class);

    private final JpaMetamodel jpa;
    private final MappedNames names;
    private final Drafts drafts;

    CollectionReader(JpaMetamodel jpa, MappedNames names, Drafts drafts) {
        this.jpa = jpa;
        this.names = names;
        this.drafts = drafts;
    }

    void read(AttributeOwner owner, PluralAttributeMapping plural, String attributePath) {
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
        List<String> ownerColumns = names.columns(ownerKey);
        CollectionPart index = plural.getIndexDescriptor();
        List<String> indexColumns = index == null ? List.of() : names.columns(selectables(index));
        String orderColumn = !map && indexColumns.size() == 1 ? indexColumns.get(0) : null;
        List<String> mapKeyColumns = map ? indexColumns : List.of();
        boolean inverse = persister.isInverse();
        int priority = inverse ? ReferenceDraft.INVERSE : ReferenceDraft.OWNING;
        CollectionPart element = plural.getElementDescriptor();

        ReferenceDraft ownerSide;
        List<String> elementColumns;
        if (element instanceof EntityValuedModelPart child && persister.isOneToMany()) {
            // FK in the child's table (mappedBy, or a unidirectional @JoinColumn)
            ownerSide = drafts.draft(name, names.table(plural.getKeyDescriptor().getKeyTable()), ownerKey);
            if (ownerSide == null) {
                return;
            }
            ownerSide.define(ReferenceKind.FOREIGN_KEY, owner.entity(), nameOf(child.getEntityMappingType()),
                    List.of(), allNullable(ownerKey), false, !inverse);
            drafts.target(ownerSide, plural.getKeyDescriptor());
            elementColumns = List.of();
        } else if (element instanceof EntityAssociationMapping link) {
            // join table: many-to-many, or one-to-many without @JoinColumn; each side is its own reference
            String table = names.table(HibernateSupport.compat().tableName(persister));
            List<SelectableMapping> elementKey = selectables(link.getForeignKeyDescriptor().getKeyPart());
            elementColumns = names.columns(elementKey);
            String elementEntity = nameOf(link.getAssociatedEntityMappingType());
            boolean unique = set || isOneToMany(owner, plural, attributePath);
            ownerSide = drafts.draft(name, table, ownerKey);
            ReferenceDraft elementSide = drafts.draft(name, table, elementKey);
            if (ownerSide == null || elementSide == null) {
                return;
            }
            ownerSide.define(ReferenceKind.JOIN_TABLE, owner.entity(), elementEntity,
                    concat(elementColumns, mapKeyColumns), allNullable(ownerKey), unique, !inverse);
            elementSide.define(ReferenceKind.JOIN_TABLE, elementEntity, owner.entity(),
                    concat(ownerColumns, mapKeyColumns), allNullable(elementKey), unique, !inverse);
            drafts.target(ownerSide, plural.getKeyDescriptor());
            drafts.target(elementSide, link.getForeignKeyDescriptor());
            if (!inverse) {
                elementSide.name(name, ReferenceDraft.FAR_SIDE);
            }
            linkFacts(elementSide, plural, orderColumn);
        } else {
            String table = names.table(HibernateSupport.compat().tableName(persister));
            elementColumns = names.columns(selectables(element));
            ownerSide = drafts.draft(name, table, ownerKey);
            if (ownerSide == null) {
                return;
            }
            ownerSide.define(ReferenceKind.ELEMENT_COLLECTION, owner.entity(), null,
                    concat(elementColumns, mapKeyColumns), allNullable(ownerKey), set || map, true);
            drafts.target(ownerSide, plural.getKeyDescriptor());
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
            ReferenceDraft keySide = drafts.draft(name, names.table(HibernateSupport.compat().tableName(persister)), selectables(index));
            if (keySide != null) {
                // the key column lives in the same rows as the owner's: a link row, or the child entity's row
                String source = ownerSide.kind == ReferenceKind.FOREIGN_KEY ? ownerSide.sourceEntity : owner.entity();
                keySide.define(ownerSide.kind, nameOf(keyEntity.getAssociatedEntityMappingType()), source,
                        concat(ownerColumns, elementColumns), false, true, true).name(name, ReferenceDraft.FAR_SIDE);
                drafts.target(keySide, keyEntity.getForeignKeyDescriptor());
                linkFacts(keySide, plural, null);
            }
        }
        if (!attributePath.contains(".")) {
            drafts.holds(owner.entity(), attributePath, ownerSide);
        }
    }

    /** To-ones inside an embeddable element: FKs from the collection table to other entities. */
    private void elementToOnes(AttributeOwner owner, String collectionName, String table,
            EmbeddableValuedModelPart embeddable, String prefix, List<String> ownerColumns, List<String> valueColumns,
            List<String> mapKeyColumns, String orderColumn) {
        for (AttributeMapping nested : list(embeddable.getEmbeddableTypeDescriptor().getAttributeMappings())) {
            String path = prefix + nested.getAttributeName();
            if (nested instanceof EntityAssociationMapping association
                    && association.getSideNature() == ForeignKeyDescriptor.Nature.KEY) {
                List<SelectableMapping> key = selectables(association.getForeignKeyDescriptor().getKeyPart());
                ReferenceDraft draft = drafts.draft(collectionName + "." + path, table, key);
                if (draft == null) {
                    continue;
                }
                List<String> keyColumns = names.columns(key);
                List<String> others = valueColumns.stream()
                        .filter(c -> !SqlNames.containsIgnoreCase(keyColumns, c)).toList();
                draft.define(ReferenceKind.ELEMENT_COLLECTION, nameOf(association.getAssociatedEntityMappingType()),
                        owner.entity(), concat(concat(ownerColumns, others), mapKeyColumns), allNullable(key), false,
                        true).name(collectionName + "." + path, ReferenceDraft.OWNING);
                draft.flags.add(ReferenceFlag.INSIDE_EMBEDDABLE);
                draft.ordered(orderColumn);
                drafts.target(draft, association.getForeignKeyDescriptor());
                Drafts.cascade(draft, nested);
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
    private boolean isOneToMany(AttributeOwner owner, PluralAttributeMapping plural, String attributePath) {
        boolean oneToMany = false;
        try {
            ManagedType<?> type = HibernateSupport.compat().findEntityType(jpa, owner.persister().getEntityName());
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
        drafts.oneToMany(plural.getCollectionDescriptor().getRole(), oneToMany);
        return oneToMany;
    }

    private static void linkFacts(ReferenceDraft draft, PluralAttributeMapping plural, String orderColumn) {
        Drafts.cascade(draft, plural);
        if (plural.getCollectionDescriptor().hasOrphanDelete()) {
            draft.flags.add(ReferenceFlag.ORPHAN_REMOVAL);
        }
        if (plural.getSoftDeleteMapping() != null) {
            draft.flags.add(ReferenceFlag.SOFT_DELETE);
        }
        draft.ordered(orderColumn);
    }
}
