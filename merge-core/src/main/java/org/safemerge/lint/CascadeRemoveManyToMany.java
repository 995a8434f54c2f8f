package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeFlag;
import org.safemerge.graph.AttributeKind;

/** Cascade REMOVE (or ALL) on a many-to-many: deleting one owner deletes the targets every other owner links to. */
final class CascadeRemoveManyToMany implements LintCheck {
    static final String ID = "cascade-remove-many-to-many";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "cascade REMOVE or ALL on a many-to-many: deleting one owner deletes targets that others share";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        Associations.forEachDeclared(graph, (type, attribute) -> {
            if (attribute.kind() == AttributeKind.MANY_TO_MANY && attribute.has(AttributeFlag.CASCADE_REMOVE)) {
                String target = attribute.targetEntity();
                findings.add(Associations.finding(this, type, attribute,
                        Associations.referencesOf(graph, type, attribute),
                        "the many-to-many cascades REMOVE to " + target + ": deleting one " + type.name()
                                + " through the ORM deletes the " + target + " rows themselves, "
                                + "which other " + type.name() + " rows still link to; the join rows were what "
                                + "should go",
                        "remove CascadeType.REMOVE / ALL from " + type.name() + "." + attribute.name() + " (keep "
                                + "PERSIST/MERGE if needed) and unlink with " + attribute.name() + ".remove(...) or "
                                + "clear(), which deletes join rows only"));
            }
        });
        return findings;
    }
}
