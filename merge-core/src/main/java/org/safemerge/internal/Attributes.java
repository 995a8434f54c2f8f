package org.safemerge.internal;

import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;

/** How the planner and the validator classify attributes beyond their kind. */
final class Attributes {
    private Attributes() {
    }

    /**
     * An inverse to-one ({@code mappedBy} one-to-one, e.g. {@code Partner.profile}) is a view of rows of an inbound
     * reference, like a collection: setting it on the entity writes nothing. It is decided by link strategies
     * (takeA, takeB, union) on the reference's rows, never by a {@code SetAttribute}. The owning side is the first of
     * the reference's mapping names.
     */
    static boolean inverseToOne(AssociationGraph graph, EntityType entity, EntityAttribute attribute) {
        if (attribute.kind() != AttributeKind.TO_ONE || attribute.reference() == null) {
            return false;
        }
        InboundReference reference = graph.reference(attribute.reference()).orElse(null);
        if (reference == null || reference.names().isEmpty()) {
            return false;
        }
        String owner = reference.names().get(0);
        return graph.typeAndSupertypes(entity).stream().noneMatch(t -> owner.equals(t.name() + "." + attribute.name()));
    }

    /** A to-one into the merged entity's own hierarchy (a parent, a "merged into"): it may point at a duplicate. */
    static boolean selfReferencing(AssociationGraph graph, EntityType entity, EntityAttribute attribute) {
        return attribute.kind() == AttributeKind.TO_ONE && attribute.targetEntity() != null
                && graph.entity(attribute.targetEntity()).map(target -> graph.sameHierarchy(target, entity))
                        .orElse(false);
    }

    /** Decided by link: collections and inverse to-ones. */
    static boolean decidedByLinks(AssociationGraph graph, EntityType entity, EntityAttribute attribute) {
        return attribute.kind().isCollection() || inverseToOne(graph, entity, attribute);
    }
}
