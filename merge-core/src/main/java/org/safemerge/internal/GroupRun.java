package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowStep;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.TombstoneMarker;

/**
 * One group's merge inside a {@link MergeRun}: its plan, merge id and audit trail, what the planner made of it, the
 * rows it changed, and the first failure of its own operations (planned, refused, audited), captured where it
 * happens so that a failed run can name the group it failed in.
 */
final class GroupRun {
    private final MergeGroup group;
    private final MergePlan<?> plan;
    private final String mergeId;
    private final Auditor auditor;
    private PlannedMerge planned;
    private long changed;
    private MergeException skippedFor;
    private Throwable failure;

    GroupRun(MergeGroup group, MergePlan<?> plan, String mergeId, boolean audited) {
        this.group = group;
        this.plan = plan;
        this.mergeId = mergeId;
        this.auditor = new Auditor(plan, mergeId, audited);
    }

    /** The single merge of {@code plan}, as a run of one group. */
    static GroupRun of(MergePlan<?> plan, String mergeId, boolean audited) {
        return new GroupRun(new MergeGroup(plan.survivorId(), plan.duplicateIds()), plan, mergeId, audited);
    }

    MergeGroup group() {
        return group;
    }

    MergePlan<?> plan() {
        return plan;
    }

    String mergeId() {
        return mergeId;
    }

    Auditor auditor() {
        return auditor;
    }

    PlannedMerge planned() {
        return planned;
    }

    long changed() {
        return changed;
    }

    /** Why the group was skipped (blocked), or null when it ran. */
    MergeException skippedFor() {
        return skippedFor;
    }

    /**
     * Runs one of this group's own operations; a failure in it is recorded as this group's (the first one counts)
     * and rethrown.
     */
    <T> T own(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    /** {@link #own(Supplier)} for an operation without a result. */
    void own(Runnable operation) {
        own(() -> {
            operation.run();
            return null;
        });
    }

    /** Whether {@code e} is, causes or was caused by a failure of this group's own operations. */
    boolean failedWith(Throwable e) {
        return failure != null && (causes(failure, e) || causes(e, failure));
    }

    private static boolean causes(Throwable cause, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == cause) {
                return true;
            }
        }
        return false;
    }

    void started() {
        own(auditor::started);
    }

    /** Plans the group from the store's current data (again, in a later wave of a batch). */
    PlannedMerge plan(MergeStore store) {
        planned = own(() -> Planner.plan(plan, store, true));
        return planned;
    }

    /** Fails the run when the plan went stale since the reviewed dry run, or is blocked. */
    void refuseIfStaleOrBlocked() {
        own(() -> refuseIfStaleOrBlocked(plan, planned));
    }

    /** Blocked and skipped: its audit trail ends here, rolled back with the reason, whatever the run does. */
    void skip() {
        try {
            refuseIfStaleOrBlocked(plan, planned);
            throw new IllegalStateException("skip() of a group that is not blocked");
        } catch (MergeException blocked) {
            skippedFor = blocked;
            auditor.refused(blocked);
        }
    }

    /**
     * Applies the planned steps in order; returns the rows each changed. Consecutive duplicate deletions (one per
     * duplicate) go to the store together ({@link MergeStore#applyAll}): deleting them one by one re-reads and
     * flushes every record of the merge per duplicate, which makes a merge of many duplicates quadratic. A run of
     * re-points and unassigns on different tables goes together too ({@link MergeStore#applyTogether}), so that a
     * store can send them in fewer round trips.
     */
    List<Long> applyEach(MergeStore store) {
        List<Step> steps = planned.steps();
        List<Long> actual = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); ) {
            int end = i + 1;
            if (steps.get(i) instanceof DeleteDuplicate) {
                while (end < steps.size() && steps.get(end) instanceof DeleteDuplicate) {
                    end++;
                }
            } else if (independent(steps.get(i))) {
                end = independentRun(steps, i);
            }
            if (end - i == 1) {
                Auditor.StepAudit audit = audit(steps.get(i));
                long rows = store.apply(steps.get(i), context(audit));
                applied(audit, rows);
                actual.add(rows);
            } else if (steps.get(i) instanceof DeleteDuplicate) {
                List<Step> bucket = steps.subList(i, end);
                applyBucket(bucket, contexts -> store.applyAll(bucket, contexts), actual);
            } else {
                List<RowStep> bucket = steps.subList(i, end).stream().map(RowStep.class::cast).toList();
                applyBucket(bucket, contexts -> store.applyTogether(bucket, contexts), actual);
            }
            i = end;
        }
        return actual;
    }

    /** Applies steps handed to the store at once: each audited and counted as if applied alone, in order. */
    private void applyBucket(List<? extends Step> bucket, Function<List<MergeStore.StepContext>, long[]> store,
            List<Long> actual) {
        List<Auditor.StepAudit> audits = new ArrayList<>(bucket.size());
        List<MergeStore.StepContext> contexts = new ArrayList<>(bucket.size());
        for (Step step : bucket) {
            Auditor.StepAudit audit = audit(step);
            audits.add(audit);
            contexts.add(context(audit));
        }
        long[] rows = own(() -> store.apply(contexts));
        for (int k = 0; k < bucket.size(); k++) {
            applied(audits.get(k), rows[k]);
            actual.add(rows[k]);
        }
    }

    /** A step that re-points or unassigns the rows of one table by their FK: it reads nothing another table holds. */
    private static boolean independent(Step step) {
        return step instanceof RepointReferences || step instanceof UnassignReferences;
    }

    /**
     * The end of the run of independent steps from {@code from}, each on another table (two steps on one table
     * could meet the same row): {@link MergeStore#applyTogether} may send them at once.
     */
    private static int independentRun(List<Step> steps, int from) {
        Set<String> tables = new HashSet<>();
        int end = from;
        while (end < steps.size() && independent(steps.get(end))
                && tables.add(((RowStep) steps.get(end)).table().toLowerCase(Locale.ROOT))) {
            end++;
        }
        return end;
    }

    /** The audit of {@code step} of this group, about to be applied; {@link #applied} when it was. */
    Auditor.StepAudit audit(Step step) {
        return auditor.step(step, planned);
    }

    /** The step of {@code audit} changed {@code rows}: audited (a failure is this group's) and counted. */
    void applied(Auditor.StepAudit audit, long rows) {
        own(() -> audit.done(rows));
        changed += rows;
    }

    /** What the store gets with a step of this group: {@code sink} for its row ids, and the plan's options. */
    MergeStore.StepContext context(Consumer<List<Object>> sink) {
        @SuppressWarnings("unchecked")
        TombstoneMarker<Object> given = (TombstoneMarker<Object>) plan.tombstoneMarker();
        TombstoneMarker<Object> marker = given == null ? null : (duplicate, survivorId) -> marked(given, duplicate,
                survivorId);
        Consumer<List<Object>> ownSink = ids -> own(() -> sink.accept(ids));
        return new MergeStore.StepContext() {
            @Override
            public Consumer<List<Object>> rowIds() {
                return ownSink;
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

    /** Calls the caller's marker; whatever it throws (Errors too, but the JVM's own) fails the merge as its own. */
    private void marked(TombstoneMarker<Object> marker, Object duplicate, Object survivorId) {
        try {
            marker.mark(duplicate, survivorId);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (MergeException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new MergeException(MergeErrorCode.MARKER_FAILED, "the tombstone marker of the "
                    + plan.entity().name() + " merge " + plan.duplicateIds() + " -> " + plan.survivorId()
                    + " threw on duplicate " + group.duplicateIds() + "; the merge is rolled back, nothing was "
                    + "changed. Fix the marker: " + e, e);
        }
    }

    static void refuseIfStaleOrBlocked(MergePlan<?> plan, PlannedMerge planned) {
        if (plan.expectedFingerprint() != null && !plan.expectedFingerprint().equals(planned.fingerprint())) {
            String step = plan.reviewed() == null ? "" : StaleSteps.firstDifference(plan.reviewed(), planned,
                    plan.executor().graph())
                    .map(d -> ": " + d).orElse("");
            throw new MergeException(MergeErrorCode.PLAN_STALE, "the data of the " + plan.entity().name()
                    + " merge " + plan.duplicateIds() + " -> " + plan.survivorId() + ", or what the plan would do "
                    + "with it, changed since the reviewed dry run (fingerprint " + plan.expectedFingerprint()
                    + ", now " + planned.fingerprint() + ")" + step + "; nothing was changed. Run dryRun() again "
                    + "and review it");
        }
        List<Hazard> blocking = planned.hazards().stream().filter(Hazard::blocking).toList();
        if (!blocking.isEmpty()) {
            // UNIQUE_CONFLICT is the caller's own onConflict(FAIL); a conflict without a policy is a blocked plan.
            boolean refusedByFail = blocking.stream().allMatch(h -> h.kind() == HazardKind.UNIQUE_CONFLICT
                    && Optional.ofNullable(plan.associationPolicies().get(h.subject()))
                            .flatMap(AssociationPolicy::conflicts).filter(c -> c == ConflictPolicy.FAIL).isPresent());
            // a veto is the application's final word: resolving the other hazards would not make the merge happen
            boolean vetoed = blocking.stream().anyMatch(h -> h.kind() == HazardKind.VETOED);
            throw new MergeException(vetoed ? MergeErrorCode.MERGE_VETOED : refusedByFail
                    ? MergeErrorCode.UNIQUE_CONFLICT : MergeErrorCode.PLAN_BLOCKED,
                    "the " + plan.entity().name() + " merge " + plan.duplicateIds() + " -> " + plan.survivorId()
                    + (vetoed ? " was vetoed by a merge guard" : " is blocked") + "; nothing was changed:\n"
                    + blocking.stream().map(GroupRun::describe).collect(Collectors.joining("\n")));
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
}
