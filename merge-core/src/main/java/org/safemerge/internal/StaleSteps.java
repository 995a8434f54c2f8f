package org.safemerge.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RowStep;
import org.safemerge.report.Step;

/**
 * Names what went stale between a reviewed dry run and the plan made at execution: the first step whose kind,
 * subject, rows (count, sample, digest of all row ids) differ. Compares what a report holds, so redacted values of
 * sensitive attributes are never compared (nor shown).
 */
final class StaleSteps {
    private StaleSteps() {
    }

    static Optional<String> firstDifference(MergeReport reviewed, PlannedMerge now, AssociationGraph graph) {
        List<Step> before = reviewed.steps();
        List<Step> after = now.steps();
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            Step was = before.get(i);
            Step is = after.get(i);
            String step = "step " + (i + 1) + " (" + is.kind() + " on " + name(graph, is.subject()) + rowsOf(is)
                    + ")";
            if (!was.kind().equals(is.kind()) || !was.subject().equals(is.subject())) {
                return Optional.of("step " + (i + 1) + " was " + was.kind() + " on " + was.subject() + ", now "
                        + is.kind() + " on " + is.subject());
            }
            if (was.expectedRows() != is.expectedRows()) {
                return Optional.of(step + " would change " + is.expectedRows() + " rows, the dry run showed "
                        + was.expectedRows());
            }
            if (!was.sampleRowIds().equals(is.sampleRowIds())) {
                return Optional.of(step + " would change rows " + is.sampleRowIds() + ", the dry run showed "
                        + was.sampleRowIds());
            }
            String digestWas = i < reviewed.rowDigests().size() ? reviewed.rowDigests().get(i) : "";
            if (!Objects.equals(digestWas, now.rowDigest(i)) && !digestWas.isEmpty()) {
                return Optional.of(step + " would change other rows than the dry run showed (as many, but their ids"
                        + " differ: a row was replaced by another)");
            }
        }
        if (before.size() != after.size()) {
            return Optional.of("the plan now has " + after.size() + " steps, the dry run showed " + before.size());
        }
        return Optional.empty();
    }

    /** A reference by the name {@code association(...)} takes, else the subject as it is (an attribute). */
    private static String name(AssociationGraph graph, String subject) {
        return graph.reference(subject).map(InboundReference::displayName).orElse(subject);
    }

    private static String rowsOf(Step step) {
        return step instanceof RowStep row ? ", rows of " + row.table() + " pointing at " + row.from() : "";
    }
}
