package org.safemerge.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.RowStep;
import org.safemerge.report.Step;

/**
 * The notices of a plan ({@code MergeReport.notices()}): each reference whose rows the plan changes and that no
 * index leads with. Performance only; never blocking. Nothing when the graph does not know the indexes.
 */
final class IndexNotices {
    private IndexNotices() {
    }

    static List<Hazard> of(AssociationGraph graph, List<Step> steps) {
        if (graph == null || !graph.indexesKnown()) {
            return List.of();
        }
        Map<String, Long> rowsByReference = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step instanceof RowStep row && row.expectedRows() > 0) {
                rowsByReference.merge(row.reference(), row.expectedRows(), Long::sum);
            }
        }
        List<Hazard> notices = new ArrayList<>();
        rowsByReference.forEach((key, rows) -> {
            Optional<InboundReference> found = graph.reference(key);
            if (found.isEmpty() || found.get().columns().isEmpty() || graph.index(found.get()).isPresent()) {
                return;
            }
            InboundReference reference = found.get();
            String columns = String.join(", ", reference.columns());
            String where = reference.table() + "(" + columns + ")";
            notices.add(new Hazard(HazardKind.UNINDEXED_REFERENCE, false, key, reference.table(), rows, List.of(),
                    "missing index on " + where + ": this merge will scan " + reference.table() + " to find and "
                    + "change the duplicates' rows, and the database scans it again for the FK check when a "
                    + "duplicate is deleted; slow and lock-heavy on a large table. It does not block the merge",
                    List.of("CREATE INDEX ... ON " + where, "or in the mapping: @Table(indexes = @Index(columnList = \""
                            + columns + "\"))")));
        });
        return notices;
    }
}
