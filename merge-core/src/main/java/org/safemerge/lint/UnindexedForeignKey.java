package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;

/**
 * An FK no index leads with: a merge finds a duplicate's rows by it, and deleting a target makes the database check
 * it; both read the whole table. Needs the graph's index facts ({@link AssociationGraph#indexesKnown()}).
 */
final class UnindexedForeignKey implements LintCheck {
    static final String ID = "unindexed-foreign-key";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "an FK without an index led by its columns (slow merges and deletes)";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        if (!graph.indexesKnown()) {
            return findings;
        }
        for (InboundReference r : graph.references()) {
            if (graph.index(r).isPresent()) {
                continue;
            }
            String columns = String.join(", ", r.columns());
            findings.add(Associations.finding(this, r, "no index of " + r.table() + " starts with (" + columns
                    + "): every merge of " + r.targetEntity() + " scans " + r.table() + " to find a duplicate's "
                    + "rows, and every delete of " + r.targetEntity() + " rows makes the database scan it for the FK "
                    + "check; slow and lock-heavy on large tables",
                    "CREATE INDEX ... ON " + r.table() + " (" + columns + "), or declare it in the mapping: "
                            + "@Table(indexes = @Index(columnList = \"" + columns + "\"))"));
        }
        return findings;
    }
}
