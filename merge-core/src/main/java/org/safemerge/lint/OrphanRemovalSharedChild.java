package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeFlag;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;

/** orphanRemoval on children that other references point at: removing a child from the collection deletes it. */
final class OrphanRemovalSharedChild implements LintCheck {
    static final String ID = "orphan-removal-shared-child";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "orphanRemoval on children that other entities also reference";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        Associations.forEachDeclared(graph, (type, attribute) -> {
            if (!attribute.has(AttributeFlag.ORPHAN_REMOVAL) || attribute.targetEntity() == null) {
                return;
            }
            EntityType child = graph.entity(attribute.targetEntity()).orElse(null);
            if (child == null) {
                return;
            }
            List<InboundReference> own = Associations.referencesOf(graph, type, attribute);
            List<InboundReference> others = graph.referencesTo(child).stream().filter(r -> !own.contains(r))
                    .toList();
            if (!others.isEmpty()) {
                findings.add(Associations.finding(this, type, attribute, own, "orphanRemoval deletes a "
                        + child.name() + " as soon as it leaves " + type.name() + "." + attribute.name() + ", but "
                        + child.name() + " rows are also referenced by " + Associations.describe(others)
                        + ": those rows then block the delete or point at nothing, and a merge cannot simply "
                        + "move or unassign these children",
                        "drop orphanRemoval from " + type.name() + "." + attribute.name() + " and delete "
                                + child.name() + " rows explicitly after handling their other references; or "
                                + "suppress with the reason when those references are always removed first"));
            }
        });
        return findings;
    }
}
