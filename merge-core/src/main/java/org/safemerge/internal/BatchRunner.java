package org.safemerge.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.safemerge.BatchMerge;
import org.safemerge.spi.BatchProgress;
import org.safemerge.MergeException;
import org.safemerge.report.MergeGroup;
import org.safemerge.MergePlan;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.report.BatchReport;
import org.safemerge.report.BatchResult;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.ReportMode;
import org.safemerge.report.Step;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch: per chunk of groups, one transaction in which every group is planned by the single-merge
 * {@link Planner} and the same step of all groups is applied at once ({@link MergeStore#applyAll}), so a store can
 * do a chunk's work with one statement per association. Groups are disjoint; a group whose records point at a
 * duplicate of another group of the chunk (its parent, say) is planned again after that group ran, so that no plan
 * is made from rows another group is about to change.
 */
public final class BatchRunner {
    private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

    private BatchRunner() {
    }

    /**
     * What {@link #execute} did; {@code failure} is null when every chunk committed.
     *
     * @param result the committed (and skipped) groups
     * @param failure why the batch stopped, or null
     * @param rolledBack the groups of the chunk that failed
     * @param failedGroup the group being planned or changed alone when it failed, or null
     * @param resumeAt the index of the first group not committed
     */
    public record Outcome(BatchResult result, MergeException failure, List<MergeGroup> rolledBack,
            MergeGroup failedGroup, int resumeAt) {
    }

    public static BatchReport dryRun(BatchMerge<?> batch) {
        String batchId = MergeRun.newMergeId();
        log.debug("batch {}: dry run of {} {} groups", batchId, batch.groups().size(), batch.entity().name());
        Map<Object, Integer> groupOfDuplicate = groupOfDuplicate(batch.groups());
        List<MergeReport> reports = new ArrayList<>();
        int offset = 0;
        for (List<MergeGroup> chunk : chunks(batch)) {
            int first = offset;
            reports.addAll(MergeRun.guardDryRun(() -> batch.executor().run(RunMode.READ_ONLY, store -> {
                store.prepare(batch.entity(), chunk, sampleLimit(batch));
                List<MergeReport> chunkReports = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    MergePlan<?> plan = batch.plan(chunk.get(i));
                    PlannedMerge planned = Planner.plan(plan, store);
                    int index = first + i;
                    // Execution plans a group after the groups (earlier, or of its chunk) whose duplicates it points at.
                    int chunkEnd = first + chunk.size();
                    List<Hazard> hazards = new ArrayList<>(planned.hazards());
                    for (Object target : pointers(batch, planned)) {
                        Integer owner = groupOfDuplicate.get(target);
                        if (owner != null && owner != index && owner < chunkEnd) {
                            hazards.add(orderNote(batch.groups().get(owner), target));
                        }
                    }
                    Redaction redaction = new Redaction(plan);
                    chunkReports.add(new MergeReport(MergeRun.newMergeId(), ReportMode.DRY_RUN,
                            plan.entity().name(), plan.survivorId(), plan.duplicateIds(),
                            planned.steps().stream().map(redaction::step).toList(),
                            hazards.stream().map(redaction::hazard).toList(), List.of(), planned.fingerprint(),
                            Instant.now(), planned.rowDigests(), List.of(),
                            IndexNotices.of(plan.executor().graph(), planned.steps())));
                }
                return chunkReports;
            })));
            offset += chunk.size();
        }
        return new BatchReport(batchId, batch.entity().name(), reports, Instant.now());
    }

    private static Hazard orderNote(MergeGroup owner, Object target) {
        return new Hazard(HazardKind.BATCH_ORDER, false, "batch", null, 1, List.of(target), "a record of this "
                + "group points at " + target + ", a duplicate of group " + owner + "; execution plans this group "
                + "after that one, so its steps can differ from this dry run by the rows that group re-points",
                List.of());
    }

    public static Outcome execute(BatchMerge<?> batch) {
        String batchId = MergeRun.newMergeId();
        Instant started = Instant.now();
        List<List<MergeGroup>> chunks = chunks(batch);
        List<BatchResult.GroupResult> merged = new ArrayList<>();
        List<BatchResult.GroupResult> skipped = new ArrayList<>();
        int offset = 0;
        // In the caller's transaction nothing is committed until the caller commits: a failure takes all chunks.
        boolean joined = batch.executor().joinsCallerTransaction();
        log.debug("batch {}: {} {} groups in {} chunks", batchId, batch.groups().size(), batch.entity().name(),
                chunks.size());
        for (int c = 0; c < chunks.size(); c++) {
            List<MergeGroup> chunk = chunks.get(c);
            ChunkRun run = new ChunkRun(batch, chunk);
            try {
                run.execute();
            } catch (MergeException e) {
                log.debug("batch {}: chunk {} of {} failed and was rolled back: {}", batchId, c + 1, chunks.size(),
                        e.getMessage());
                if (joined) {
                    BatchResult none = new BatchResult(batchId, batch.entity().name(), batch.groups().size(),
                            List.of(), List.of(), started, Instant.now());
                    return new Outcome(none, e, batch.groups().subList(0, offset + chunk.size()), run.failedGroup(e),
                            0);
                }
                BatchResult done = new BatchResult(batchId, batch.entity().name(), batch.groups().size(), merged,
                        skipped, started, Instant.now());
                return new Outcome(done, e, chunk, run.failedGroup(e), offset);
            }
            merged.addAll(run.merged);
            skipped.addAll(run.skipped);
            offset += chunk.size();
            report(batch, new BatchProgress(merged.size(), skipped.size(), batch.groups().size(),
                    merged.stream().mapToLong(BatchResult.GroupResult::rowsChanged).sum(), c + 1, chunks.size()));
        }
        BatchResult result = new BatchResult(batchId, batch.entity().name(), batch.groups().size(), merged, skipped,
                started, Instant.now());
        log.debug("batch {}: done, {} groups merged, {} skipped, {} rows changed", batchId, merged.size(),
                skipped.size(), result.rowsChanged());
        return new Outcome(result, null, List.of(), null, batch.groups().size());
    }

    private static void report(BatchMerge<?> batch, BatchProgress progress) {
        if (batch.progress() == null) {
            return;
        }
        try {
            batch.progress().onProgress(progress);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // the chunks before are committed: an Error escaping here would hide that

            log.warn("batch progress listener {} failed; the batch goes on", batch.progress(), e);
        }
    }

    /** One chunk: one {@link MergeRun}, its groups planned in waves and their same steps applied together. */
    private static final class ChunkRun {
        private final BatchMerge<?> batch;
        private final List<GroupRun> groups = new ArrayList<>();
        private final MergeRun run;
        private final List<BatchResult.GroupResult> merged = new ArrayList<>();
        private final List<BatchResult.GroupResult> skipped = new ArrayList<>();

        ChunkRun(BatchMerge<?> batch, List<MergeGroup> chunk) {
            this.batch = batch;
            for (MergeGroup group : chunk) {
                groups.add(new GroupRun(group, batch.plan(group), MergeRun.newMergeId(), true));
            }
            this.run = new MergeRun(batch.executor(), RunMode.EXECUTE, batch.entity(), groups);
        }

        void execute() {
            run.run(store -> {
                List<GroupRun> pending = new ArrayList<>(groups);
                while (!pending.isEmpty()) {
                    // skipped (blocked) groups leave with their wave; nothing of theirs is applied
                    List<GroupRun> wave = planWave(store, pending);
                    apply(store, wave);
                    pending.removeAll(wave);
                }
                return null;
            });
            for (GroupRun group : groups) {
                if (group.skippedFor() == null) {
                    merged.add(new BatchResult.GroupResult(group.group(), group.mergeId(), group.changed(),
                            List.of()));
                } else {
                    skipped.add(new BatchResult.GroupResult(group.group(), group.mergeId(), 0,
                            group.planned().hazards().stream().filter(Hazard::blocking).toList()));
                }
            }
        }

        /** The group being planned or changed alone when the chunk failed with {@code failure}, or null. */
        MergeGroup failedGroup(MergeException failure) {
            return run.failedGroup(failure);
        }

        /**
         * Plans the pending groups and returns those that can run now: the ones none of whose records points at a
         * duplicate of another pending group (at least one, so that mutual pointers still progress). Blocked
         * groups fail the chunk, or are skipped.
         */
        private List<GroupRun> planWave(MergeStore store, List<GroupRun> pending) {
            store.prepare(batch.entity(), pending.stream().map(GroupRun::group).toList(), sampleLimit(batch));
            pending.forEach(group -> group.plan(store));
            Map<Object, GroupRun> ownerOfDuplicate = new HashMap<>();
            for (GroupRun group : pending) {
                group.group().duplicateIds().forEach(d -> ownerOfDuplicate.put(d, group));
            }
            List<GroupRun> wave = new ArrayList<>();
            for (GroupRun group : pending) {
                boolean waits = pointers(batch, group.planned()).stream().map(ownerOfDuplicate::get)
                        .anyMatch(owner -> owner != null && owner != group);
                if (!waits) {
                    wave.add(group);
                }
            }
            if (wave.isEmpty()) {
                wave.add(pending.get(0));
            }
            for (GroupRun group : wave) {
                if (group.planned().blocked() && batch.skipBlockedGroups()) {
                    group.skip();
                } else {
                    group.refuseIfStaleOrBlocked();
                }
            }
            return wave;
        }

        /** The same step of every group of the wave at once, in an order that keeps each group's own step order. */
        private void apply(MergeStore store, List<GroupRun> wave) {
            List<GroupRun> runnable = wave.stream().filter(r -> r.skippedFor() == null).toList();
            Map<StepKey, List<Keyed>> byKey = new LinkedHashMap<>();
            List<List<StepKey>> sequences = new ArrayList<>();
            for (GroupRun group : runnable) {
                List<Step> steps = group.planned().steps();
                List<StepKey> sequence = StepKey.of(group.plan(), steps);
                for (int i = 0; i < steps.size(); i++) {
                    byKey.computeIfAbsent(sequence.get(i), k -> new ArrayList<>()).add(new Keyed(group, steps.get(i)));
                }
                sequences.add(sequence);
            }
            List<StepKey> order = mergedOrder(new ArrayList<>(byKey.keySet()), sequences);
            if (order == null) {
                // the groups' step orders disagree (never expected): run each group's steps in its own order
                for (GroupRun group : runnable) {
                    for (Step step : group.planned().steps()) {
                        applyBucket(store, List.of(new Keyed(group, step)));
                    }
                }
                return;
            }
            for (StepKey key : order) {
                applyBucket(store, byKey.get(key));
            }
        }

        /**
         * One statement's worth: the same step of several groups through {@link MergeStore#applyAll}. A failure of
         * the statement is the group's own when it serves one group; a refused audit event always is.
         */
        private void applyBucket(MergeStore store, List<Keyed> bucket) {
            List<Step> steps = new ArrayList<>(bucket.size());
            List<MergeStore.StepContext> contexts = new ArrayList<>(bucket.size());
            List<Auditor.StepAudit> audits = new ArrayList<>(bucket.size());
            for (Keyed keyed : bucket) {
                Auditor.StepAudit audit = keyed.group.audit(keyed.step);
                steps.add(keyed.step);
                audits.add(audit);
                contexts.add(keyed.group.context(audit));
            }
            long[] rows = bucket.size() == 1 ? bucket.get(0).group.own(() -> store.applyAll(steps, contexts))
                    : store.applyAll(steps, contexts);
            for (int i = 0; i < bucket.size(); i++) {
                bucket.get(i).group.applied(audits.get(i), rows[i]);
            }
        }
    }

    /** A step of a group. */
    private record Keyed(GroupRun group, Step step) {
    }

    /**
     * One order of all keys that keeps every sequence's own order (a topological order; ties go to the key seen
     * first), or null when the sequences contradict each other.
     */
    static <K> List<K> mergedOrder(List<K> keys, List<List<K>> sequences) {
        Map<K, Integer> rank = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            rank.put(keys.get(i), i);
        }
        Map<K, Set<K>> next = new HashMap<>();
        Map<K, Integer> incoming = new HashMap<>();
        keys.forEach(k -> incoming.put(k, 0));
        for (List<K> sequence : sequences) {
            for (int i = 1; i < sequence.size(); i++) {
                if (next.computeIfAbsent(sequence.get(i - 1), k -> new HashSet<>()).add(sequence.get(i))) {
                    incoming.merge(sequence.get(i), 1, Integer::sum);
                }
            }
        }
        PriorityQueue<K> ready = new PriorityQueue<>(Comparator.comparing(rank::get));
        incoming.forEach((key, count) -> {
            if (count == 0) {
                ready.add(key);
            }
        });
        List<K> order = new ArrayList<>(keys.size());
        while (!ready.isEmpty()) {
            K key = ready.poll();
            order.add(key);
            for (K after : next.getOrDefault(key, Set.of())) {
                if (incoming.merge(after, -1, Integer::sum) == 0) {
                    ready.add(after);
                }
            }
        }
        return order.size() == keys.size() ? order : null;
    }

    /** Ids the group's records point at through to-ones into the merged entity's own hierarchy (e.g. a parent). */
    private static Set<Object> pointers(BatchMerge<?> batch, PlannedMerge planned) {
        AssociationGraph graph = batch.executor().graph();
        EntityType entity = batch.entity();
        Set<Object> targets = new HashSet<>();
        List<EntitySnapshot> records = new ArrayList<>();
        records.add(planned.survivor());
        records.addAll(planned.duplicates());
        for (EntityAttribute attribute : entity.attributes()) {
            if (!Attributes.selfReferencing(graph, entity, attribute)) {
                continue;
            }
            for (EntitySnapshot record : records) {
                Object value = record.values().get(attribute.name());
                if (value != null) {
                    targets.add(value);
                }
            }
        }
        return targets;
    }

    private static Map<Object, Integer> groupOfDuplicate(List<MergeGroup> groups) {
        Map<Object, Integer> owner = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            for (Object duplicate : groups.get(i).duplicateIds()) {
                owner.put(duplicate, i);
            }
        }
        return owner;
    }

    private static List<List<MergeGroup>> chunks(BatchMerge<?> batch) {
        List<List<MergeGroup>> chunks = new ArrayList<>();
        List<MergeGroup> groups = batch.groups();
        for (int from = 0; from < groups.size(); from += batch.chunkSize()) {
            chunks.add(groups.subList(from, Math.min(groups.size(), from + batch.chunkSize())));
        }
        return chunks;
    }

    /** As the single merge: at least one id per row set, so that the planner can name an occupant. */
    private static int sampleLimit(BatchMerge<?> batch) {
        return Math.max(batch.plan(batch.groups().get(0)).sampleLimit(), 1);
    }
}
