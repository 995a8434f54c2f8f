package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.IntegrityFinding;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.graph.InboundReference;

/**
 * References whose rows point at no row of their target, found by an integrity scan of the database (the scan is
 * given by the ORM integration: it reads data, which the other checks never do).
 */
final class DanglingReferences implements LintCheck {
    static final String ID = "dangling-references";

    private final Supplier<IntegrityReport> scan;

    DanglingReferences(Supplier<IntegrityReport> scan) {
        this.scan = Objects.requireNonNull(scan, "scan");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "rows whose reference points at no row of its target (an integrity scan of the database)";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        for (IntegrityFinding found : scan.get().dangling()) {
            InboundReference reference = graph.references().stream().filter(r -> r.key().equals(found.reference()))
                    .findFirst().orElse(null);
            if (reference == null) {
                continue; // the scan ran on another graph: nothing to name
            }
            findings.add(Associations.finding(this, reference, found.danglingRows() + " row"
                    + (found.danglingRows() == 1 ? "" : "s") + " of " + Associations.columns(reference)
                    + " point at no row of " + found.targetTable() + "(" + String.join(", ", found.targetColumns())
                    + ")" + (found.samples().isEmpty() ? "" : ", e.g. " + found.samples().get(0))
                    + ": a merge re-points them like any other row, but they already lost what they belonged to",
                    "find out where they came from (a restore, a load with constraints off, a delete behind the "
                            + "mapping's back), then point them at an existing row, NULL them, or delete them"
                            + (found.constraint() == null ? "; then add the FK constraint" : "")));
        }
        return findings;
    }
}
