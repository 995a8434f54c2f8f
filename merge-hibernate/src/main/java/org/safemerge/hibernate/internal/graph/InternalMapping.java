package org.safemerge.hibernate.internal.graph;

import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.internal.ToOneAttributeMapping;

/**
 * The only place that touches Hibernate's {@code metamodel.mapping.internal} types: the public mapping API exposes
 * to-one associations ({@code EntityAssociationMapping}), but not whether a to-one is a one-to-one (a unique FK)
 * nor whether it keeps its FK in a join table.
 */
final class InternalMapping {
    private InternalMapping() {
    }

    /** Whether a to-one attribute is a one-to-one (owning: unique FK; or inverse / primary-key based). */
    static boolean isOneToOne(AttributeMapping toOne) {
        return toOne instanceof ToOneAttributeMapping t
                && t.getCardinality() != ToOneAttributeMapping.Cardinality.MANY_TO_ONE;
    }

    /** Whether a to-one attribute keeps its FK in a {@code @JoinTable} rather than in the entity's table. */
    static boolean usesJoinTable(AttributeMapping toOne) {
        return toOne instanceof ToOneAttributeMapping t && t.hasJoinTable();
    }
}
