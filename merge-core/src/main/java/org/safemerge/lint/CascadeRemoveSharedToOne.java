package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeFlag;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;

/**
 * Cascade REMOVE (or ALL) on a to-one whose target others share: a many-to-one (many rows point at one target) or a
 * one-to-one whose target other references also point at.
 */
final class CascadeRemoveSharedToOne implements LintCheck {
    static final String ID = "cascade-remove-shared-to-one";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "cascade REMOVE or ALL on a to-one to an entity other rows also reference";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        Associations.forEachDeclared(graph, (type, attribute) -> {
            if (attribute.kind() != AttributeKind.TO_ONE || !attribute.has(AttributeFlag.CASCADE_REMOVE)
                    || attribute.targetEntity() == null) {
                return;
            }
            List<InboundReference> own = Associations.referencesOf(graph, type, attribute);
            shared(graph, type, attribute, own).ifPresent(why -> findings.add(Associations.finding(this, type,
                    attribute, own, "the to-one cascades REMOVE to " + attribute.targetEntity() + ", " + why
                            + ": deleting one " + type.name() + " deletes that " + attribute.targetEntity()
                            + " for all of them (or fails on their foreign keys)",
                    "remove CascadeType.REMOVE / ALL from " + type.name() + "." + attribute.name() + " and delete "
                            + "the " + attribute.targetEntity() + " explicitly where it is really owned")));
        });
        return findings;
    }

    /** Why the target is shared, or empty when only this association points at it. */
    private static Optional<String> shared(AssociationGraph graph, EntityType type, EntityAttribute attribute,
            List<InboundReference> own) {
        EntityType target = graph.entity(attribute.targetEntity()).orElse(null);
        if (target == null) {
            return Optional.empty();
        }
        // the owning side's FK points at the target; an inverse side's (mappedBy) at this type
        Optional<InboundReference> owning = own.stream()
                .filter(r -> graph.entity(r.targetEntity()).map(t -> graph.sameHierarchy(t, target)).orElse(false))
                .findFirst();
        if (owning.isPresent() && !owning.get().unique()) {
            return Optional.of("which several " + type.name() + " rows may share (a many-to-one, "
                    + Associations.columns(owning.get()) + " is not unique)");
        }
        List<InboundReference> others = graph.referencesTo(target).stream().filter(r -> !own.contains(r)).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("which other rows also reference (" + Associations.describe(others) + ")");
    }
}
