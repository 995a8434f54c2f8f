package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;

/** A mapped association whose columns have no FK constraint in the database. */
final class MissingForeignKey implements LintCheck {
    static final String ID = "missing-foreign-key";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a mapped association without a database FK constraint";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        for (InboundReference r : graph.references()) {
            if (!r.has(ReferenceFlag.NO_DATABASE_CONSTRAINT)) {
                continue;
            }
            String target = graph.entity(r.targetEntity()).map(EntityType::table).orElse(r.targetEntity());
            findings.add(Associations.finding(this, r, "the database has no FK constraint on "
                    + Associations.columns(r) + ": rows can point at " + r.targetEntity() + " rows that do not "
                    + "exist (after deletes, restores or loads with constraints off), and nothing stops it",
                    "add the constraint (ALTER TABLE " + r.table() + " ADD CONSTRAINT ... FOREIGN KEY ("
                            + String.join(", ", r.columns()) + ") REFERENCES " + target + ", after removing "
                            + "dangling rows), or let the schema tool create it (no ConstraintMode.NO_CONSTRAINT)"));
        }
        return findings;
    }
}
