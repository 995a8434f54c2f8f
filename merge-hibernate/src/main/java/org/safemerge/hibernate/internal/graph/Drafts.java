package org.safemerge.hibernate.internal.graph;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.engine.spi.CascadeStyle;
import org.hibernate.engine.spi.CascadingActions;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.safemerge.graph.ReferenceFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What walking the mapping found: one {@link ReferenceDraft} per physical set of columns, which reference holds an
 * attribute's rows, and which join-table collections are one-to-many (the entity types need both).
 */
final class Drafts {
    private static final Logger log = LoggerFactory.getLogger(Drafts.class);

    private final MappedNames names;
    private final Map<String, ReferenceDraft> drafts = new LinkedHashMap<>();
    /** "Entity#attribute" to the key of the reference holding its rows (collections, self and inverse to-ones). */
    private final Map<String, String> attributeReferences = new HashMap<>();
    /** Collection role to whether it is one-to-many (join column or join table). */
    private final Map<String, Boolean> oneToManyRoles = new HashMap<>();

    Drafts(MappedNames names) {
        this.names = names;
    }

    /** The draft of these columns of {@code table}, new or shared; null (logged) when they are not physical. */
    ReferenceDraft draft(String name, String table, List<SelectableMapping> key) {
        List<String> columns = names.columns(key);
        if (table == null || columns.isEmpty() || columns.size() != key.size()) {
            log.warn("{} has no physical table or columns (a formula or a TABLE_PER_CLASS union); it is not in the "
                    + "association graph", name);
            return null;
        }
        names.spell(table, columns);
        return drafts.computeIfAbsent(SqlNames.foldedKey(table, columns), k -> new ReferenceDraft(table, columns));
    }

    /**
     * Records what the draft's columns hold: the columns of the FK's target side (the target's id, or the key a
     * {@code referencedColumnName} names). The first FK descriptor seen wins; both sides of a pair share it.
     */
    void target(ReferenceDraft draft, ForeignKeyDescriptor fk) {
        if (draft == null || draft.targetTable != null) {
            return;
        }
        String table = names.table(fk.getTargetTable());
        List<String> columns = names.columns(ModelParts.selectables(fk.getTargetPart()));
        if (table != null && !columns.isEmpty()) {
            names.spell(table, columns);
            draft.targetTable = table;
            draft.targetColumns = columns;
        }
    }

    List<ReferenceDraft> all() {
        return List.copyOf(drafts.values());
    }

    void holds(String entity, String attribute, ReferenceDraft draft) {
        attributeReferences.put(entity + "#" + attribute, draft.key);
    }

    /** The key of the reference holding the attribute's rows, or null. */
    String heldBy(String entity, String attribute) {
        return attributeReferences.get(entity + "#" + attribute);
    }

    void oneToMany(String role, boolean oneToMany) {
        oneToManyRoles.put(role, oneToMany);
    }

    boolean oneToMany(String role) {
        return oneToManyRoles.getOrDefault(role, false);
    }

    static void cascade(ReferenceDraft draft, AttributeMapping attribute) {
        if (cascadesRemove(attribute)) {
            draft.flags.add(ReferenceFlag.CASCADE_REMOVE);
        }
        CascadeStyle style = cascadeStyle(attribute);
        if (style != null && style.hasOrphanDelete()) {
            draft.flags.add(ReferenceFlag.ORPHAN_REMOVAL);
        }
    }

    /** orphanRemoval on a collection (the collection's own setting) or a to-one (its cascade style). */
    static boolean orphanRemoval(AttributeMapping attribute) {
        if (attribute.isPluralAttributeMapping()
                && attribute.asPluralAttributeMapping().getCollectionDescriptor().hasOrphanDelete()) {
            return true;
        }
        CascadeStyle style = cascadeStyle(attribute);
        return style != null && style.hasOrphanDelete();
    }

    static boolean cascadesRemove(AttributeMapping attribute) {
        CascadeStyle style = cascadeStyle(attribute);
        return style != null && style.doCascade(CascadingActions.REMOVE);
    }

    private static CascadeStyle cascadeStyle(AttributeMapping attribute) {
        return attribute.getAttributeMetadata() == null ? null : attribute.getAttributeMetadata().getCascadeStyle();
    }
}
