package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeFlag;

/** {@code @Any} / {@code @ManyToAny}: rows that may point at any entity, which SafeMerge cannot follow. */
final class AnyAssociation implements LintCheck {
    static final String ID = "any-association";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "an @Any or @ManyToAny association, which SafeMerge cannot follow";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        Associations.forEachDeclared(graph, (type, attribute) -> {
            if (attribute.has(AttributeFlag.ANY)) {
                findings.add(Associations.finding(this, type, attribute, List.of(), "an @Any association stores "
                        + "a discriminator and an id that may point at any entity: it is not in the association "
                        + "graph, so a merge does not re-point its rows and they keep pointing at a removed "
                        + "duplicate (no FK constraint can catch it either)",
                        "map one association per target type, or keep merged duplicates as tombstones "
                                + "(keepDuplicates) for the types it can point at; suppress with the reason when it "
                                + "never points at merged types"));
            }
        });
        return findings;
    }
}
