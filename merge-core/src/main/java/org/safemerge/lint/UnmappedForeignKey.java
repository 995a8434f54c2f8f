package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;

/** A database FK to an entity's table that no mapping knows. */
final class UnmappedForeignKey implements LintCheck {
    static final String ID = "unmapped-foreign-key";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a database FK to an entity that the mapping does not know";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        for (InboundReference r : graph.references()) {
            if (!r.has(ReferenceFlag.CATALOG_ONLY)) {
                continue;
            }
            String fk = r.constraintName() == null ? "a database FK" : "the database FK " + r.constraintName();
            String onDelete = r.has(ReferenceFlag.ON_DELETE_CASCADE)
                    ? "its ON DELETE CASCADE silently deletes these rows with their " + r.targetEntity()
                    : "deleting " + r.targetEntity() + " rows through the ORM fails on it";
            findings.add(Associations.finding(this, r, fk + " on " + Associations.columns(r) + " points at "
                    + r.targetEntity() + " but no mapping knows it: " + onDelete + "; SafeMerge re-points its rows, "
                    + "the application's own code does not",
                    "map the column as an association to " + r.targetEntity() + ", or suppress with the reason "
                            + "(e.g. the table belongs to another application)"));
        }
        return findings;
    }
}
