package org.safemerge.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a batch would do: the dry run of every group, planned from the current data, in batch order. Immutable and
 * redacted like {@link MergeReport}. A group whose records point at a duplicate of another group carries a
 * {@link HazardKind#BATCH_ORDER} note: execution plans it after that group, so its counts can differ by those rows.
 *
 * @param batchId the id of this dry run (the merge ids of its groups are in their reports)
 * @param entity the entity name
 * @param groups one dry run per group, in batch order
 * @param createdAt when the report was made
 */
public record BatchReport(String batchId, String entity, List<MergeReport> groups, Instant createdAt) {

    public BatchReport {
        Objects.requireNonNull(batchId, "batchId");
        groups = List.copyOf(groups);
    }

    /** The groups whose plan is blocked: {@code execute()} fails on them, or skips them with skipBlockedGroups(). */
    public List<MergeReport> blocked() {
        return groups.stream().filter(MergeReport::blocked).toList();
    }

    /** Rows the plans expect to change, over all groups. */
    public long expectedRowsTotal() {
        return groups.stream().mapToLong(MergeReport::expectedRowsTotal).sum();
    }

    /** Expected rows per association or attribute ({@link Step#subject()}), over all groups, in plan order. */
    public Map<String, Long> expectedRowsBySubject() {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (MergeReport group : groups) {
            for (Step step : group.steps()) {
                totals.merge(step.subject(), step.expectedRows(), Long::sum);
            }
        }
        return totals;
    }

    /** A summary for logs and terminals: totals per association, then every blocked group in full. */
    public String toText() {
        StringBuilder out = new StringBuilder("Dry run of batch ").append(batchId).append(": ").append(groups.size())
                .append(' ').append(entity).append(" group(s), ").append(expectedRowsTotal())
                .append(" row(s) to change");
        List<MergeReport> blocked = blocked();
        out.append(blocked.isEmpty() ? "\n" : ", " + blocked.size() + " group(s) BLOCKED\n");
        expectedRowsBySubject().forEach((subject, rows) -> out.append("  ").append(subject).append(": ").append(rows)
                .append(rows == 1 ? " row\n" : " rows\n"));
        long ordered = groups.stream().filter(g -> g.hazards().stream()
                .anyMatch(h -> h.kind() == HazardKind.BATCH_ORDER)).count();
        if (ordered > 0) {
            out.append(ordered).append(" group(s) point at duplicates of other groups and run after them\n");
        }
        for (MergeReport group : blocked) {
            out.append('\n').append(group.toText());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
