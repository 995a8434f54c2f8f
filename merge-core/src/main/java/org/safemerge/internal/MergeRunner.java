package org.safemerge.internal;

import java.time.Instant;
import java.util.List;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.report.MergeReport;
import org.safemerge.report.ReportMode;
import org.safemerge.spi.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: dry run (plan only), rehearsal (execute, roll back) or execution, the latter two as a
 * {@link MergeRun} of one group. The same planner output feeds the report and the execution, so a dry run shows
 * exactly what execute() does.
 */
public final class MergeRunner {
    private static final Logger log = LoggerFactory.getLogger(MergeRunner.class);

    private MergeRunner() {
    }

    public static MergeReport dryRun(MergePlan<?> plan) {
        String mergeId = MergeRun.newMergeId();
        log.debug("merge {}: dry run of {} {} -> {}", mergeId, plan.entity().name(), plan.duplicateIds(),
                plan.survivorId());
        return MergeRun.guardDryRun(() -> plan.executor().run(RunMode.READ_ONLY, store -> {
            PlannedMerge planned = Planner.plan(plan, store);
            return report(plan, mergeId, ReportMode.DRY_RUN, planned, List.of());
        }));
    }

    public static MergeReport rehearse(MergePlan<?> plan) {
        return run(plan, RunMode.REHEARSE);
    }

    public static MergeReport execute(MergePlan<?> plan) {
        return run(plan, RunMode.EXECUTE);
    }

    private static MergeReport run(MergePlan<?> plan, RunMode mode) {
        GroupRun merge = GroupRun.of(plan, MergeRun.newMergeId(), mode == RunMode.EXECUTE);
        String mergeId = merge.mergeId();
        log.debug("merge {}: {} of {} {} -> {}", mergeId, mode, plan.entity().name(), plan.duplicateIds(),
                plan.survivorId());
        try {
            MergeReport report = new MergeRun(plan.executor(), mode, plan.entity(), List.of(merge)).run(store -> {
                PlannedMerge planned = merge.plan(store);
                merge.refuseIfStaleOrBlocked();
                List<Long> actual = merge.applyEach(store);
                return report(plan, mergeId, mode == RunMode.EXECUTE ? ReportMode.EXECUTED : ReportMode.REHEARSAL,
                        planned, actual);
            });
            log.debug("merge {}: {} done, {} rows changed", mergeId, mode, merge.changed());
            // committed, whatever a listener then threw on MergeCommitted: reported, not thrown
            List<String> auditFailures = merge.auditor().finalEventFailures();
            return auditFailures.isEmpty() ? report : report.withAuditFailures(auditFailures);
        } catch (MergeException e) {
            log.debug("merge {}: {} failed: {}", mergeId, mode, e.getMessage());
            throw e;
        }
    }

    private static MergeReport report(MergePlan<?> plan, String mergeId, ReportMode mode, PlannedMerge planned,
            List<Long> actual) {
        Redaction redaction = new Redaction(plan);
        return new MergeReport(mergeId, mode, plan.entity().name(), plan.survivorId(), plan.duplicateIds(),
                planned.steps().stream().map(redaction::step).toList(),
                planned.hazards().stream().map(redaction::hazard).toList(), actual, planned.fingerprint(),
                Instant.now(), planned.rowDigests(), List.of(),
                IndexNotices.of(plan.executor().graph(), planned.steps()));
    }
}
