package org.safemerge.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.ReportMode;
import org.safemerge.report.Step;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.RunMode;
import org.safemerge.spi.TombstoneMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: dry run (plan only), rehearsal (execute, roll back) or execution. The same planner output feeds the
 * report and the execution, so a dry run shows exactly what execute() does.
 */
public final class MergeRunner {
    private static final Logger log = LoggerFactory.getLogger(MergeRunner.class);

    private MergeRunner() {
    }

    public static MergeReport dryRun(MergePlan<?> plan) {
        String mergeId = newMergeId();
        log.debug("merge {}: dry run of {} {} -> {}", mergeId, plan.entity().name(), plan.duplicateIds(),
                plan.survivorId());
        return guard(() -> plan.executor().run(RunMode.READ_ONLY, store -> {
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
        String mergeId = newMergeId();
        boolean audited = mode == RunMode.EXECUTE;
        Auditor auditor = new Auditor(plan, mergeId, audited);
        long[] changed = new long[1];
        log.debug("merge {}: {} of {} {} -> {}", mergeId, mode, plan.entity().name(), plan.duplicateIds(),
                plan.survivorId());
        try {
            MergeReport report = guard(() -> plan.executor().run(mode, store -> {
                if (audited) {
                    store.onCompletion(committed -> auditor.completed(committed, changed[0]));
                    auditor.awaitCompletion();
                }
                try {
                    // Started first, so that even a merge refused at the lock leaves started + rolled back.
                    auditor.started();
                    store.lock(plan.entity(), lockOrder(plan));
                    PlannedMerge planned = Planner.plan(plan, store);
                    refuseIfStaleOrBlocked(plan, planned);
                    List<Long> actual = apply(plan, store, planned, auditor);
                    changed[0] = actual.stream().mapToLong(Long::longValue).sum();
                    return report(plan, mergeId, mode == RunMode.EXECUTE ? ReportMode.EXECUTED
                            : ReportMode.REHEARSAL, planned, actual);
                } catch (RuntimeException | Error e) {
                    // Recorded before the executor rolls back, so the rolled-back event names the cause.
                    auditor.failed(asMergeException(e));
                    throw e;
                }
            }));
            auditor.executorReturned(null);
            log.debug("merge {}: {} done, {} rows changed", mergeId, mode, changed[0]);
            return report;
        } catch (Error e) {
            auditor.executorReturned(asMergeException(e));
            throw e;
        } catch (MergeException e) {
            auditor.executorReturned(e);
            log.debug("merge {}: {} failed: {}", mergeId, mode, e.getMessage());
            throw e;
        }
    }

    private static List<Long> apply(MergePlan<?> plan, MergeStore store, PlannedMerge planned, Auditor auditor) {
        List<Long> actual = new ArrayList<>(planned.steps().size());
        for (Step step : planned.steps()) {
            Auditor.RowEvents sink = auditor.rowIds(step);
            long rows = store.apply(step, context(plan, sink));
            sink.done(rows);
            auditor.stepDone(step, planned);
            actual.add(rows);
        }
        return actual;
    }

    /** What a store gets with each step of {@code plan}: the sink for its row ids and the plan's options. */
    static MergeStore.StepContext context(MergePlan<?> plan, Consumer<List<Object>> sink) {
        @SuppressWarnings("unchecked")
        TombstoneMarker<Object> marker = (TombstoneMarker<Object>) plan.tombstoneMarker();
        return new MergeStore.StepContext() {
            @Override
            public Consumer<List<Object>> rowIds() {
                return sink;
            }

            @Override
            public int chunkSize() {
                return plan.auditChunkSize();
            }

            @Override
            public TombstoneMarker<Object> tombstoneMarker() {
                return marker;
            }
        };
    }

    static void refuseIfStaleOrBlocked(MergePlan<?> plan, PlannedMerge planned) {
        if (plan.expectedFingerprint() != null && !plan.expectedFingerprint().equals(planned.fingerprint())) {
            throw new MergeException(MergeErrorCode.PLAN_STALE, "the data of the " + plan.entity().name()
                    + " merge " + plan.duplicateIds() + " -> " + plan.survivorId() + ", or what the plan would do "
                    + "with it, changed since the reviewed dry run (fingerprint " + plan.expectedFingerprint()
                    + ", now " + planned.fingerprint() + "); nothing was changed. Run dryRun() again and review it");
        }
        List<Hazard> blocking = planned.hazards().stream().filter(Hazard::blocking).toList();
        if (!blocking.isEmpty()) {
            // UNIQUE_CONFLICT is the caller's own onConflict(FAIL); a conflict without a policy is a blocked plan.
            boolean refusedByFail = blocking.stream().allMatch(h -> h.kind() == HazardKind.UNIQUE_CONFLICT
                    && Optional.ofNullable(plan.associationPolicies().get(h.subject()))
                            .flatMap(AssociationPolicy::conflicts).filter(c -> c == ConflictPolicy.FAIL).isPresent());
            throw new MergeException(refusedByFail ? MergeErrorCode.UNIQUE_CONFLICT : MergeErrorCode.PLAN_BLOCKED,
                    "the " + plan.entity().name() + " merge " + plan.duplicateIds() + " -> " + plan.survivorId()
                    + " is blocked; nothing was changed:\n" + blocking.stream().map(MergeRunner::describe)
                    .collect(Collectors.joining("\n")));
        }
    }

    private static String describe(Hazard hazard) {
        StringBuilder text = new StringBuilder("  - ").append(hazard.kind()).append(" on ").append(hazard.subject())
                .append(": ").append(hazard.message());
        if (!hazard.sampleRowIds().isEmpty()) {
            text.append(" (rows ").append(hazard.sampleRowIds()).append(hazard.rows() > hazard.sampleRowIds().size()
                    ? " of " + hazard.rows() : "").append(')');
        }
        for (String option : hazard.options()) {
            text.append("\n      option: ").append(option);
        }
        return text.toString();
    }

    /** Survivor and duplicates sorted by id, so that two merges of overlapping records lock in the same order. */
    private static List<Object> lockOrder(MergePlan<?> plan) {
        List<Object> ids = new ArrayList<>();
        ids.add(plan.survivorId());
        ids.addAll(plan.duplicateIds());
        return lockOrder(ids);
    }

    /** Ids sorted (naturally when they are comparable, else by their text), sorting {@code ids} in place. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object> lockOrder(List<Object> ids) {
        boolean comparable = ids.stream().allMatch(id -> id instanceof Comparable
                && id.getClass() == ids.get(0).getClass());
        Comparator<Object> order = comparable ? (a, b) -> ((Comparable) a).compareTo(b)
                : Comparator.comparing(String::valueOf);
        ids.sort(order);
        return ids;
    }

    static MergeReport report(MergePlan<?> plan, String mergeId, ReportMode mode, PlannedMerge planned,
            List<Long> actual) {
        return new MergeReport(mergeId, mode, plan.entity().name(), plan.survivorId(), plan.duplicateIds(),
                planned.steps(), planned.hazards(), actual, planned.fingerprint(), Instant.now());
    }

    /** Anything that is not a MergeException (a driver or ORM failure) becomes DATABASE_ERROR, cause attached. */
    static <R> R guard(java.util.function.Supplier<R> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw asMergeException(e);
        }
    }

    /** A MergeException anywhere in the cause chain (e.g. thrown from an ORM listener) wins over its wrappers. */
    static MergeException asMergeException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MergeException merge) {
                return merge;
            }
        }
        return new MergeException(MergeErrorCode.DATABASE_ERROR, "the merge failed and was rolled back: " + e, e);
    }

    static String newMergeId() {
        return UUID.randomUUID().toString();
    }
}
