package org.safemerge;

import org.safemerge.spi.BatchProgress;

import org.safemerge.report.MergeGroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.testing.LogCapture;
import org.slf4j.event.Level;
import org.safemerge.spi.AuditEvent;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.BatchReport;
import org.safemerge.report.BatchResult;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.Step;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RunMode;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/**
 * BatchMerge on the in-memory database: chains, chunks and their transactions, a failing chunk and resuming after
 * it, skipped blocked groups, per-group audit trails, the dry run, pointers between groups, and that every group
 * merges exactly as the same single merge would.
 */
class BatchMergeTest {
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");


    // ---- fixtures ----

    /**
     * Partners 1..7 survive, 11..17 are their duplicates (group i: {@code i+1 <- i+11}); each survivor has note
     * 100+i, each duplicate note 200+i (NOT NULL FK) and word 300+i (nullable FK). Partners 8..10 and 18..20 are
     * bystanders. A merged group changes 3 rows: two re-pointed, one duplicate deleted.
     */
    private static final class SevenGroups {
        final InMemoryExecutor executor = Partners.executor(20);
        final InMemoryDatabase db = executor.db();
        final RecordingAuditListener audit = new RecordingAuditListener();

        SevenGroups() {
            for (int i = 0; i < 7; i++) {
                db.insert("note", "id", 100 + i, "text", "a" + i, "partner_id", survivor(i))
                        .insert("note", "id", 200 + i, "text", "b" + i, "partner_id", duplicate(i))
                        .insert("word", "id", 300 + i, "text", "w" + i, "partner_id", duplicate(i));
            }
        }

        static long survivor(int i) {
            return i + 1;
        }

        static long duplicate(int i) {
            return i + 11;
        }

        static MergeGroup group(int i) {
            return new MergeGroup(survivor(i), List.of(duplicate(i)));
        }

        static List<MergeGroup> groups(int from, int to) {
            List<MergeGroup> groups = new ArrayList<>();
            for (int i = from; i < to; i++) {
                groups.add(group(i));
            }
            return groups;
        }

        /** All seven groups; the fifth (index 4) gets {@code extraOfFifth} as further duplicates. */
        BatchMerge.Builder<Object> batch(Object... extraOfFifth) {
            BatchMerge.Builder<Object> batch = BatchMerge.builder(executor, "Partner").audit(audit);
            for (int i = 0; i < 7; i++) {
                List<Object> duplicates = new ArrayList<>(List.of(duplicate(i)));
                if (i == 4) {
                    duplicates.addAll(List.of(extraOfFifth));
                }
                batch.group(survivor(i), duplicates);
            }
            return batch;
        }

        BatchMerge.Builder<Object> batchOf(List<MergeGroup> groups) {
            BatchMerge.Builder<Object> batch = BatchMerge.builder(executor, "Partner").audit(audit);
            groups.forEach(g -> batch.group(g.survivorId(), g.duplicateIds()));
            return batch;
        }

        void assertMerged(int i) {
            assertThat(db.row("partner", duplicate(i))).as("duplicate of group %s", i).isEmpty();
            assertThat(db.value("note", 200 + i, "partner_id")).isEqualTo(survivor(i));
            assertThat(db.value("word", 300 + i, "partner_id")).isEqualTo(survivor(i));
        }

        void assertUntouched(int i) {
            assertThat(db.row("partner", duplicate(i))).as("duplicate of group %s", i).isPresent();
            assertThat(db.value("note", 200 + i, "partner_id")).isEqualTo(duplicate(i));
            assertThat(db.value("word", 300 + i, "partner_id")).isEqualTo(duplicate(i));
        }
    }

    /** The audit events of each merge id, in the order the merges started. */
    private static Map<String, List<AuditEvent>> byMerge(RecordingAuditListener audit) {
        Map<String, List<AuditEvent>> byMerge = new LinkedHashMap<>();
        audit.events().forEach(e -> byMerge.computeIfAbsent(e.mergeId(), k -> new ArrayList<>()).add(e));
        return byMerge;
    }

    /** The events of the merge whose MergeStarted names {@code survivor}. */
    private static List<AuditEvent> eventsOfSurvivor(RecordingAuditListener audit, Object survivor) {
        String mergeId = audit.of(AuditEvent.MergeStarted.class).stream()
                .filter(s -> s.survivorId().equals(survivor)).map(AuditEvent::mergeId).reduce((a, b) -> {
                    throw new AssertionError("two merges of survivor " + survivor);
                }).orElseThrow(() -> new AssertionError("no merge of survivor " + survivor));
        return byMerge(audit).get(mergeId);
    }

    private static List<String> types(List<AuditEvent> events) {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    private static BatchMergeException batchFailsWith(MergeErrorCode code, Runnable call) {
        MergeException e = failsWith(code, call::run);
        assertThat(e).isInstanceOf(BatchMergeException.class);
        return (BatchMergeException) e;
    }

    /** An audit listener that throws on the events {@code when} accepts while it is switched on. */
    private static final class FailingListener implements AuditListener {
        private final Predicate<AuditEvent> when;
        boolean on = true;

        FailingListener(Predicate<AuditEvent> when) {
            this.when = when;
        }

        @Override
        public void onEvent(AuditEvent event) {
            if (on && when.test(event)) {
                throw new IllegalStateException("audit sink refused " + event.getClass().getSimpleName());
            }
        }
    }

    /**
     * A store that works like one overriding the batch methods: it records what {@link MergeStore#prepare} gets,
     * checks the {@link MergeStore#applyAll} contract (one kind, one subject, no step twice) and applies each bucket
     * in reverse order, so that nothing may depend on the order of groups within a bucket.
     */
    private static final class BucketCheckingExecutor implements MergeExecutor {
        final InMemoryExecutor delegate;
        final List<List<MergeGroup>> prepared = new ArrayList<>();
        final List<Integer> bucketSizes = new ArrayList<>();

        BucketCheckingExecutor(InMemoryExecutor delegate) {
            this.delegate = delegate;
        }

        @Override
        public AssociationGraph graph() {
            return delegate.graph();
        }

        @Override
        public boolean joinsCallerTransaction() {
            return delegate.joinsCallerTransaction();
        }

        @Override
        public <R> R run(RunMode mode, Function<MergeStore, R> work) {
            return delegate.run(mode, store -> work.apply(new MergeStore() {
                @Override
                public void lock(EntityType type, List<Object> idsInLockOrder) {
                    store.lock(type, idsInLockOrder);
                }

                @Override
                public Optional<EntitySnapshot> read(EntityType type, Object id) {
                    return store.read(type, id);
                }

                @Override
                public ReferenceState inspect(InboundReference reference, Object survivorId,
                        List<Object> duplicateIds, int sampleLimit) {
                    return store.inspect(reference, survivorId, duplicateIds, sampleLimit);
                }

                @Override
                public long apply(Step step, StepContext context) {
                    throw new AssertionError("a batch applies through applyAll, but got apply(" + step + ")");
                }

                @Override
                public void prepare(EntityType type, List<MergeGroup> groups, int sampleLimit) {
                    assertThat(sampleLimit).isPositive();
                    prepared.add(List.copyOf(groups));
                }

                @Override
                public long[] applyAll(List<Step> steps, List<StepContext> contexts) {
                    assertThat(contexts).hasSameSizeAs(steps);
                    assertThat(steps).extracting(Step::kind).containsOnly(steps.get(0).kind());
                    assertThat(steps).extracting(Step::subject).containsOnly(steps.get(0).subject());
                    assertThat(new HashSet<>(steps)).hasSameSizeAs(steps);
                    bucketSizes.add(steps.size());
                    long[] rows = new long[steps.size()];
                    for (int i = steps.size() - 1; i >= 0; i--) {
                        rows[i] = store.apply(steps.get(i), contexts.get(i));
                    }
                    return rows;
                }

                @Override
                public void onCompletion(Consumer<Boolean> committed) {
                    store.onCompletion(committed);
                }
            }));
        }
    }

    // ---- 1. chains ----

    private static InMemoryExecutor chainOfThree() {
        InMemoryExecutor executor = Partners.executor(4);
        executor.db().insert("note", "id", 101L, "partner_id", 1L).insert("note", "id", 102L, "partner_id", 2L)
                .insert("note", "id", 103L, "partner_id", 3L).insert("word", "id", 202L, "partner_id", 2L)
                .insert("word", "id", 203L, "partner_id", 3L).insert("note", "id", 104L, "partner_id", 4L);
        return executor;
    }

    private static void assertChainMergedIntoOne(InMemoryExecutor executor, BatchResult result) {
        InMemoryDatabase db = executor.db();
        assertThat(db.rows("partner")).extracting(r -> r.get("id")).containsExactly(1L, 4L);
        assertThat(db.rows("note")).extracting(r -> r.get("partner_id")).containsExactly(1L, 1L, 1L, 4L);
        assertThat(db.rows("word")).extracting(r -> r.get("partner_id")).containsOnly(1L);
        assertThat(result.merged()).singleElement().satisfies(g -> {
            assertThat(g.group().survivorId()).isEqualTo(1L);
            assertThat(g.group().duplicateIds()).containsExactlyInAnyOrder(2L, 3L);
        });
    }

    @Test
    void chain_viaMerges_childFirst_endsOnTheRoot() {
        InMemoryExecutor executor = chainOfThree();
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(3L, 2L);
        map.put(2L, 1L);

        BatchResult result = BatchMerge.builder(executor, "Partner").merges(map).build().execute();

        assertChainMergedIntoOne(executor, result);
    }

    @Test
    void chain_viaMerges_parentFirst_endsOnTheRoot() {
        InMemoryExecutor executor = chainOfThree();
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(2L, 1L);
        map.put(3L, 2L);

        BatchResult result = BatchMerge.builder(executor, "Partner").merges(map).build().execute();

        assertChainMergedIntoOne(executor, result);
    }

    @Test
    void chain_viaGroups_inEitherOrder_endsOnTheRoot() {
        InMemoryExecutor first = chainOfThree();
        InMemoryExecutor second = chainOfThree();

        assertChainMergedIntoOne(first, BatchMerge.builder(first, "Partner").group(2L, 3L).group(1L, 2L).build()
                .execute());
        assertChainMergedIntoOne(second, BatchMerge.builder(second, "Partner").group(1L, 2L).group(2L, 3L).build()
                .execute());
    }

    @Test
    void longChain_andIndependentGroups_mergeSeparately_inInputOrder() {
        InMemoryExecutor executor = Partners.executor(12);
        InMemoryDatabase db = executor.db();
        for (long p = 1; p <= 12; p++) {
            db.insert("note", "id", 100 + p, "partner_id", p);
        }
        RecordingAuditListener audit = new RecordingAuditListener();

        // 6 -> 5 -> 4 -> 3 (a chain), 8 -> 7 and 12 -> 11 (independent), given interleaved
        BatchResult result = BatchMerge.builder(executor, "Partner").audit(audit).merge(8L, 7L).merge(5L, 4L)
                .merge(12L, 11L).merge(6L, 5L).merge(4L, 3L).build().execute();

        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactly(
                new MergeGroup(7L, List.of(8L)), new MergeGroup(3L, List.of(5L, 6L, 4L)),
                new MergeGroup(11L, List.of(12L)));
        assertThat(audit.of(AuditEvent.MergeStarted.class)).extracting(AuditEvent.MergeStarted::survivorId)
                .containsExactly(7L, 3L, 11L);
        assertThat(db.rows("partner")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L, 3L, 7L, 9L, 10L, 11L);
        for (long p : new long[] {4, 5, 6}) {
            assertThat(db.value("note", 100 + p, "partner_id")).isEqualTo(3L);
        }
        assertThat(db.value("note", 108L, "partner_id")).isEqualTo(7L);
        assertThat(db.value("note", 112L, "partner_id")).isEqualTo(11L);
        assertThat(db.value("note", 109L, "partner_id")).isEqualTo(9L);
    }

    // ---- 3. chunking ----

    @Test
    void sevenGroupsInChunksOfThree_runThreeTransactions_andReportProgressAfterEach() {
        SevenGroups f = new SevenGroups();
        List<BatchProgress> progress = new ArrayList<>();

        BatchResult result = f.batch().chunkSize(3).progress(progress::add).build().execute();

        assertThat(f.executor.runs()).containsExactly(RunMode.EXECUTE, RunMode.EXECUTE, RunMode.EXECUTE);
        assertThat(f.executor.locks()).containsExactly(List.of(1L, 2L, 3L, 11L, 12L, 13L),
                List.of(4L, 5L, 6L, 14L, 15L, 16L), List.of(7L, 17L));
        assertThat(progress).containsExactly(new BatchProgress(3, 0, 7, 9, 1, 3), new BatchProgress(6, 0, 7, 18, 2, 3),
                new BatchProgress(7, 0, 7, 21, 3, 3));
        assertThat(progress.get(2).fraction()).isEqualTo(1.0);
        assertThat(result.merged()).extracting(BatchResult.GroupResult::group)
                .containsExactlyElementsOf(SevenGroups.groups(0, 7));
        assertThat(result.merged()).extracting(BatchResult.GroupResult::rowsChanged).containsOnly(3L);
        assertThat(result.rowsChanged()).isEqualTo(21);
        assertThat(result.skipped()).isEmpty();
        assertThat(result.groupsTotal()).isEqualTo(7);
        for (int i = 0; i < 7; i++) {
            f.assertMerged(i);
        }
        assertThat(f.db.rows("partner")).hasSize(13);
    }

    @Test
    void throwingProgressListener_doesNotStopTheBatch() {
        SevenGroups f = new SevenGroups();
        List<BatchProgress> seen = new ArrayList<>();

        BatchResult result = f.batch().chunkSize(3).progress(p -> {
            seen.add(p);
            throw new IllegalStateException("dashboard down");
        }).build().execute();

        assertThat(seen).extracting(BatchProgress::groupsDone).containsExactly(3, 6, 7);
        assertThat(result.merged()).hasSize(7);
        assertThat(log.texts(Level.WARN)).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("batch progress listener").contains("the batch goes on").contains("dashboard down"));
        for (int i = 0; i < 7; i++) {
            f.assertMerged(i);
        }
    }

    @Test
    void defaultChunk_isOneTransactionForSevenGroups() {
        SevenGroups f = new SevenGroups();

        f.batch().build().execute();

        assertThat(f.executor.runs()).containsExactly(RunMode.EXECUTE);
    }

    // ---- 4. a failing chunk ----

    @Test
    void missingDuplicateInTheSecondChunk_rollsItBack_keepsTheFirst_andLeavesTheThird() {
        SevenGroups f = new SevenGroups();
        List<BatchProgress> progress = new ArrayList<>();
        BatchMerge<Object> batch = f.batch(99L).chunkSize(3).progress(progress::add).build();
        MergeGroup fifth = batch.groups().get(4);

        BatchMergeException e = batchFailsWith(MergeErrorCode.DUPLICATE_NOT_FOUND, batch::execute);

        // the state is exactly that of a batch of the first chunk alone
        SevenGroups firstChunkOnly = new SevenGroups();
        firstChunkOnly.batchOf(SevenGroups.groups(0, 3)).build().execute();
        assertThat(f.db.snapshot()).isEqualTo(firstChunkOnly.db.snapshot());
        for (int i = 0; i < 3; i++) {
            f.assertMerged(i);
        }
        for (int i = 3; i < 7; i++) {
            f.assertUntouched(i);
        }
        assertThat(f.executor.runs()).as("the third chunk never ran").hasSize(2);

        assertThat(e).hasMessageContaining("99");
        assertThat(e.getCause()).isInstanceOf(MergeException.class);
        assertThat(e.completed().merged()).extracting(BatchResult.GroupResult::group)
                .containsExactlyElementsOf(SevenGroups.groups(0, 3));
        assertThat(e.rolledBack()).containsExactly(SevenGroups.group(3), fifth, SevenGroups.group(5));
        assertThat(e.failedGroup()).isEqualTo(fifth);
        assertThat(e.remaining().groups()).containsExactly(SevenGroups.group(3), fifth, SevenGroups.group(5),
                SevenGroups.group(6));
        assertThat(progress).extracting(BatchProgress::groupsDone).containsExactly(3);
    }

    @Test
    void failedChunk_resumedAfterTheCauseIsFixed_endsLikeOneRun() {
        SevenGroups f = new SevenGroups();
        BatchMergeException e = batchFailsWith(MergeErrorCode.DUPLICATE_NOT_FOUND,
                () -> f.batch(99L).chunkSize(3).build().execute());

        f.db.insert("partner", "id", 99L, "name", "late arrival");
        BatchResult rest = e.remaining().execute();

        SevenGroups oneRun = new SevenGroups();
        oneRun.db.insert("partner", "id", 99L, "name", "late arrival");
        oneRun.batch(99L).chunkSize(3).build().execute();
        assertThat(f.db.snapshot()).isEqualTo(oneRun.db.snapshot());
        assertThat(rest.merged()).hasSize(4);
        assertThat(rest.groupsTotal()).isEqualTo(4);
    }

    @Test
    void failedChunk_resumedWithoutTheBadGroup_mergesTheOthers() {
        SevenGroups f = new SevenGroups();
        BatchMergeException e = batchFailsWith(MergeErrorCode.DUPLICATE_NOT_FOUND,
                () -> f.batch(99L).chunkSize(3).build().execute());

        List<MergeGroup> rest = new ArrayList<>(e.remaining().groups());
        rest.remove(e.failedGroup());
        f.batchOf(rest).chunkSize(3).build().execute();

        for (int i = 0; i < 7; i++) {
            if (i == 4) {
                f.assertUntouched(i);
            } else {
                f.assertMerged(i);
            }
        }
    }

    @Test
    void auditFailureInTheSecondChunk_rollsItBack_andTheRemainingFinishOnceTheSinkWorks() {
        SevenGroups f = new SevenGroups();
        long fifthsDuplicate = SevenGroups.duplicate(4);
        FailingListener sink = new FailingListener(event -> event instanceof AuditEvent.ReferencesRepointed r
                && r.from().equals(fifthsDuplicate) && r.reference().equals("word(partner_id)"));
        BatchMerge<Object> batch = f.batch().audit(sink).chunkSize(3).build();
        SevenGroups oneRun = new SevenGroups();
        oneRun.batch().chunkSize(3).build().execute();

        BatchMergeException e = batchFailsWith(MergeErrorCode.AUDIT_FAILED, batch::execute);

        assertThat(e).hasMessageContaining("audit sink refused ReferencesRepointed");
        for (int i = 0; i < 3; i++) {
            f.assertMerged(i);
        }
        for (int i = 3; i < 7; i++) {
            f.assertUntouched(i);
        }
        assertThat(e.failedGroup()).isEqualTo(SevenGroups.group(4));
        assertThat(e.rolledBack()).containsExactlyElementsOf(SevenGroups.groups(3, 6));

        sink.on = false;
        e.remaining().execute();

        assertThat(f.db.snapshot()).isEqualTo(oneRun.db.snapshot());
    }

    @Test
    void auditFailureOnAGroupsStart_rollsBackItsChunk_andNamesTheGroup() {
        SevenGroups f = new SevenGroups();
        FailingListener sink = new FailingListener(event -> event instanceof AuditEvent.MergeStarted s
                && s.survivorId().equals(SevenGroups.survivor(4)));
        InMemoryDatabase.Snapshot before = f.db.snapshot();

        BatchMergeException e = batchFailsWith(MergeErrorCode.AUDIT_FAILED,
                () -> f.batch().audit(sink).chunkSize(7).build().execute());

        assertThat(f.db.snapshot()).isEqualTo(before);
        assertThat(e.completed().merged()).isEmpty();
        assertThat(e.rolledBack()).hasSize(7);
        assertThat(e.failedGroup()).isEqualTo(SevenGroups.group(4));
        // every group of the chunk has a whole trail: started, then rolled back with the cause
        Map<String, List<AuditEvent>> trails = byMerge(f.audit);
        assertThat(trails).hasSize(7);
        assertThat(trails.values()).allSatisfy(events -> {
            assertThat(types(events)).containsExactly("MergeStarted", "MergeRolledBack");
            assertThat(((AuditEvent.MergeRolledBack) events.get(1)).errorCode()).isEqualTo("AUDIT_FAILED");
        });
    }

    @Test
    void remainingWithNothingLeft_runsNothing() {
        SevenGroups f = new SevenGroups();
        BatchMerge<Object> batch = f.batch().build();

        BatchResult result = batch.startingAt(7).execute();

        assertThat(result.merged()).isEmpty();
        assertThat(result.groupsTotal()).isZero();
        assertThat(batch.startingAt(7).dryRun().groups()).isEmpty();
        assertThat(f.executor.runs()).isEmpty();
    }

    @Test
    void failureInTheFirstChunk_commitsNothing_andRemainingIsTheWholeBatch() {
        SevenGroups f = new SevenGroups();
        InMemoryDatabase.Snapshot before = f.db.snapshot();
        BatchMerge<Object> batch = BatchMerge.builder(f.executor, "Partner").group(1L, 11L, 98L).group(2L, 12L)
                .chunkSize(1).build();

        BatchMergeException e = batchFailsWith(MergeErrorCode.DUPLICATE_NOT_FOUND, batch::execute);

        assertThat(f.db.snapshot()).isEqualTo(before);
        assertThat(e.completed().merged()).isEmpty();
        assertThat(e.remaining().groups()).isEqualTo(batch.groups());
        assertThat(e).hasMessageContaining("0 group(s) before it are committed");
    }

    @Test
    void inTheCallersTransaction_aFailureTakesEveryChunk() {
        SevenGroups f = new SevenGroups();
        InMemoryDatabase.Snapshot before = f.db.snapshot();
        BatchMerge<Object> batch = f.batch(99L).chunkSize(3).build();
        BatchMergeException[] thrown = new BatchMergeException[1];

        f.executor.inCallerTransaction(() -> thrown[0] = (BatchMergeException) catchThrowable(batch::execute));

        BatchMergeException e = thrown[0];
        assertThat(e.code()).isEqualTo(MergeErrorCode.DUPLICATE_NOT_FOUND);
        assertThat(f.db.snapshot()).isEqualTo(before);
        assertThat(e.completed().merged()).as("nothing was committed").isEmpty();
        assertThat(e.remaining().groups()).isEqualTo(batch.groups());
        assertThat(f.audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
        assertThat(f.audit.of(AuditEvent.MergeRolledBack.class)).hasSize(6);
    }

    // ---- 5. blocked groups ----

    /** Workshop events 1..3 plus 4..7; posters 404 on 4 and 405 on 5 (a unique conflict), task 701 on 7. */
    private static InMemoryExecutor workshopWithConflict() {
        InMemoryExecutor executor = Workshop.executor();
        for (long id = 4; id <= 7; id++) {
            executor.db().insert("event", "id", id, "version", 1, "name", "event " + id);
        }
        executor.db().insert("poster", "id", 404L, "event_id", 4L).insert("poster", "id", 405L, "event_id", 5L)
                .insert("task", "id", 701L, "event_id", 7L).insert("task", "id", 201L, "event_id", 2L);
        return executor;
    }

    @Test
    void skipBlockedGroups_skipsTheUniqueConflict_andMergesTheOthers() {
        InMemoryExecutor executor = workshopWithConflict();
        InMemoryDatabase db = executor.db();
        RecordingAuditListener audit = new RecordingAuditListener();
        List<BatchProgress> progress = new ArrayList<>();

        BatchResult result = BatchMerge.builder(executor, "Event").audit(audit).group(1L, 2L).group(4L, 5L)
                .group(6L, 7L).skipBlockedGroups().progress(progress::add).build().execute();

        assertThat(result.merged()).extracting(BatchResult.GroupResult::group)
                .containsExactly(new MergeGroup(1L, List.of(2L)), new MergeGroup(6L, List.of(7L)));
        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.group()).isEqualTo(new MergeGroup(4L, List.of(5L)));
            assertThat(skipped.rowsChanged()).isZero();
            assertThat(skipped.blockingHazards()).singleElement().satisfies(h -> {
                assertThat(h.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
                assertThat(h.blocking()).isTrue();
                assertThat(h.sampleRowIds()).containsExactly(405L);
            });
        });
        assertThat(result.toText()).contains("1 skipped as blocked").contains("UNIQUE_CONFLICT");
        assertThat(progress).containsExactly(new BatchProgress(2, 1, 3, result.rowsChanged(), 1, 1));
        // the blocked group is left as it was
        assertThat(db.row("event", 5L)).isPresent();
        assertThat(db.value("poster", 405L, "event_id")).isEqualTo(5L);
        assertThat(db.value("event", 4L, "version")).isEqualTo(1);
        // the others merged
        assertThat(db.row("event", 2L)).isEmpty();
        assertThat(db.row("event", 7L)).isEmpty();
        assertThat(db.value("task", 201L, "event_id")).isEqualTo(1L);
        assertThat(db.value("task", 701L, "event_id")).isEqualTo(6L);
        // its audit trail: started, rolled back with the reason; nothing in between
        List<AuditEvent> skippedTrail = eventsOfSurvivor(audit, 4L);
        assertThat(types(skippedTrail)).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(((AuditEvent.MergeRolledBack) skippedTrail.get(1)).errorCode()).isEqualTo("PLAN_BLOCKED");
        assertThat(skippedTrail.get(0).mergeId()).isEqualTo(result.skipped().get(0).mergeId());
        assertThat(types(eventsOfSurvivor(audit, 1L))).last().isEqualTo("MergeCommitted");
        assertThat(types(eventsOfSurvivor(audit, 6L))).last().isEqualTo("MergeCommitted");
    }

    @Test
    void withoutSkip_aBlockedGroup_failsItsChunk_andNothingInItChanges() {
        InMemoryExecutor executor = workshopWithConflict();
        InMemoryDatabase.Snapshot before = executor.db().snapshot();
        RecordingAuditListener audit = new RecordingAuditListener();
        BatchMerge<Object> batch = BatchMerge.builder(executor, "Event").audit(audit).group(1L, 2L).group(4L, 5L)
                .group(6L, 7L).build();

        BatchMergeException e = batchFailsWith(MergeErrorCode.PLAN_BLOCKED, batch::execute);

        assertThat(executor.db().snapshot()).isEqualTo(before);
        assertThat(e.failedGroup()).isEqualTo(new MergeGroup(4L, List.of(5L)));
        assertThat(e.rolledBack()).isEqualTo(batch.groups());
        assertThat(e.completed().merged()).isEmpty();
        assertThat(e).hasMessageContaining("UNIQUE_CONFLICT");
        assertThat(byMerge(audit).values()).hasSize(3).allSatisfy(events -> {
            assertThat(types(events)).first().isEqualTo("MergeStarted");
            assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                    rb -> assertThat(rb.errorCode()).isEqualTo("PLAN_BLOCKED"));
        });
    }

    @Test
    void skipBlockedGroups_skipsANotNullReferenceThatWouldHaveToBeUnassigned() {
        InMemoryExecutor executor = workshopWithConflict();
        InMemoryDatabase db = executor.db();

        // takeA on tasks: the duplicates' tasks must leave, but task.event_id is NOT NULL
        BatchResult result = BatchMerge.builder(executor, "Event").field("tasks", FieldStrategy.takeA())
                .group(1L, 2L).group(3L, 6L).skipBlockedGroups().build().execute();

        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.group()).isEqualTo(new MergeGroup(1L, List.of(2L)));
            assertThat(skipped.blockingHazards()).extracting(Hazard::kind)
                    .containsExactly(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
        });
        assertThat(result.merged()).extracting(g -> g.group().survivorId()).containsExactly(3L);
        assertThat(db.value("task", 201L, "event_id")).isEqualTo(2L);
        assertThat(db.row("event", 6L)).isEmpty();
    }

    @Test
    void skipBlockedGroups_whenEveryGroupIsBlocked_changesNothing() {
        InMemoryExecutor executor = workshopWithConflict();
        InMemoryDatabase.Snapshot before = executor.db().snapshot();

        BatchResult result = BatchMerge.builder(executor, "Event").group(4L, 5L).skipBlockedGroups().build()
                .execute();

        assertThat(result.merged()).isEmpty();
        assertThat(result.skipped()).hasSize(1);
        assertThat(executor.db().snapshot()).isEqualTo(before);
    }

    // ---- 6. audit ----

    @Test
    void everyGroup_hasItsOwnMergeId_andItsOwnTrail_withItsOwnRows() {
        SevenGroups f = new SevenGroups();

        BatchResult result = f.batchOf(SevenGroups.groups(0, 3)).build().execute();

        Map<String, List<AuditEvent>> trails = byMerge(f.audit);
        assertThat(trails.keySet()).containsExactlyElementsOf(
                result.merged().stream().map(BatchResult.GroupResult::mergeId).toList());
        for (int i = 0; i < 3; i++) {
            long survivor = SevenGroups.survivor(i);
            long duplicate = SevenGroups.duplicate(i);
            BatchResult.GroupResult group = result.merged().get(i);
            List<AuditEvent> events = trails.get(group.mergeId());
            assertThat(types(events)).containsExactly("MergeStarted", "ReferencesRepointed", "ReferencesRepointed",
                    "EntityDeleted", "MergeCommitted");
            assertThat(events).extracting(AuditEvent::at).isSortedAccordingTo(Instant::compareTo);
            AuditEvent.MergeStarted started = (AuditEvent.MergeStarted) events.get(0);
            assertThat(started.entity()).isEqualTo("Partner");
            assertThat(started.survivorId()).isEqualTo(survivor);
            assertThat(started.duplicateIds()).containsExactly(duplicate);
            List<AuditEvent.ReferencesRepointed> repointed = events.stream()
                    .filter(AuditEvent.ReferencesRepointed.class::isInstance)
                    .map(AuditEvent.ReferencesRepointed.class::cast).toList();
            assertThat(repointed).extracting(AuditEvent.ReferencesRepointed::reference)
                    .containsExactly("note(partner_id)", "word(partner_id)");
            assertThat(repointed).extracting(AuditEvent.ReferencesRepointed::rowIds)
                    .containsExactly(List.of(200L + i), List.of(300L + i));
            assertThat(repointed).allSatisfy(r -> {
                assertThat(r.from()).isEqualTo(duplicate);
                assertThat(r.to()).isEqualTo(survivor);
            });
            assertThat(((AuditEvent.EntityDeleted) events.get(3)).id()).isEqualTo(duplicate);
            assertThat(((AuditEvent.MergeCommitted) events.get(4)).rowsChanged()).isEqualTo(group.rowsChanged())
                    .isEqualTo(3);
        }
    }

    @Test
    void failedChunk_endsEveryOneOfItsGroupsRolledBack_withTheCause_andCommittedChunksCommitted() {
        SevenGroups f = new SevenGroups();

        batchFailsWith(MergeErrorCode.DUPLICATE_NOT_FOUND, () -> f.batch(99L).chunkSize(3).build().execute());

        Map<String, List<AuditEvent>> trails = byMerge(f.audit);
        assertThat(trails).hasSize(6);
        List<List<AuditEvent>> all = new ArrayList<>(trails.values());
        for (int i = 0; i < 6; i++) {
            List<AuditEvent> events = all.get(i);
            assertThat(((AuditEvent.MergeStarted) events.get(0)).survivorId()).isEqualTo(SevenGroups.survivor(i));
            AuditEvent last = events.get(events.size() - 1);
            if (i < 3) {
                assertThat(last).isInstanceOf(AuditEvent.MergeCommitted.class);
            } else {
                assertThat(last).isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                        rb -> assertThat(rb.errorCode()).isEqualTo("DUPLICATE_NOT_FOUND"));
                assertThat(events).filteredOn(AuditEvent.MergeRolledBack.class::isInstance).hasSize(1);
            }
        }
    }

    @Test
    void batchAuditTrail_isTheSingleMergesTrail_perGroup() {
        SevenGroups batched = new SevenGroups();
        SevenGroups single = new SevenGroups();

        batched.batchOf(SevenGroups.groups(0, 3)).build().execute();
        for (int i = 0; i < 3; i++) {
            Partners.merge(single.executor, SevenGroups.survivor(i), SevenGroups.duplicate(i)).audit(single.audit)
                    .build().execute();
        }

        List<List<AuditEvent>> batchTrails = new ArrayList<>(byMerge(batched.audit).values());
        List<List<AuditEvent>> singleTrails = new ArrayList<>(byMerge(single.audit).values());
        assertThat(batchTrails).hasSameSizeAs(singleTrails);
        for (int i = 0; i < batchTrails.size(); i++) {
            assertThat(withoutIdAndTime(batchTrails.get(i))).isEqualTo(withoutIdAndTime(singleTrails.get(i)));
        }
    }

    /** Events as text without merge id and time, to compare two trails. */
    private static List<String> withoutIdAndTime(List<AuditEvent> events) {
        return events.stream().map(e -> e.toString().replace(e.mergeId(), "<id>")
                .replace(e.at().toString(), "<at>")).toList();
    }

    // ---- 7. dry run ----

    @Test
    void dryRun_plansEveryGroup_writesNothing_andShowsWhatExecuteDoes() {
        SevenGroups f = new SevenGroups();
        f.db.update("partner", 11L, "email", "b@example.org");
        BatchMerge<Object> batch = f.batchOf(SevenGroups.groups(0, 5)).field("email", FieldStrategy.firstNonNull())
                .chunkSize(2).build();
        InMemoryDatabase.Snapshot before = f.db.snapshot();

        BatchReport report = batch.dryRun();

        assertThat(f.db.snapshot()).isEqualTo(before);
        assertThat(f.executor.runs()).containsOnly(RunMode.READ_ONLY).hasSize(3);
        assertThat(f.executor.locks()).isEmpty();
        assertThat(f.audit.events()).isEmpty();
        assertThat(report.entity()).isEqualTo("Partner");
        assertThat(report.groups()).extracting(MergeReport::survivorId).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(report.groups()).extracting(MergeReport::duplicateIds).containsExactly(List.of(11L),
                List.of(12L), List.of(13L), List.of(14L), List.of(15L));
        assertThat(report.groups()).extracting(MergeReport::mergeId).doesNotHaveDuplicates();
        assertThat(report.blocked()).isEmpty();
        assertThat(report.expectedRowsTotal()).isEqualTo(16); // 5 x 3, and group 1 takes the email
        assertThat(report.expectedRowsBySubject()).containsEntry("note(partner_id)", 5L)
                .containsEntry("word(partner_id)", 5L).containsEntry("email", 1L);
        // each group's dry run is that group's own single dry run
        for (int i = 0; i < 5; i++) {
            MergeReport single = batch.plan(batch.groups().get(i)).dryRun();
            assertThat(report.groups().get(i).steps()).isEqualTo(single.steps());
            assertThat(report.groups().get(i).fingerprint()).isEqualTo(single.fingerprint());
        }

        BatchResult result = batch.execute();

        List<Step> planned = report.groups().stream().flatMap(g -> g.steps().stream()).toList();
        assertThat(f.executor.appliedSteps()).containsExactlyInAnyOrderElementsOf(planned);
        for (int i = 0; i < 5; i++) {
            assertThat(result.merged().get(i).rowsChanged()).isEqualTo(report.groups().get(i).expectedRowsTotal());
        }
        assertThat(f.db.value("partner", 1L, "email")).isEqualTo("b@example.org");
    }

    @Test
    void dryRun_reportsABlockedGroup_asExecuteThenSkipsIt() {
        InMemoryExecutor executor = workshopWithConflict();
        BatchMerge<Object> batch = BatchMerge.builder(executor, "Event").group(1L, 2L).group(4L, 5L).group(6L, 7L)
                .skipBlockedGroups().build();

        BatchReport report = batch.dryRun();
        BatchResult result = batch.execute();

        assertThat(report.blocked()).extracting(MergeReport::survivorId).containsExactly(4L);
        assertThat(report.toText()).contains("1 group(s) BLOCKED").contains("UNIQUE_CONFLICT");
        assertThat(result.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.blockingHazards())
                .isEqualTo(report.blocked().get(0).blockingHazards()));
    }

    @Test
    void dryRun_notesAGroupWhoseSurvivorsParentIsADuplicateOfAnEarlierGroup() {
        InMemoryExecutor executor = Partners.executor(6);
        executor.db().update("partner", 3L, "parent_id", 2L);
        BatchMerge<Object> batch = BatchMerge.builder(executor, "Partner").merge(2L, 1L).merge(4L, 3L)
                .merge(6L, 5L).build();

        BatchReport report = batch.dryRun();

        assertThat(report.groups().get(0).hazards()).noneMatch(h -> h.kind() == HazardKind.BATCH_ORDER);
        assertThat(report.groups().get(2).hazards()).noneMatch(h -> h.kind() == HazardKind.BATCH_ORDER);
        assertThat(report.groups().get(1).hazards()).filteredOn(h -> h.kind() == HazardKind.BATCH_ORDER)
                .singleElement().satisfies(h -> {
                    assertThat(h.blocking()).isFalse();
                    assertThat(h.sampleRowIds()).containsExactly(2L);
                    assertThat(h.message()).contains("[2] -> 1");
                });
        assertThat(report.blocked()).isEmpty();
        assertThat(report.toText()).contains("1 group(s) point at duplicates of other groups");
    }

    @Test
    void dryRun_notesAPointerAtALaterGroupOfTheSameChunk_butNotOfALaterChunk() {
        InMemoryExecutor executor = Partners.executor(6);
        executor.db().update("partner", 1L, "mentor_id", 4L).update("partner", 3L, "parent_id", 6L);

        BatchReport oneChunk = BatchMerge.builder(executor, "Partner").merge(2L, 1L).merge(4L, 3L).merge(6L, 5L)
                .build().dryRun();
        BatchReport chunksOfOne = BatchMerge.builder(executor, "Partner").merge(2L, 1L).merge(4L, 3L)
                .merge(6L, 5L).chunkSize(1).build().dryRun();

        assertThat(oneChunk.groups()).extracting(g -> g.hazards().stream()
                .filter(h -> h.kind() == HazardKind.BATCH_ORDER).count()).containsExactly(1L, 1L, 0L);
        assertThat(chunksOfOne.groups()).allSatisfy(g -> assertThat(g.hazards())
                .noneMatch(h -> h.kind() == HazardKind.BATCH_ORDER));
    }

    // ---- 8. pointers between groups ----

    /** Runs the same groups as a batch and as single merges one after the other, on identical data. */
    private static InMemoryExecutor batchMatchesSingles(Function<InMemoryExecutor, InMemoryExecutor> data,
            List<MergeGroup> groups, int chunkSize) {
        InMemoryExecutor batched = data.apply(Partners.executor(8));
        InMemoryExecutor single = data.apply(Partners.executor(8));
        BatchMerge.Builder<Object> batch = BatchMerge.builder(batched, "Partner").chunkSize(chunkSize);
        groups.forEach(g -> batch.group(g.survivorId(), g.duplicateIds()));

        batch.build().execute();
        for (MergeGroup g : groups) {
            MergePlan.builder(single, "Partner").survivor(g.survivorId()).duplicates(g.duplicateIds()).build()
                    .execute();
        }

        assertThat(batched.db().snapshot()).isEqualTo(single.db().snapshot());
        return batched;
    }

    private static final MergeGroup ONE = new MergeGroup(1L, List.of(2L));
    private static final MergeGroup TWO = new MergeGroup(3L, List.of(4L));

    @Test
    void survivorsParentIsADuplicateOfAnotherGroup_endsOnThatGroupsSurvivor() {
        InMemoryExecutor executor = batchMatchesSingles(e -> {
            e.db().update("partner", 3L, "parent_id", 2L);
            return e;
        }, List.of(ONE, TWO), 500);

        assertThat(executor.db().value("partner", 3L, "parent_id")).isEqualTo(1L);
        assertThat(executor.db().rows("partner")).extracting(r -> r.get("id"))
                .containsExactly(1L, 3L, 5L, 6L, 7L, 8L);
    }

    @Test
    void survivorsParentIsADuplicateOfALaterGroup_endsOnThatGroupsSurvivor() {
        InMemoryExecutor executor = batchMatchesSingles(e -> {
            e.db().update("partner", 3L, "parent_id", 2L);
            return e;
        }, List.of(TWO, ONE), 500);

        assertThat(executor.db().value("partner", 3L, "parent_id")).isEqualTo(1L);
    }

    @Test
    void duplicatesParentAndMentor_areDuplicatesOfAnotherGroup() {
        InMemoryExecutor executor = batchMatchesSingles(e -> {
            e.db().update("partner", 4L, "parent_id", 2L, "mentor_id", 2L).update("partner", 5L, "parent_id", 4L)
                    .update("partner", 3L, "mentor_id", 2L);
            return e;
        }, List.of(ONE, TWO), 500);

        assertThat(executor.db().row("partner", 4L)).isEmpty();
        assertThat(executor.db().value("partner", 5L, "parent_id")).isEqualTo(3L);
        assertThat(executor.db().value("partner", 3L, "mentor_id")).isEqualTo(1L);
    }

    @Test
    void mutualPointersBetweenSurvivors_bothEndOnTheOtherSurvivor() {
        InMemoryExecutor executor = batchMatchesSingles(e -> {
            e.db().update("partner", 1L, "parent_id", 4L).update("partner", 3L, "parent_id", 2L);
            return e;
        }, List.of(ONE, TWO), 500);

        assertThat(executor.db().value("partner", 1L, "parent_id")).isEqualTo(3L);
        assertThat(executor.db().value("partner", 3L, "parent_id")).isEqualTo(1L);
    }

    @Test
    void mutualPointersBetweenDuplicates_bothGo() {
        InMemoryExecutor executor = batchMatchesSingles(e -> {
            e.db().update("partner", 2L, "parent_id", 4L).update("partner", 4L, "parent_id", 2L)
                    .update("partner", 6L, "parent_id", 2L).update("partner", 7L, "parent_id", 4L);
            return e;
        }, List.of(ONE, TWO), 500);

        assertThat(executor.db().rows("partner")).extracting(r -> r.get("id"))
                .containsExactly(1L, 3L, 5L, 6L, 7L, 8L);
        assertThat(executor.db().value("partner", 6L, "parent_id")).isEqualTo(1L);
        assertThat(executor.db().value("partner", 7L, "parent_id")).isEqualTo(3L);
    }

    @Test
    void pointersAcrossChunks_endOnTheSurvivors() {
        InMemoryExecutor executor = batchMatchesSingles(e -> {
            e.db().update("partner", 1L, "parent_id", 4L).update("partner", 3L, "parent_id", 2L)
                    .update("partner", 5L, "mentor_id", 4L);
            return e;
        }, List.of(ONE, TWO, new MergeGroup(5L, List.of(6L))), 1);

        assertThat(executor.db().value("partner", 1L, "parent_id")).isEqualTo(3L);
        assertThat(executor.db().value("partner", 3L, "parent_id")).isEqualTo(1L);
        assertThat(executor.db().value("partner", 5L, "mentor_id")).isEqualTo(3L);
    }

    /** A hierarchy imported twice: 1 <- 2 <- 3 <- 4 (parents) and its copy 5 <- 6 <- 7 <- 8; group k: k <- k+4. */
    private static InMemoryExecutor doubleImportedHierarchy(InMemoryExecutor e) {
        for (long k = 2; k <= 4; k++) {
            e.db().update("partner", k, "parent_id", k - 1).update("partner", k + 4, "parent_id", k + 3);
        }
        for (long k = 5; k <= 8; k++) {
            e.db().insert("note", "id", 100 + k, "partner_id", k);
        }
        return e;
    }

    private static List<MergeGroup> hierarchyGroups(boolean leafFirst) {
        List<MergeGroup> groups = new ArrayList<>();
        for (long k = 1; k <= 4; k++) {
            groups.add(new MergeGroup(k, List.of(k + 4)));
        }
        if (leafFirst) {
            java.util.Collections.reverse(groups);
        }
        return groups;
    }

    @Test
    void doubleImportedHierarchy_rootFirst_inOneChunk_mergesWaveByWave() {
        InMemoryExecutor executor = batchMatchesSingles(BatchMergeTest::doubleImportedHierarchy,
                hierarchyGroups(false), 500);

        assertThat(executor.db().rows("partner")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(executor.db().rows("partner")).extracting(r -> r.get("parent_id"))
                .containsExactly(null, 1L, 2L, 3L);
        assertThat(executor.db().rows("note")).extracting(r -> r.get("partner_id")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void doubleImportedHierarchy_leafFirst_inChunksOfTwo_endsTheSame() {
        InMemoryExecutor executor = batchMatchesSingles(BatchMergeTest::doubleImportedHierarchy,
                hierarchyGroups(true), 2);

        assertThat(executor.db().rows("partner")).extracting(r -> r.get("parent_id"))
                .containsExactly(null, 1L, 2L, 3L);
    }

    @Test
    void doubleImportedHierarchy_plansOneWavePerLevel() {
        BucketCheckingExecutor batched = new BucketCheckingExecutor(doubleImportedHierarchy(Partners.executor(8)));
        BatchMerge.Builder<Object> batch = BatchMerge.builder(batched, "Partner");
        hierarchyGroups(true).forEach(g -> batch.group(g.survivorId(), g.duplicateIds()));

        batch.build().execute();

        assertThat(batched.prepared).extracting(List::size).containsExactly(4, 3, 2, 1);
    }

    @Test
    void groupPointingAtASkippedGroupsDuplicate_mergesAndKeepsThePointer() {
        InMemoryExecutor executor = Partners.executor(4);
        // group 1 <- 2 is blocked (1's parent is its own duplicate); 3's parent is that duplicate
        executor.db().update("partner", 1L, "parent_id", 2L).update("partner", 3L, "parent_id", 2L);

        BatchResult result = BatchMerge.builder(executor, "Partner").group(3L, 4L).group(1L, 2L)
                .skipBlockedGroups().build().execute();

        assertThat(result.skipped()).extracting(BatchResult.GroupResult::group).containsExactly(ONE);
        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactly(TWO);
        assertThat(executor.db().value("partner", 3L, "parent_id")).isEqualTo(2L);
        assertThat(executor.db().row("partner", 2L)).isPresent();
        assertThat(executor.db().row("partner", 4L)).isEmpty();
    }

    @Test
    void crossGroupPointer_isAuditedByTheGroupThatMovedIt() {
        InMemoryExecutor executor = Partners.executor(4);
        executor.db().update("partner", 3L, "parent_id", 2L);
        RecordingAuditListener audit = new RecordingAuditListener();

        BatchMerge.builder(executor, "Partner").audit(audit).group(ONE.survivorId(), ONE.duplicateIds())
                .group(TWO.survivorId(), TWO.duplicateIds()).build().execute();

        assertThat(eventsOfSurvivor(audit, 1L)).filteredOn(AuditEvent.ReferencesRepointed.class::isInstance)
                .singleElement().isInstanceOfSatisfying(AuditEvent.ReferencesRepointed.class, r -> {
                    assertThat(r.reference()).isEqualTo("partner(parent_id)");
                    assertThat(r.rowIds()).containsExactly(3L);
                    assertThat(r.from()).isEqualTo(2L);
                });
        assertThat(eventsOfSurvivor(audit, 3L)).noneMatch(AuditEvent.ReferencesRepointed.class::isInstance);
        assertThat(types(eventsOfSurvivor(audit, 3L))).last().isEqualTo("MergeCommitted");
    }

    @Test
    void survivorOfOneGroupPointingAtItsOwnDuplicate_isStillBlocked_inABatch() {
        InMemoryExecutor executor = Partners.executor(4);
        executor.db().update("partner", 1L, "parent_id", 2L);
        InMemoryDatabase.Snapshot before = executor.db().snapshot();

        failsWith(MergeErrorCode.PLAN_BLOCKED, () -> BatchMerge.builder(executor, "Partner").merge(2L, 1L)
                .merge(4L, 3L).build().execute());

        assertThat(executor.db().snapshot()).isEqualTo(before);
    }

    // ---- 9. strategies and policies per group ----

    /** Workshop events 1..9: groups 1 <- 2, 4 <- 5, 6 and 7 <- 8; 3 and 9 stay. Each with its own rows. */
    private static InMemoryExecutor workshopNine() {
        InMemoryExecutor executor = Workshop.executor();
        InMemoryDatabase db = executor.db();
        db.update("event", 1L, "note", null, "updatedAt", Instant.parse("2024-01-01T00:00:00Z"))
                .update("event", 2L, "note", "from B", "updatedAt", Instant.parse("2024-02-01T00:00:00Z"));
        for (long id = 4; id <= 9; id++) {
            db.insert("event", "id", id, "version", id, "name", "event " + id, "venue_id", id % 2 == 0 ? 50 : 51,
                    "note", id == 6 ? null : "note " + id,
                    "updatedAt", Instant.parse("2024-03-0" + id + "T00:00:00Z"));
        }
        Workshop.link(executor, 4, 10, 13);
        Workshop.link(executor, 5, 13, 14);
        Workshop.link(executor, 6, 11);
        Workshop.link(executor, 7, 12);
        Workshop.link(executor, 8, 14);
        Workshop.link(executor, 9, 10, 14);
        long row = 1000;
        for (long event = 1; event <= 9; event++) {
            db.insert("task", "id", row++, "title", "task of " + event, "event_id", event)
                    .insert("attendee", "id", row++, "name", "guest of " + event, "event_id", event)
                    .insert("event_alias", "event_id", event, "alias", "alias" + (event % 3));
        }
        db.insert("poster", "id", 402, "event_id", 2).insert("poster", "id", 404, "event_id", 4)
                .insert("poster", "id", 405, "event_id", 5).insert("poster", "id", 408, "event_id", 8)
                .insert("checklist_item", "id", 505, "event_id", 5).insert("checklist_item", "id", 507, "event_id", 7);
        return executor;
    }

    private static void options(MergeOptions options) {
        options.field("name", FieldStrategy.newestBy("updatedAt"));
        options.field("note", FieldStrategy.firstNonNull());
        options.field("tags", FieldStrategy.takeB());
        options.field("venue", FieldStrategy.takeB());
        options.association("attendees", AssociationPolicy.unassign());
        options.association("Poster.event", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B));
        options.association("aliases", AssociationPolicy.repoint().onConflict(ConflictPolicy.SKIP_DUPLICATE));
    }

    /** The options a batch and a single plan share, to give both the very same. */
    private interface MergeOptions {
        void field(String attribute, FieldStrategy strategy);

        void association(String association, AssociationPolicy policy);
    }

    private static final List<MergeGroup> WORKSHOP_GROUPS = List.of(new MergeGroup(1L, List.of(2L)),
            new MergeGroup(4L, List.of(5L)), new MergeGroup(7L, List.of(8L, 6L)));

    /** Runs the three workshop groups as a batch on {@code executor} with the shared options. */
    private static BatchResult workshopBatch(MergeExecutor executor, RecordingAuditListener audit) {
        BatchMerge.Builder<Object> batch = BatchMerge.builder(executor, "Event").audit(audit).sensitive("note");
        options(new MergeOptions() {
            @Override
            public void field(String attribute, FieldStrategy strategy) {
                batch.field(attribute, strategy);
            }

            @Override
            public void association(String association, AssociationPolicy policy) {
                batch.association(association, policy);
            }
        });
        WORKSHOP_GROUPS.forEach(g -> batch.group(g.survivorId(), g.duplicateIds()));
        return batch.build().execute();
    }

    /** The same three merges one by one, as single plans with the shared options. */
    private static InMemoryExecutor workshopSingles(RecordingAuditListener audit) {
        InMemoryExecutor single = workshopNine();
        for (MergeGroup g : WORKSHOP_GROUPS) {
            MergePlan.Builder<Object> plan = MergePlan.builder(single, "Event").survivor(g.survivorId())
                    .duplicates(g.duplicateIds()).audit(audit).sensitive("note");
            options(new MergeOptions() {
                @Override
                public void field(String attribute, FieldStrategy strategy) {
                    plan.field(attribute, strategy);
                }

                @Override
                public void association(String association, AssociationPolicy policy) {
                    plan.association(association, policy);
                }
            });
            plan.build().execute();
        }
        return single;
    }

    @Test
    void strategiesAndPolicies_applyPerGroup_exactlyAsForSingleMerges() {
        InMemoryExecutor batched = workshopNine();
        RecordingAuditListener batchAudit = new RecordingAuditListener();
        RecordingAuditListener singleAudit = new RecordingAuditListener();

        BatchResult result = workshopBatch(batched, batchAudit);
        InMemoryExecutor single = workshopSingles(singleAudit);

        assertThat(batched.db().snapshot()).isEqualTo(single.db().snapshot());
        assertThat(result.merged()).hasSize(3);
        List<List<AuditEvent>> batchTrails = new ArrayList<>(byMerge(batchAudit).values());
        List<List<AuditEvent>> singleTrails = new ArrayList<>(byMerge(singleAudit).values());
        for (int i = 0; i < 3; i++) {
            assertThat(withoutIdAndTime(batchTrails.get(i))).isEqualTo(withoutIdAndTime(singleTrails.get(i)));
        }
        // spot checks that the options really did something
        InMemoryDatabase db = batched.db();
        assertThat(db.value("event", 1L, "name")).isEqualTo("Kotlin Workshop!");
        assertThat(db.value("event", 1L, "note")).isEqualTo("from B");
        assertThat(db.rowsWhere("event_tags", "event_id", 4L)).extracting(r -> r.get("tag_id"))
                .containsExactlyInAnyOrder(13L, 14L);
        assertThat(db.value("poster", 405L, "event_id")).isEqualTo(4L);
        assertThat(db.row("poster", 404L)).isPresent();
        assertThat(db.value("poster", 404L, "event_id")).isNull();
        assertThat(db.value("attendee", 1003L, "event_id")).as("B's attendee is unassigned").isNull();
        assertThat(db.value("event", 7L, "venue_id")).isEqualTo(50L);
        assertThat(batchAudit.events().toString()).doesNotContain("note 8");
    }

    @Test
    void aStoreThatAppliesABucketInAnyOrder_endsLikeSingleMerges() {
        BucketCheckingExecutor batched = new BucketCheckingExecutor(workshopNine());

        workshopBatch(batched, new RecordingAuditListener());

        assertThat(batched.delegate.db().snapshot())
                .isEqualTo(workshopSingles(new RecordingAuditListener()).db().snapshot());
        assertThat(batched.prepared).containsExactly(WORKSHOP_GROUPS);
        assertThat(batched.bucketSizes).as("steps every group has run as one bucket").contains(3);
    }

    @Test
    void aStoreThatAppliesABucketInAnyOrder_getsOneBucketPerStepForAllGroups() {
        SevenGroups f = new SevenGroups();
        BucketCheckingExecutor batched = new BucketCheckingExecutor(f.executor);
        BatchMerge.Builder<Object> batch = BatchMerge.builder(batched, "Partner").audit(f.audit);
        SevenGroups.groups(0, 7).forEach(g -> batch.group(g.survivorId(), g.duplicateIds()));

        batch.build().execute();

        assertThat(batched.bucketSizes).containsExactly(7, 7, 7);
        for (int i = 0; i < 7; i++) {
            f.assertMerged(i);
        }
        assertThat(f.audit.of(AuditEvent.ReferencesRepointed.class)).hasSize(14).allSatisfy(r -> assertThat(
                ((Long) r.from()) - 10).isEqualTo(r.to()));
    }

    @Test
    void aStoreIsPreparedAgainForTheGroupsOfALaterWave() {
        InMemoryExecutor executor = Partners.executor(4);
        executor.db().update("partner", 3L, "parent_id", 2L);
        BucketCheckingExecutor batched = new BucketCheckingExecutor(executor);

        BatchMerge.builder(batched, "Partner").group(TWO.survivorId(), TWO.duplicateIds())
                .group(ONE.survivorId(), ONE.duplicateIds()).build().execute();

        assertThat(batched.prepared).containsExactly(List.of(TWO, ONE), List.of(TWO));
        assertThat(executor.db().value("partner", 3L, "parent_id")).isEqualTo(1L);
    }

    @Test
    void lockRefusedInTheSecondChunk_keepsTheFirst_andChangesNothingElse() {
        SevenGroups f = new SevenGroups();
        f.executor.lockUnavailable(SevenGroups.duplicate(5));

        BatchMergeException e = batchFailsWith(MergeErrorCode.CONCURRENT_MODIFICATION,
                () -> f.batch().chunkSize(3).build().execute());

        for (int i = 0; i < 7; i++) {
            if (i < 3) {
                f.assertMerged(i);
            } else {
                f.assertUntouched(i);
            }
        }
        assertThat(e.failedGroup()).isNull();
        assertThat(e.rolledBack()).containsExactlyElementsOf(SevenGroups.groups(3, 6));
        assertThat(f.audit.of(AuditEvent.MergeRolledBack.class)).hasSize(3)
                .extracting(AuditEvent.MergeRolledBack::errorCode).containsOnly("CONCURRENT_MODIFICATION");
    }

    @Test
    void commitFailure_rollsTheChunkBack_andEveryGroupSaysSo() {
        SevenGroups f = new SevenGroups();
        f.executor.failOnCommit();
        InMemoryDatabase.Snapshot before = f.db.snapshot();

        BatchMergeException e = batchFailsWith(MergeErrorCode.DATABASE_ERROR,
                () -> f.batch().chunkSize(3).build().execute());

        assertThat(f.db.snapshot()).isEqualTo(before);
        assertThat(e.completed().merged()).isEmpty();
        assertThat(byMerge(f.audit).values()).hasSize(3).allSatisfy(events -> assertThat(events.get(events.size() - 1))
                .isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                        rb -> assertThat(rb.errorCode()).isEqualTo("DATABASE_ERROR")));
        assertThat(f.audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    private static InMemoryExecutor vehicles() {
        InMemoryExecutor executor = Vehicles.executor();
        executor.db().insert("vehicle", "id", 7L, InMemoryDatabase.TYPE_COLUMN, "Truck", "plate", "T-7", "load", 10)
                .insert("vehicle", "id", 8L, InMemoryDatabase.TYPE_COLUMN, "Vehicle", "plate", "V-8")
                .insert("registration", "id", 21L, "vehicle_id", 7L).insert("registration", "id", 22L, "vehicle_id", 8L);
        return executor;
    }

    @Test
    void groupsOfDifferentSubtypes_inOneChunk_mergeAsSingleMergesWould() {
        List<MergeGroup> groups = List.of(new MergeGroup(1L, List.of(2L)), new MergeGroup(4L, List.of(7L)),
                new MergeGroup(5L, List.of(8L)));
        InMemoryExecutor batched = vehicles();
        InMemoryExecutor single = vehicles();
        BatchMerge.Builder<Object> batch = BatchMerge.builder(batched, "Vehicle").field("plate", FieldStrategy.takeB());
        groups.forEach(g -> batch.group(g.survivorId(), g.duplicateIds()));

        batch.build().execute();
        for (MergeGroup g : groups) {
            MergePlan.builder(single, "Vehicle").survivor(g.survivorId()).duplicates(g.duplicateIds())
                    .field("plate", FieldStrategy.takeB()).build().execute();
        }

        assertThat(batched.db().snapshot()).isEqualTo(single.db().snapshot());
        assertThat(batched.db().value("vehicle", 4L, "plate")).isEqualTo("T-7");
        assertThat(batched.db().value("registration", 21L, "vehicle_id")).isEqualTo(4L);
        assertThat(batched.db().value("garage_spot", 30L, "car_id")).isEqualTo(1L);
    }

    @Test
    void groupMixingSubtypes_failsItsChunk_namingTheGroup() {
        InMemoryExecutor executor = vehicles();
        InMemoryDatabase.Snapshot before = executor.db().snapshot();

        BatchMergeException e = batchFailsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> BatchMerge
                .builder(executor, "Vehicle").merge(2L, 1L).merge(7L, 3L).build().execute());

        assertThat(e.failedGroup()).isEqualTo(new MergeGroup(3L, List.of(7L)));
        assertThat(executor.db().snapshot()).isEqualTo(before);
    }

    @Test
    @SuppressWarnings("unchecked") // the in-memory executor hands the marker the row's values
    void keepDuplicates_marksEachGroupsDuplicatesWithTheirOwnSurvivor() {
        SevenGroups f = new SevenGroups();
        f.db.insert("partner", "id", 21L, "name", "second duplicate of 2");

        f.batchOf(List.of(SevenGroups.group(0), new MergeGroup(2L, List.of(12L, 21L))))
                .keepDuplicates((partner, survivorId) -> ((Map<String, Object>) partner).put("email",
                        "merged into " + survivorId))
                .build().execute();

        assertThat(f.db.value("partner", 11L, "email")).isEqualTo("merged into 1");
        assertThat(f.db.value("partner", 12L, "email")).isEqualTo("merged into 2");
        assertThat(f.db.value("partner", 21L, "email")).isEqualTo("merged into 2");
        assertThat(f.audit.of(AuditEvent.DuplicateKept.class)).extracting(AuditEvent.DuplicateKept::survivorId)
                .containsExactly(1L, 2L, 2L);
    }
}
