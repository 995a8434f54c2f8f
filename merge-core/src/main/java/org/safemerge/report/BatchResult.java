package org.safemerge.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.safemerge.report.MergeGroup;

/**
 * What an executed batch did: every committed group with its merge id (the id in its audit events) and rows
 * changed, and the groups skipped as blocked. Kept small on purpose (no steps): the audit trail has the detail.
 * Immutable.
 *
 * @param batchId the batch run's id
 * @param entity the entity name
 * @param groupsTotal the groups of this run
 * @param merged the committed groups, in batch order
 * @param skipped the groups left alone because their plan was blocked ({@code skipBlockedGroups()})
 * @param startedAt when the run began
 * @param finishedAt when it ended (or failed)
 */
public record BatchResult(String batchId, String entity, int groupsTotal, List<GroupResult> merged,
        List<GroupResult> skipped, Instant startedAt, Instant finishedAt) {

    public BatchResult {
        Objects.requireNonNull(batchId, "batchId");
        merged = List.copyOf(merged);
        skipped = List.copyOf(skipped);
    }

    /**
     * One group's outcome.
     *
     * @param group the group
     * @param mergeId its merge id (in its audit events)
     * @param rowsChanged the rows it changed (0 when skipped)
     * @param blockingHazards why it was skipped (with one sample row id each; the dry run shows more); empty for a
     *                        merged group
     */
    public record GroupResult(MergeGroup group, String mergeId, long rowsChanged, List<Hazard> blockingHazards) {
        public GroupResult {
            blockingHazards = List.copyOf(blockingHazards);
        }
    }

    /** Rows changed by all committed groups. */
    public long rowsChanged() {
        return merged.stream().mapToLong(GroupResult::rowsChanged).sum();
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** One line per outcome kind, then the skipped groups with their reasons. */
    public String toText() {
        StringBuilder out = new StringBuilder("Batch ").append(batchId).append(": ").append(merged.size())
                .append(" of ").append(groupsTotal).append(' ').append(entity).append(" group(s) merged, ")
                .append(rowsChanged()).append(" row(s) changed");
        if (!skipped.isEmpty()) {
            out.append(", ").append(skipped.size()).append(" skipped as blocked");
        }
        out.append(" in ").append(duration().toMillis()).append(" ms\n");
        for (GroupResult group : skipped) {
            out.append("  skipped ").append(group.group()).append(":\n");
            for (Hazard hazard : group.blockingHazards()) {
                out.append("    ").append(hazard.kind()).append(": ").append(hazard.message()).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
