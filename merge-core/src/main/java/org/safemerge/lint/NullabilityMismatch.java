package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;

/** The mapping and the database disagree on whether an FK may be NULL; SafeMerge follows the database. */
final class NullabilityMismatch implements LintCheck {
    static final String ID = "nullability-mismatch";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "an FK NOT NULL in the mapping but nullable in the database, or the reverse";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        for (InboundReference r : graph.references()) {
            if (!r.has(ReferenceFlag.NULLABILITY_MISMATCH)) {
                continue;
            }
            String columns = Associations.columns(r);
            // the reference's nullability is the database's; the mapping says the opposite
            findings.add(r.nullable()
                    ? Associations.finding(this, r, "the mapping says " + columns + " is NOT NULL (optional = false"
                            + " or nullable = false) but the database column accepts NULL: rows without a "
                            + r.targetEntity() + " can exist behind the mapping's back, and SafeMerge, which follows "
                            + "the database, may unassign rows to NULL where the application expects a value",
                            "make the column NOT NULL (ALTER TABLE " + r.table() + " ... NOT NULL, after fixing the "
                                    + "rows that are NULL), or map the association as optional")
                    : Associations.finding(this, r, "the mapping says " + columns + " is nullable but the database "
                            + "column is NOT NULL: the application may try to store NULL and fail, and a merge "
                            + "cannot unassign these rows (it blocks where the mapping suggests it could)",
                            "map the association as required (optional = false / @JoinColumn(nullable = false)), "
                                    + "or drop NOT NULL from the column"));
        }
        return findings;
    }
}
