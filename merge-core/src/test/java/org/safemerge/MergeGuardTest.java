package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safemerge.report.BatchReport;
import org.safemerge.report.BatchResult;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.GuardContext;
import org.safemerge.spi.MergeGuard;
import org.safemerge.spi.MergeVerdict;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/**
 * Merge guards: the application's own rule vetoes a merge (OpenMRS: never merge two patients that both have an
 * active order of the same type). A veto is a blocking hazard in the dry run and {@code MERGE_VETOED} in execute,
 * rehearse and batches; a guard that throws is {@code GUARD_FAILED}; in execute the guard runs on locked records.
 *
 * <p>Data: partners 1..6. An "active order" is a coaching row whose text is its type: partners 1 and 2 both have
 * an active "lab" order (vetoed), partner 3 has "x-ray", partners 4..6 none. Every partner has a note.
 */
class MergeGuardTest {
    private final InMemoryExecutor executor = Partners.executor(6);
    private final InMemoryDatabase db = executor.db();
    private final RecordingAuditListener audit = new RecordingAuditListener();

    MergeGuardTest() {
        db.insert("coaching", "id", 101, "text", "lab", "partner_id", 1L)
                .insert("coaching", "id", 102, "text", "lab", "partner_id", 2L)
                .insert("coaching", "id", 103, "text", "x-ray", "partner_id", 3L);
        for (long partner = 1; partner <= 6; partner++) {
            db.insert("note", "id", 200 + partner, "text", "note of " + partner, "partner_id", partner);
        }
    }

    /** Vetoes when the survivor and a duplicate have an active order of the same type; queries the database. */
    private static final MergeGuard<Object> NO_SHARED_ACTIVE_ORDER = merge -> {
        InMemoryDatabase orders = merge.unwrap(InMemoryDatabase.class);
        Set<Object> survivors = orderTypes(orders, merge.survivorId());
        for (Object duplicate : merge.duplicateIds()) {
            Set<Object> shared = new TreeSet<>(orderTypes(orders, duplicate));
            shared.retainAll(survivors);
            if (!shared.isEmpty()) {
                return MergeVerdict.veto("partners " + merge.survivorId() + " and " + duplicate
                        + " both have an active order of type " + shared.iterator().next());
            }
        }
        return MergeVerdict.allow();
    };

    private static Set<Object> orderTypes(InMemoryDatabase db, Object partner) {
        return db.rowsWhere("coaching", "partner_id", partner).stream().map(r -> r.get("text"))
                .collect(Collectors.toSet());
    }

    private MergePlan.Builder<Object> merge(long survivor, long duplicate) {
        return Partners.merge(executor, survivor, duplicate).audit(audit).guard(NO_SHARED_ACTIVE_ORDER);
    }

    private static List<String> types(List<AuditEvent> events) {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    private static String rolledBackWith(List<AuditEvent> events) {
        assertThat(events).last().isInstanceOf(AuditEvent.MergeRolledBack.class);
        return ((AuditEvent.MergeRolledBack) events.get(events.size() - 1)).errorCode();
    }

    // ---- a single merge ----

    @Test
    void dryRun_aVeto_isABlockingVetoedHazard_withTheGuardsMessage_andWritesNothing() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeReport report = merge(1, 2).build().dryRun();

        assertThat(report.blocked()).isTrue();
        assertThat(report.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.VETOED);
            assertThat(h.subject()).isEqualTo("guard");
            assertThat(h.message()).isEqualTo("partners 1 and 2 both have an active order of type lab");
        });
        // the plan itself is still shown: what the merge would do, had the guard allowed it
        assertThat(report.steps()).isNotEmpty();
        assertThat(report.toText()).contains("! BLOCKED VETOED: partners 1 and 2 both have an active order of type "
                + "lab");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.locks()).isEmpty();
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void execute_aVeto_failsWithMergeVetoed_changesNothing_andTheTrailEndsRolledBack() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.MERGE_VETOED, () -> merge(1, 2).build().execute());

        assertThat(e).hasMessageContaining("vetoed by a merge guard; nothing was changed")
                .hasMessageContaining("partners 1 and 2 both have an active order of type lab");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.appliedSteps()).isEmpty();
        assertThat(audit.types()).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("MERGE_VETOED");
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).reason())
                .contains("both have an active order of type lab");
    }

    @Test
    void rehearse_aVeto_failsWithMergeVetoed_likeExecute() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        failsWith(MergeErrorCode.MERGE_VETOED, () -> merge(1, 2).build().rehearse());

        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.appliedSteps()).isEmpty();
    }

    @Test
    void aVeto_winsOverTheOtherBlockingHazards_becauseResolvingThemWouldNotHelp() {
        // the survivor's parent is the duplicate: re-pointed, the survivor would be its own parent
        db.update("partner", 1L, "parent_id", 2L);
        MergePlan<Object> plan = merge(1, 2).build();

        assertThat(plan.dryRun().blockingHazards()).extracting(Hazard::kind)
                .containsExactlyInAnyOrder(HazardKind.SELF_REFERENCE, HazardKind.VETOED);
        MergeException e = failsWith(MergeErrorCode.MERGE_VETOED, plan::execute);
        assertThat(e).hasMessageContaining("SELF_REFERENCE").hasMessageContaining("VETOED");
    }

    @Test
    void anAllowingGuard_letsTheMergeProceed_andSeesTheRecordsTheirIdsAndTheEntityName() {
        List<String> seen = new ArrayList<>();
        MergeGuard<Object> recording = merge -> {
            seen.add(merge.entityName() + " " + merge.duplicateIds() + " -> " + merge.survivorId());
            seen.add(((Map<?, ?>) merge.survivor()).get("name") + " <- " + merge.duplicates().stream()
                    .map(d -> ((Map<?, ?>) d).get("name")).toList());
            return MergeVerdict.allow();
        };

        MergeReport done = Partners.merge(executor, 1, 3L, 4L).audit(audit).guard(NO_SHARED_ACTIVE_ORDER)
                .guard(recording).build().execute();

        assertThat(done.hazards()).noneMatch(h -> h.kind() == HazardKind.VETOED);
        assertThat(seen).containsExactly("Partner [3, 4] -> 1", "partner 1 <- [partner 3, partner 4]");
        assertThat(db.row("partner", 3L)).isEmpty();
        assertThat(db.row("partner", 4L)).isEmpty();
        assertThat(db.value("coaching", 103, "partner_id")).isEqualTo(1L);
        assertThat(db.value("note", 204, "partner_id")).isEqualTo(1L);
        assertThat(audit.types()).first().isEqualTo("MergeStarted");
        assertThat(audit.types()).last().isEqualTo("MergeCommitted");
    }

    @Test
    void guardsRunInTheOrderAdded_theFirstVetoWins_andLaterGuardsAreNotAsked() {
        List<String> asked = new ArrayList<>();
        MergeGuard<Object> first = merge -> {
            asked.add("first");
            return MergeVerdict.allow();
        };
        MergeGuard<Object> second = merge -> {
            asked.add("second");
            return MergeVerdict.veto("second says no");
        };
        MergeGuard<Object> third = merge -> {
            asked.add("third");
            return MergeVerdict.veto("third says no");
        };

        MergeReport report = Partners.merge(executor, 5, 6L).guard(first).guard(second).guard(third).build()
                .dryRun();

        assertThat(asked).containsExactly("first", "second");
        assertThat(report.blockingHazards()).extracting(Hazard::message).containsExactly("second says no");
    }

    @Test
    void inExecute_theGuardRunsWithTheRecordsLocked_inTheDryRunWithoutLocks() {
        List<Boolean> lockedWhenAsked = new ArrayList<>();
        MergeGuard<Object> probe = merge -> {
            lockedWhenAsked.add(executor.holdsLock(merge.survivorId())
                    && merge.duplicateIds().stream().allMatch(executor::holdsLock));
            return MergeVerdict.allow();
        };
        MergePlan<Object> plan = Partners.merge(executor, 5, 6L).guard(probe).build();

        plan.dryRun();
        plan.rehearse();
        plan.execute();

        assertThat(lockedWhenAsked).containsExactly(false, true, true);
        assertThat(executor.holdsLock(5L)).as("released with the run").isFalse();
    }

    // ---- guards that fail ----

    /** A plan whose guard throws {@code thrown} (a RuntimeException or an Error). */
    private MergePlan<Object> planWithAGuardThrowing(Throwable thrown) {
        return Partners.merge(executor, 5, 6L).audit(audit).guard(merge -> {
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        }).build();
    }

    /** Executes {@code plan}: GUARD_FAILED with {@code thrown} as cause, nothing changed, the trail rolled back. */
    private MergeException assertGuardFailed(MergePlan<Object> plan, Throwable thrown) {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.GUARD_FAILED, plan::execute);

        assertThat(e.getCause()).isSameAs(thrown);
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.types()).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(rolledBackWith(audit.events())).isEqualTo("GUARD_FAILED");
        return e;
    }

    @Test
    void aGuardThatThrows_failsWithGuardFailed_rolledBack_withTheCauseAttached() {
        IllegalStateException broken = new IllegalStateException("order service down");
        MergePlan<Object> plan = planWithAGuardThrowing(broken);

        MergeException e = assertGuardFailed(plan, broken);

        assertThat(e).hasMessageContaining("merge guard #1 (a lambda in org.safemerge.MergeGuardTest)")
                .hasMessageContaining("order service down");
        // the dry run runs the guard too, and fails alike
        failsWith(MergeErrorCode.GUARD_FAILED, plan::dryRun);
    }

    @Test
    void aGuardThatThrowsAnError_failsWithGuardFailed_too() {
        AssertionError assertion = new AssertionError("guard assertion");

        assertGuardFailed(planWithAGuardThrowing(assertion), assertion);
    }

    @Test
    void aVirtualMachineErrorInAGuard_isNotWrapped_butStillRollsBack() {
        InMemoryDatabase.Snapshot before = db.snapshot();
        StackOverflowError overflow = new StackOverflowError("too deep");

        assertThat(catchThrowable(planWithAGuardThrowing(overflow)::execute)).isSameAs(overflow);

        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.types()).last().isEqualTo("MergeRolledBack");
    }

    @Test
    void aGuardReturningNull_orAVetoWithoutAMessage_failsWithGuardFailed() {
        MergeException nothing = failsWith(MergeErrorCode.GUARD_FAILED, () -> Partners.merge(executor, 5, 6L)
                .guard(merge -> null).build().execute());
        assertThat(nothing).hasMessageContaining("returned null; return MergeVerdict.allow() or "
                + "MergeVerdict.veto(message)");

        MergeException blank = failsWith(MergeErrorCode.GUARD_FAILED, () -> Partners.merge(executor, 5, 6L)
                .guard(merge -> MergeVerdict.veto(" ")).build().execute());
        assertThat(blank.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a veto needs a message");
        assertThat(db.row("partner", 6L)).isPresent();
    }

    @Test
    void aGuardAskingForASessionTheExecutorDoesNotHave_failsWithGuardFailed_namingTheType() {
        MergeException e = failsWith(MergeErrorCode.GUARD_FAILED, () -> Partners.merge(executor, 5, 6L)
                .guard(merge -> merge.unwrap(java.sql.Connection.class) == null ? MergeVerdict.allow()
                        : MergeVerdict.veto("unreachable")).build().dryRun());

        assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing of type java.sql.Connection");
    }

    // ---- refused at build() ----

    @Test
    void aNullGuard_isRefusedByBothBuilders_withInvalidArgument() {
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> Partners.merge(executor, 5, 6L).guard(null));
        MergeException batch = failsWith(MergeErrorCode.INVALID_ARGUMENT,
                () -> BatchMerge.builder(executor, "Partner").merge(6L, 5L).guard(null));
        assertThat(batch).hasMessageContaining("guard(null)");
    }

    @Test
    void aVetoNeedsAMessage() {
        assertThat(catchThrowable(() -> MergeVerdict.veto(null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was null");
        assertThat(catchThrowable(() -> MergeVerdict.veto(""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(MergeVerdict.veto("no").vetoed()).isTrue();
        assertThat(MergeVerdict.veto("no").message()).isEqualTo("no");
        assertThat(MergeVerdict.allow().vetoed()).isFalse();
        assertThat(MergeVerdict.allow().message()).isNull();
    }

    // ---- batches ----

    private BatchMerge.Builder<Object> batch() {
        // groups: 1 <- 2 (vetoed: both "lab"), 3 <- 4 and 5 <- 6 (allowed)
        return BatchMerge.builder(executor, "Partner").audit(audit).guard(NO_SHARED_ACTIVE_ORDER)
                .group(1L, 2L).group(3L, 4L).group(5L, 6L);
    }

    private Map<Object, List<AuditEvent>> trailsBySurvivor() {
        Map<String, Object> survivorOfMerge = new java.util.HashMap<>();
        audit.of(AuditEvent.MergeStarted.class).forEach(s -> survivorOfMerge.put(s.mergeId(), s.survivorId()));
        return audit.events().stream().collect(Collectors.groupingBy(e -> survivorOfMerge.get(e.mergeId()),
                java.util.LinkedHashMap::new, Collectors.toList()));
    }

    @Test
    void batchDryRun_showsTheVetoOnItsGroupOnly() {
        BatchReport report = batch().build().dryRun();

        assertThat(report.groups()).hasSize(3);
        assertThat(report.groups().get(0).blockingHazards()).extracting(Hazard::kind)
                .containsExactly(HazardKind.VETOED);
        assertThat(report.groups().get(1).blocked()).isFalse();
        assertThat(report.groups().get(2).blocked()).isFalse();
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void batch_aVetoedGroup_failsItsChunk_withMergeVetoed_andNothingOfTheChunkChanges() {
        InMemoryDatabase.Snapshot before = db.snapshot();
        BatchMerge<Object> batch = batch().build();

        Throwable thrown = catchThrowable(batch::execute);

        assertThat(thrown).isInstanceOfSatisfying(BatchMergeException.class, e -> {
            assertThat(e.code()).isEqualTo(MergeErrorCode.MERGE_VETOED);
            assertThat(e.failedGroup()).isEqualTo(new MergeGroup(1L, List.of(2L)));
            assertThat(e.rolledBack()).isEqualTo(batch.groups());
            assertThat(e.completed().merged()).isEmpty();
            assertThat(e).hasMessageContaining("both have an active order of type lab");
        });
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(trailsBySurvivor().values()).hasSize(3)
                .allSatisfy(trail -> assertThat(rolledBackWith(trail)).isEqualTo("MERGE_VETOED"));
    }

    @Test
    void batch_withSkipBlockedGroups_skipsTheVetoedGroup_withItsVeto_andMergesTheOthers() {
        BatchResult result = batch().skipBlockedGroups().build().execute();

        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.group()).isEqualTo(new MergeGroup(1L, List.of(2L)));
            assertThat(skipped.blockingHazards()).singleElement().satisfies(h -> {
                assertThat(h.kind()).isEqualTo(HazardKind.VETOED);
                assertThat(h.message()).isEqualTo("partners 1 and 2 both have an active order of type lab");
            });
        });
        assertThat(result.merged()).extracting(g -> g.group().survivorId()).containsExactly(3L, 5L);
        assertThat(db.row("partner", 2L)).isPresent();
        assertThat(db.value("coaching", 102, "partner_id")).isEqualTo(2L);
        assertThat(db.row("partner", 4L)).isEmpty();
        assertThat(db.row("partner", 6L)).isEmpty();
        Map<Object, List<AuditEvent>> trails = trailsBySurvivor();
        assertThat(types(trails.get(1L))).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(rolledBackWith(trails.get(1L))).isEqualTo("MERGE_VETOED");
        assertThat(types(trails.get(3L))).last().isEqualTo("MergeCommitted");
        assertThat(types(trails.get(5L))).last().isEqualTo("MergeCommitted");
    }

    @Test
    void batch_everyGroupIsGuarded_withTheChunksLocksHeld() {
        List<String> asked = new ArrayList<>();
        MergeGuard<Object> probe = (GuardContext<Object> merge) -> {
            asked.add(merge.survivorId() + ":" + executor.holdsLock(merge.survivorId()));
            return MergeVerdict.allow();
        };

        BatchMerge.builder(executor, "Partner").guard(probe).group(3L, 4L).group(5L, 6L).build().execute();

        assertThat(asked).containsExactly("3:true", "5:true");
    }
}
