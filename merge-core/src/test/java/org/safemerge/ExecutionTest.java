package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.safemerge.spi.AuditEvent;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MergeReport;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ReportMode;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.RunMode;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/** dryRun, rehearse and execute: what they write, lock, refuse and leave behind. */
class ExecutionTest {
    private final InMemoryExecutor executor = Workshop.executor();
    private final InMemoryDatabase db = executor.db();
    private final RecordingAuditListener audit = new RecordingAuditListener();

    private void someRows() {
        db.insert("task", "id", 100, "event_id", A).insert("task", "id", 101, "event_id", B)
                .insert("attendee", "id", 200, "event_id", B).insert("event_alias", "event_id", B, "alias", "kt");
    }

    private MergePlan.Builder<Object> merge() {
        return Workshop.merge(executor).audit(audit);
    }

    @Test
    void dryRun_writesNothing_locksNothing_andAuditsNothing() {
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeReport report = merge().field("name", FieldStrategy.takeB()).build().dryRun();

        assertThat(report.mode()).isEqualTo(ReportMode.DRY_RUN);
        assertThat(report.actualRows()).isEmpty();
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.runs()).containsExactly(RunMode.READ_ONLY);
        assertThat(executor.locks()).isEmpty();
        assertThat(executor.appliedSteps()).isEmpty();
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void consecutiveRepointsOfDifferentTables_reachTheStoreTogether_andRunInPlanOrder() {
        InMemoryExecutor partners = Partners.executor(2);
        for (int i = 0; i < 4; i++) {
            partners.db().insert(Partners.TABLES.get(i), "id", 100 + i, "partner_id", 2L, "text", "t");
        }
        partners.db().insert("word", "id", 110, "partner_id", 2L, "text", "second");

        MergeReport done = Partners.merge(partners, 1, 2L).audit(audit).build().execute();

        List<List<Step>> together = partners.appliedTogether();
        assertThat(together).isNotEmpty();
        for (List<Step> bucket : together) {
            assertThat(bucket).hasSizeGreaterThan(1)
                    .allMatch(s -> s instanceof RepointReferences || s instanceof UnassignReferences);
            assertThat(bucket.stream().map(s -> ((RowStep) s).table().toLowerCase(Locale.ROOT)).distinct())
                    .as("one step per table").hasSize(bucket.size());
        }
        assertThat(together.stream().flatMap(List::stream).toList()).as("each once")
                .isSubsetOf(done.steps()).doesNotHaveDuplicates()
                .hasSize((int) done.steps().stream().filter(RepointReferences.class::isInstance).count());
        assertThat(partners.appliedSteps()).as("in plan order").isEqualTo(done.steps());
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).extracting(AuditEvent.ReferencesRepointed::table)
                .containsExactlyInAnyOrder("note", "word", "guest", "partner_event");
        for (String table : List.of("note", "word", "guest", "partner_event")) {
            assertThat(partners.db().rows(table)).as(table)
                    .allMatch(r -> String.valueOf(1L).equals(String.valueOf(r.get("partner_id"))));
        }
    }

    @Test
    void dryRun_showsExactlyTheStepsExecuteRuns() {
        someRows();
        MergePlan<Object> plan = merge().field("name", FieldStrategy.takeB()).field("tags", FieldStrategy.takeB())
                .build();

        MergeReport preview = plan.dryRun();
        MergeReport done = plan.execute();

        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(executor.appliedSteps()).isEqualTo(preview.steps());
        assertThat(done.fingerprint()).isEqualTo(preview.fingerprint());
        assertThat(done.mode()).isEqualTo(ReportMode.EXECUTED);
        assertThat(done.actualRows()).hasSameSizeAs(done.steps());
        assertThat(done.mergeId()).isNotEqualTo(preview.mergeId());
    }

    @Test
    void stepOrder_attributesAfterTheDuplicatesRemoval_versionLast() {
        someRows();

        MergeReport report = merge().field("name", FieldStrategy.takeB()).build().dryRun();

        List<String> kinds = report.steps().stream().map(Step::kind).toList();
        assertThat(kinds).containsExactly("REPOINT_REFERENCES", "MOVE_LINKS", "SKIP_DUPLICATE_LINKS", "MOVE_LINKS",
                "REPOINT_REFERENCES", "DELETE_DUPLICATE", "SET_ATTRIBUTE", "BUMP_VERSION");
    }

    @Test
    void takingTheDuplicatesUniqueValue_works_becauseTheDuplicateGoesFirst() {
        InMemoryExecutor partners = Partners.executor(2);
        partners.db().unique("partner", "email").update("partner", 1, "email", "old@example.org")
                .update("partner", 2, "email", "new@example.org");

        Partners.merge(partners, 1, 2L).field("email", FieldStrategy.takeB()).build().execute();

        assertThat(partners.db().value("partner", 1, "email")).isEqualTo("new@example.org");
    }

    @Test
    void rehearse_rollsBack_reportsActualCounts_andAuditsNothing() {
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeReport report = merge().build().rehearse();

        assertThat(report.mode()).isEqualTo(ReportMode.REHEARSAL);
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.runs()).containsExactly(RunMode.REHEARSE);
        assertThat(executor.appliedSteps()).isEqualTo(report.steps());
        assertThat(report.actualRows()).hasSameSizeAs(report.steps());
        for (int i = 0; i < report.steps().size(); i++) {
            assertThat(report.actualRows().get(i)).as(report.steps().get(i).kind())
                    .isEqualTo(report.steps().get(i).expectedRows());
        }
        assertThat(report.toText()).startsWith("Rehearsal (rolled back)");
        assertThat(audit.events()).isEmpty();
    }

    @Test
    void rehearse_ofABlockedPlan_refusesLikeExecute() {
        db.insert("task", "id", 101, "event_id", B);

        failsWith(MergeErrorCode.PLAN_BLOCKED, () -> merge().field("tasks", FieldStrategy.takeA()).build()
                .rehearse());
    }

    @Test
    void executeReviewed_whenTheDataChanged_failsAsStale_andChangesNothing() {
        someRows();
        MergePlan<Object> plan = merge().build();
        MergeReport reviewed = plan.dryRun();
        db.insert("task", "id", 102, "event_id", B); // someone adds a task to B meanwhile
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.PLAN_STALE, () -> plan.execute(reviewed));

        assertThat(e).hasMessageContaining("changed since the reviewed dry run")
                .hasMessageContaining("nothing was changed");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("PLAN_STALE");
    }

    @Test
    void executeReviewed_whenAnAttributeChanged_failsAsStale() {
        MergePlan<Object> plan = merge().build();
        MergeReport reviewed = plan.dryRun();
        db.update("event", B, "note", "edited meanwhile");

        failsWith(MergeErrorCode.PLAN_STALE, () -> plan.execute(reviewed));
    }

    @Test
    void executeReviewed_whenAnEmbeddableChanged_failsAsStale() {
        db.update("event", B, "address", new Workshop.Address("Main St", "Bern"));
        MergePlan<Object> plan = merge().build();
        MergeReport reviewed = plan.dryRun();
        db.update("event", B, "address", new Workshop.Address("Main St", "Basel"));

        failsWith(MergeErrorCode.PLAN_STALE, () -> plan.execute(reviewed));
    }

    @Test
    void executeReviewed_ofAnotherPlan_failsAsStale() {
        MergeReport reviewed = merge().field("name", FieldStrategy.takeB()).build().dryRun();

        failsWith(MergeErrorCode.PLAN_STALE, () -> merge().build().execute(reviewed));
        failsWith(MergeErrorCode.PLAN_STALE, () -> merge().field("name", FieldStrategy.combine((a, b) -> a + "!"))
                .build().execute(reviewed));
        assertThat(db.row("event", B)).isPresent();
    }

    @Test
    void executeReviewed_whenNothingChanged_executes() {
        someRows();
        MergePlan<Object> plan = merge().build();
        MergeReport reviewed = plan.dryRun();

        MergeReport done = plan.execute(reviewed);

        assertThat(done.fingerprint()).isEqualTo(reviewed.fingerprint());
        assertThat(db.row("event", B)).isEmpty();
    }

    @Test
    void expectingAFingerprint_keptBetweenRequests_works() {
        String fingerprint = merge().build().dryRun().fingerprint();

        merge().build().expecting(fingerprint).execute();
        assertThat(db.row("event", B)).isEmpty();

        InMemoryExecutor other = Workshop.executor();
        failsWith(MergeErrorCode.PLAN_STALE, () -> Workshop.merge(other).build().expecting("0123").execute());
    }

    @Test
    void failureInTheMiddle_leavesTheDatabaseExactlyAsBefore_andAuditsTheRollback() {
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();
        executor.failAfter(step -> step instanceof MoveLinks);

        MergeException e = failsWith(MergeErrorCode.DATABASE_ERROR, () -> merge().build().execute());

        assertThat(e).hasMessageContaining("injected failure after MOVE_LINKS").hasMessageContaining("rolled back");
        assertThat(executor.appliedSteps()).hasSizeGreaterThan(1);
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.types()).first().isEqualTo("MergeStarted");
        assertThat(audit.types()).last().isEqualTo("MergeRolledBack");
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("DATABASE_ERROR");
    }

    @Test
    void failureOnTheFinalCommit_isAuditedWithItsCause() {
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();
        executor.failOnCommit();

        failsWith(MergeErrorCode.DATABASE_ERROR, () -> merge().build().execute());

        assertThat(db.snapshot()).isEqualTo(before);
        AuditEvent.MergeRolledBack rolledBack = audit.single(AuditEvent.MergeRolledBack.class);
        assertThat(rolledBack.errorCode()).isEqualTo("DATABASE_ERROR");
        assertThat(rolledBack.reason()).contains("injected failure on commit");
        assertThat(audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    @Test
    void constraintViolation_isADatabaseError_andRollsBack() {
        // the mapping says nullable, the database says NOT NULL: unassigning must fail, not half-happen
        db.notNull("attendee", "event_id");
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.DATABASE_ERROR, () -> merge()
                .association("attendees", AssociationPolicy.unassign()).build().execute());

        assertThat(e).hasMessageContaining("NOT NULL attendee.event_id");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void locks_survivorAndDuplicatesInAscendingIdOrder() {
        db.insert("event", "id", 9, "version", 0, "name", "nine").insert("event", "id", 5, "version", 0, "name",
                "five");

        MergePlan.builder(executor, "Event").survivor(5L).duplicates(9L, A).build().execute();

        assertThat(executor.locks()).containsExactly(List.of(A, 5L, 9L));
    }

    @Test
    void lockNotAvailable_failsAsConcurrentModification_andAuditsIt() {
        executor.lockUnavailable(B);

        failsWith(MergeErrorCode.CONCURRENT_MODIFICATION, () -> merge().build().execute());

        assertThat(audit.types()).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("CONCURRENT_MODIFICATION");
        assertThat(db.row("event", B)).isPresent();
    }

    @Test
    void survivorNotFound_isRefused() {
        MergeException e = failsWith(MergeErrorCode.SURVIVOR_NOT_FOUND, () -> MergePlan.builder(executor, "Event")
                .survivor(77L).duplicates(B).build().dryRun());

        assertThat(e).hasMessageContaining("survivor Event 77 does not exist");
    }

    @Test
    void duplicateNotFound_isRefused_alsoWhenAlreadyMerged() {
        failsWith(MergeErrorCode.DUPLICATE_NOT_FOUND, () -> MergePlan.builder(executor, "Event").survivor(A)
                .duplicates(78L).build().execute());

        merge().build().execute();
        MergeException again = failsWith(MergeErrorCode.DUPLICATE_NOT_FOUND, () -> merge().build().execute());
        assertThat(again).hasMessageContaining("already merged");
    }

    @Test
    void softDeletedRecords_areNotFound_andDuplicatesAreSoftDeleted() {
        TestGraphs.SoftDeletedCustomers fixture = new TestGraphs.SoftDeletedCustomers();

        MergeReport report = fixture.merge(1, 2).build().execute();

        assertThat(report.stepsOf(DeleteDuplicate.class)).singleElement()
                .satisfies(step -> assertThat(step.soft()).isTrue());
        assertThat(fixture.executor.db().value("customer", 2, "deleted")).isEqualTo(true);
        assertThat(fixture.executor.db().value("orders", 10, "customer_id")).isEqualTo(1L);
        failsWith(MergeErrorCode.DUPLICATE_NOT_FOUND, () -> fixture.merge(1, 2).build().dryRun());
        failsWith(MergeErrorCode.SURVIVOR_NOT_FOUND, () -> fixture.merge(2, 1).build().dryRun());
    }

    @Test
    void duplicateOfAnotherSubtype_isRefused() {
        MergeException e = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> Vehicles.dryRun("Vehicle", 1, 4));

        assertThat(e).hasMessageContaining("duplicate 4 is a Truck but survivor 1 is a Car");
    }

    @Test
    void recordOutsideThePlansType_isRefused() {
        MergeException truck = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> Vehicles.dryRun("Car", 1, 4));
        assertThat(truck).hasMessageContaining("Car 4 is a Truck, not a Car");

        MergeException otherHierarchy = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE,
                () -> Vehicles.dryRun("Vehicle", 1, 6));
        assertThat(otherHierarchy).hasMessageContaining("is a Invoice, not a Vehicle");
    }

    @Test
    void subtypeMerge_repointsReferencesToTheSupertypeAndToTheSubtype() {
        InMemoryExecutor vehicles = Vehicles.executor();

        MergeReport report = MergePlan.builder(vehicles, Vehicles.Car.class).survivor(1L).duplicates(2L).build()
                .execute();

        assertThat(report.stepsOf(RepointReferences.class)).extracting(RepointReferences::reference)
                .containsExactly("garage_spot(car_id)", "registration(vehicle_id)");
        assertThat(vehicles.db().value("registration", 20, "vehicle_id")).isEqualTo(1L);
        assertThat(vehicles.db().value("garage_spot", 30, "car_id")).isEqualTo(1L);
    }

    @Test
    void severalDuplicates_areMergedInOrder_andLinksSharedBetweenThemAreKeptOnce() {
        db.insert("event", "id", 4, "version", 0, "name", "another copy");
        Workshop.link(executor, 4, 12, 13);
        db.insert("task", "id", 101, "event_id", B).insert("task", "id", 104, "event_id", 4);

        MergeReport report = MergePlan.builder(executor, "Event").survivor(A).duplicates(B, 4L).audit(audit)
                .build().execute();

        assertThat(db.rowsWhere("event_tags", "event_id", A)).extracting(r -> r.get("tag_id"))
                .containsExactlyInAnyOrder(10L, 11L, 12L, 13L);
        assertThat(db.rowsWhere("task", "event_id", A)).hasSize(2);
        assertThat(report.stepsOf(SkipDuplicateLinks.class)).extracting(SkipDuplicateLinks::from,
                SkipDuplicateLinks::sampleRowIds).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(B, List.of(11L)),
                        org.assertj.core.groups.Tuple.tuple(4L, List.of(12L)));
        assertThat(report.stepsOf(DeleteDuplicate.class)).extracting(DeleteDuplicate::id).containsExactly(B, 4L);
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).extracting(AuditEvent.EntityDeleted::id)
                .containsExactly(B, 4L);
    }

    @Test
    void keepDuplicates_marksTombstones_andRepointsAllTheSame() {
        someRows();

        MergeReport report = merge().keepDuplicates((duplicate, survivor) -> {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> row = (java.util.Map<String, Object>) duplicate;
            row.put("note", "merged into " + survivor);
        }).build().execute();

        assertThat(db.value("event", B, "note")).isEqualTo("merged into 1");
        assertThat(db.rowsWhere("task", "event_id", B)).isEmpty();
        assertThat(db.rowsWhere("event_tags", "event_id", B)).isEmpty();
        assertThat(report.stepsOf(KeepDuplicate.class)).singleElement()
                .satisfies(step -> assertThat(step.survivorId()).isEqualTo(A));
        assertThat(report.stepsOf(DeleteDuplicate.class)).isEmpty();
        assertThat(audit.single(AuditEvent.DuplicateKept.class).id()).isEqualTo(B);
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).isEmpty();
    }

    @Test
    void versionOfTheSurvivor_isBumpedOnce() {
        MergeReport report = merge().build().execute();

        assertThat(report.stepsOf(BumpVersion.class)).hasSize(1);
        assertThat(db.value("event", A, "version")).isEqualTo(4L);
    }

    @Test
    void catalogOnlyForeignKeyWithOnDeleteCascade_isRepointedAndReported_neverCascaded() {
        InMemoryExecutor partners = Partners.executor(2);
        partners.db().insert("legacy_note", "id", 1, "partner_id", 2).insert("legacy_note", "id", 2, "partner_id", 2);

        MergeReport report = Partners.merge(partners, 1, 2L).build().execute();

        assertThat(partners.db().rows("legacy_note")).hasSize(2)
                .allSatisfy(row -> assertThat(row.get("partner_id")).isEqualTo(1L));
        assertThat(report.stepsOf(RepointReferences.class)).singleElement()
                .satisfies(step -> assertThat(step.reference()).isEqualTo("legacy_note(partner_id)"));
        Hazard note = report.hazards().get(0);
        assertThat(note.kind()).isEqualTo(HazardKind.ON_DELETE_CASCADE);
        assertThat(note.blocking()).isFalse();
        assertThat(note.subject()).isEqualTo("legacy_note(partner_id)");
        assertThat(note.rows()).isEqualTo(2);
        assertThat(report.toText()).contains("~ note ON_DELETE_CASCADE");
    }

    @Test
    void tableWithoutPrimaryKey_isCountedExactly_andNoted() {
        TestGraphs.Unkeyed fixture = new TestGraphs.Unkeyed();

        MergeReport report = fixture.merge().build().execute();

        assertThat(report.stepsOf(RepointReferences.class)).singleElement().satisfies(step -> {
            assertThat(step.expectedRows()).isEqualTo(3);
            assertThat(step.sampleRowIds()).isEmpty();
        });
        assertThat(report.actualRows()).contains(3L);
        assertThat(report.hazards()).extracting(Hazard::kind).containsExactly(HazardKind.NO_ROW_IDS);
        assertThat(fixture.executor.db().rowsWhere("visit", "shop_id", 1L)).hasSize(3);
    }

    @Test
    void callerTransaction_isJoined_andTheMergeCommitsWithIt() {
        someRows();

        executor.inCallerTransaction(() -> {
            merge().build().execute();
            assertThat(audit.types()).doesNotContain("MergeCommitted");
        });

        assertThat(audit.types()).last().isEqualTo("MergeCommitted");
        assertThat(db.row("event", B)).isEmpty();
    }

    @Test
    void callerTransaction_rolledBackAfterwards_leavesNothing_andAuditsTheRollback() {
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> executor.inCallerTransaction(() -> {
            merge().build().execute();
            throw new IllegalStateException("the caller's own work failed");
        })).hasMessage("the caller's own work failed");

        assertThat(db.snapshot()).isEqualTo(before);
        AuditEvent.MergeRolledBack rolledBack = audit.single(AuditEvent.MergeRolledBack.class);
        assertThat(rolledBack.errorCode()).isNull();
        assertThat(rolledBack.reason()).isEqualTo("the transaction was rolled back");
    }

    @Test
    void callerTransaction_aFailedMergeMarksItRollbackOnly() {
        someRows();
        InMemoryDatabase.Snapshot before = db.snapshot();
        executor.failAfter(step -> step instanceof SetAttribute || step instanceof DeleteDuplicate);

        executor.inCallerTransaction(() -> failsWith(MergeErrorCode.DATABASE_ERROR, () -> merge().build()
                .execute()));

        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).singleElement()
                .satisfies(event -> assertThat(event.errorCode()).isEqualTo("DATABASE_ERROR"));
    }
}
