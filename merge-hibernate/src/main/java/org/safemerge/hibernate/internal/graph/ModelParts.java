package org.safemerge.hibernate.internal.graph;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.AttributeMappingsList;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.safemerge.hibernate.internal.compat.HibernateSupport;

/** Small questions asked of Hibernate's runtime mapping model by every reader of it. */
final class ModelParts {
    private ModelParts() {
    }

    static String nameOf(EntityMappingType type) {
        return HibernateSupport.compat().jpaEntityName(type.getEntityPersister());
    }

    static boolean sameHierarchy(EntityMappingType a, EntityMappingType b) {
        return a.getRootEntityDescriptor() == b.getRootEntityDescriptor();
    }

    static int depth(EntityMappingType type) {
        int depth = 0;
        for (EntityMappingType t = type.getSuperMappingType(); t != null; t = t.getSuperMappingType()) {
            depth++;
        }
        return depth;
    }

    /** The topmost entity of the hierarchy that has the attribute (its declaring entity). */
    static String declaringEntity(EntityMappingType type, String attribute) {
        EntityMappingType declaring = type;
        while (declaring.getSuperMappingType() != null
                && declaring.getSuperMappingType().findAttributeMapping(attribute) != null) {
            declaring = declaring.getSuperMappingType();
        }
        return nameOf(declaring);
    }

    static List<AttributeMapping> list(AttributeMappingsList attributes) {
        List<AttributeMapping> list = new ArrayList<>(attributes.size());
        for (int i = 0; i < attributes.size(); i++) {
            list.add(attributes.get(i));
        }
        return list;
    }

    static List<SelectableMapping> selectables(ModelPart part) {
        List<SelectableMapping> selectables = new ArrayList<>();
        part.forEachSelectable((i, s) -> selectables.add(s));
        return selectables;
    }

    static boolean allNullable(List<SelectableMapping> selectables) {
        return !selectables.isEmpty() && selectables.stream().allMatch(SelectableMapping::isNullable);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
