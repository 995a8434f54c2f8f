package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.report.ChangeRows;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.AuditEvent;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;
import org.safemerge.testing.TestGraph;

/**
 * Unique keys over several columns that include the FK: a task unique on (event, person, role), a bank account
 * unique on (number, owner) with payments of its own, a consent unique on (partner, term) while not archived (a
 * partial key), and a report whose unique key does not contain the FK. Conflicts are found in the dry run with both
 * rows, and every resolution does exactly what the dry run said, on a database that enforces every key.
 */
class UniqueKeyConflictTest {
    private static final long A = 1L;
    private static final long B = 2L;
    private static final long C = 3L;

    private final InMemoryExecutor executor = InMemoryExecutor.of(graph());
    private final InMemoryDatabase db = executor.db();
    private final RecordingAuditListener audit = new RecordingAuditListener();

    private static org.safemerge.graph.AssociationGraph graph() {
        TestGraph g = new TestGraph();
        g.entity("Partner", "partner").basic("name");
        g.entity("Task", "task").basic("person").basic("role");
        g.toOne("Task", "partner", "Partner", "partner_id").inverse("tasks");
        g.uniqueKey("task", "partner_id", "person", "role");
        g.entity("Account", "account").basic("number").basic("holder");
        g.toOne("Account", "owner", "Partner", "owner_id").notNull().inverse("accounts");
        g.uniqueKey("account", "number", "owner_id");
        g.entity("Payment", "payment").basic("amount");
        g.toOne("Payment", "account", "Account", "account_id").notNull();
        g.entity("Consent", "consent").basic("term").basic("archived_at");
        g.toOne("Consent", "partner", "Partner", "partner_id").notNull();
        g.partialUniqueKey("consent", "archived_at is null", "partner_id", "term");
        g.entity("Report", "report").basic("code");
        g.toOne("Report", "partner", "Partner", "partner_id");
        g.uniqueKey("report", "code");
        return g.build();
    }

    UniqueKeyConflictTest() {
        db.insert("partner", "id", A, "name", "Acme").insert("partner", "id", B, "name", "ACME")
                .insert("partner", "id", C, "name", "Acme Ltd");
    }

    private MergePlan.Builder<Object> merge(Object... duplicates) {
        return MergePlan.builder(executor, "Partner").survivor(A).duplicates(duplicates).audit(audit);
    }

    private static AssociationPolicy onConflict(ConflictResolution resolution) {
        return AssociationPolicy.repoint().onConflict(resolution);
    }

    /** Tasks: A has 10 (ann, LEAD); B has 20 (ann, LEAD) and 21 (bob, LEAD); C has 30 (bob, LEAD). */
    private void tasks() {
        db.insert("task", "id", 10, "partner_id", A, "person", "ann", "role", "LEAD")
                .insert("task", "id", 20, "partner_id", B, "person", "ann", "role", "LEAD")
                .insert("task", "id", 21, "partner_id", B, "person", "bob", "role", "LEAD")
                .insert("task", "id", 30, "partner_id", C, "person", "bob", "role", "LEAD");
    }

    /** Accounts: A has 100 (DE01), B has 200 (DE01, with payments 900 and 901) and 201 (DE02). */
    private void accounts() {
        db.insert("account", "id", 100, "owner_id", A, "number", "DE01", "holder", "A. Acme")
                .insert("account", "id", 200, "owner_id", B, "number", "DE01", "holder", "Acme GmbH")
                .insert("account", "id", 201, "owner_id", B, "number", "DE02")
                .insert("payment", "id", 900, "account_id", 200, "amount", "10")
                .insert("payment", "id", 901, "account_id", 200, "amount", "20");
    }

    @Test
    void withoutAPolicy_theDryRunShowsEachConflictWithBothRows_andExecuteIsBlocked() {
        tasks();
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeReport report = merge(B).build().dryRun();

        assertThat(report.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
            assertThat(h.subject()).isEqualTo("task(partner_id)");
            assertThat(h.rows()).isEqualTo(1);
            assertThat(h.sampleRowIds()).containsExactly(20L);
            assertThat(h.message()).contains("uk_task_partner_id_person_role (partner_id, person, role)")
                    .contains("row 20 of duplicate 2 and row 10 of survivor 1 share person=ann, role=LEAD");
            assertThat(h.options()).anySatisfy(o -> assertThat(o).contains("onConflict(ConflictPolicy.KEEP_A)"))
                    .anySatisfy(o -> assertThat(o).contains("ConflictPolicy.mergeRows()"))
                    .anySatisfy(o -> assertThat(o).contains("ConflictPolicy.keepBoth()"));
        });
        // the rows without a conflict are shown moving
        assertThat(report.stepsOf(RepointReferences.class)).singleElement()
                .satisfies(r -> assertThat(r.sampleRowIds()).containsExactly(21L));
        failsWith(MergeErrorCode.PLAN_BLOCKED, () -> merge(B).build().execute());
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void onConflictOnAKeyThatContainsTheFk_isAccepted_whereItWasNotUniqueBefore() {
        tasks();

        MergePlan<Object> plan = merge(B).association("tasks", onConflict(ConflictPolicy.FAIL)).build();

        failsWith(MergeErrorCode.UNIQUE_CONFLICT, plan::execute);
        assertThat(plan.dryRun().blockingHazards()).singleElement()
                .satisfies(h -> assertThat(h.message()).endsWith("and onConflict(FAIL) is set"));
    }

    @Test
    void keepA_unassignsTheDuplicatesConflictingRow_andMovesTheOthers_exactlyAsTheDryRunSaid() {
        tasks();
        MergePlan<Object> plan = merge(B).association("tasks", onConflict(ConflictPolicy.KEEP_A)).build();
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeReport preview = plan.dryRun();
        plan.execute(preview);

        assertThat(preview.stepsOf(ResolveConflict.class)).singleElement().satisfies(c -> {
            assertThat(c.policy()).isEqualTo("KEEP_A");
            assertThat(c.survivorRowId()).isEqualTo(10L);
            assertThat(c.duplicateRowId()).isEqualTo(20L);
            assertThat(c.resolution()).contains("person=ann, role=LEAD");
        });
        assertThat(preview.stepsOf(UnassignReferences.class)).singleElement()
                .satisfies(u -> assertThat(u.sampleRowIds()).containsExactly(20L));
        assertThat(db.changesSince(before)).containsExactly(
                "- partner[2] {id=2, name=ACME}",
                "task[20].partner_id: 2 -> null",
                "task[21].partner_id: 2 -> 1");
        assertThat(audit.single(AuditEvent.ConflictResolved.class).duplicateRowId()).isEqualTo(20L);
    }

    @Test
    void keepB_movesTheDuplicatesRow_andUnassignsTheSurvivorsFirst() {
        tasks();

        merge(B).association("tasks", onConflict(ConflictPolicy.KEEP_B)).build().execute();

        assertThat(db.value("task", 10L, "partner_id")).isNull();
        assertThat(db.value("task", 20L, "partner_id")).isEqualTo(A);
        assertThat(db.value("task", 21L, "partner_id")).isEqualTo(A);
        assertThat(audit.single(AuditEvent.ReferencesUnassigned.class).rowIds()).containsExactly(10L);
    }

    @Test
    void rowsOfTwoDuplicates_conflictWithEachOther_theEarlierDuplicatesRowHoldsTheKey() {
        tasks();

        MergeReport report = merge(B, C).association("tasks", onConflict(ConflictPolicy.KEEP_A)).build().execute();

        // 20 conflicts with the survivor's 10; 30 (bob, LEAD) with 21, which moved from B first
        assertThat(report.stepsOf(ResolveConflict.class)).extracting(ResolveConflict::survivorRowId,
                ResolveConflict::duplicateRowId).containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 20L),
                org.assertj.core.groups.Tuple.tuple(21L, 30L));
        assertThat(db.rowsWhere("task", "partner_id", A)).extracting(r -> r.get("id")).containsExactlyInAnyOrder(
                10, 21);
        assertThat(db.rowsWhere("task", "partner_id", null)).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder(20, 30);
    }

    @Test
    void theSharedValuesOfASensitiveColumn_areRedactedInTheDryRun() {
        TestGraph g = new TestGraph();
        g.entity("Partner", "partner");
        g.entity("Account", "account").basic("iban").sensitive("iban");
        g.toOne("Account", "owner", "Partner", "owner_id").inverse("accounts");
        g.uniqueKey("account", "owner_id", "iban");
        InMemoryExecutor accounts = InMemoryExecutor.of(g.build());
        accounts.db().insert("partner", "id", A).insert("partner", "id", B)
                .insert("account", "id", 100, "owner_id", A, "iban", "DE89 3704")
                .insert("account", "id", 200, "owner_id", B, "iban", "DE89 3704");

        MergeReport blocked = MergePlan.builder(accounts, "Partner").survivor(A).duplicates(B).build().dryRun();
        MergeReport resolved = MergePlan.builder(accounts, "Partner").survivor(A).duplicates(B)
                .association("accounts", onConflict(ConflictPolicy.KEEP_A)).build().dryRun();

        assertThat(blocked.toText()).contains("iban=" + Sensitive.REDACTED).doesNotContain("3704");
        assertThat(resolved.toText()).contains("iban=" + Sensitive.REDACTED).doesNotContain("3704");
    }

    @Test
    void keepB_withAllowDelete_deletesTheSurvivorsConflictingRow_andMovesTheDuplicates() {
        db.insert("account", "id", 100, "owner_id", A, "number", "DE01")
                .insert("account", "id", 200, "owner_id", B, "number", "DE01");

        merge(B).association("accounts", onConflict(ConflictPolicy.KEEP_B).allowDelete()).build().execute();

        assertThat(db.row("account", 100L)).isEmpty();
        assertThat(db.value("account", 200L, "owner_id")).isEqualTo(A);
        assertThat(audit.single(AuditEvent.ReferencingRowsDeleted.class).from()).isEqualTo(A);
    }

    @Test
    void aUniqueKeyWithoutTheFk_neverMakesAConflict() {
        db.insert("report", "id", 50, "partner_id", A, "code", "R1")
                .insert("report", "id", 51, "partner_id", B, "code", "R2");

        MergeReport report = merge(B).build().execute();

        assertThat(report.hazards()).isEmpty();
        assertThat(report.stepsOf(ResolveConflict.class)).isEmpty();
        assertThat(db.value("report", 51L, "partner_id")).isEqualTo(A);
    }

    @Test
    void keepA_onANotNullFk_withoutAllowDelete_isBlocked_withTheOptionToDelete() {
        db.insert("account", "id", 100, "owner_id", A, "number", "DE01")
                .insert("account", "id", 200, "owner_id", B, "number", "DE01");

        MergeReport report = merge(B).association("accounts", onConflict(ConflictPolicy.KEEP_A)).build().dryRun();

        assertThat(report.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
            assertThat(h.sampleRowIds()).containsExactly(200L);
            assertThat(h.options()).anySatisfy(o -> assertThat(o).contains("allowDelete()"));
        });
    }

    @Test
    void keepA_withAllowDelete_deletesTheDuplicatesConflictingRow_whenNothingPointsAtIt() {
        db.insert("account", "id", 100, "owner_id", A, "number", "DE01")
                .insert("account", "id", 200, "owner_id", B, "number", "DE01")
                .insert("account", "id", 201, "owner_id", B, "number", "DE02");
        InMemoryDatabase.Snapshot before = db.snapshot();

        merge(B).association("accounts", onConflict(ConflictPolicy.KEEP_A).allowDelete()).build().execute();

        assertThat(db.changesSince(before)).containsExactly(
                "- account[200] {id=200, owner_id=2, number=DE01}",
                "- partner[2] {id=2, name=ACME}",
                "account[201].owner_id: 2 -> 1");
        assertThat(audit.single(AuditEvent.ReferencingRowsDeleted.class).rowIds()).containsExactly(200L);
    }

    @Test
    void keepA_withAllowDelete_isBlocked_whenTheRowToDeleteHasRowsOfItsOwn() {
        accounts();
        InMemoryDatabase.Snapshot before = db.snapshot();
        MergePlan<Object> plan = merge(B).association("accounts", onConflict(ConflictPolicy.KEEP_A).allowDelete())
                .build();

        Hazard hazard = plan.dryRun().blockingHazards().get(0);

        assertThat(hazard.kind()).isEqualTo(HazardKind.DEPENDENT_ROWS);
        assertThat(hazard.message()).contains("2 in payment(account_id)");
        assertThat(hazard.options()).singleElement().asString().contains("ConflictPolicy.mergeRows()");
        failsWith(MergeErrorCode.PLAN_BLOCKED, plan::execute);
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void mergeRows_movesThePaymentsOfTheDroppedAccount_andMergesItIntoTheKeptOne() {
        accounts();
        InMemoryDatabase.Snapshot before = db.snapshot();
        MergePlan<Object> plan = merge(B).association("accounts", onConflict(ConflictPolicy.mergeRows()
                .field("holder", FieldStrategy.takeB()))).build();

        MergeReport preview = plan.dryRun();
        MergeReport done = plan.execute(preview);

        assertThat(preview.steps()).extracting(Step::kind).containsExactly("RESOLVE_CONFLICT",
                "REPOINT_REFERENCES", "DELETE_DUPLICATE", "SET_ATTRIBUTE", "REPOINT_REFERENCES",
                "DELETE_DUPLICATE");
        assertThat(preview.toText()).contains("conflict MERGE_ROWS: row 200 is merged into row 100")
                .contains("re-point 2 rows of payment from 200 to 100 [900, 901]")
                .contains("delete duplicate Account 200").contains("Account.holder");
        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(db.changesSince(before)).containsExactly(
                "- account[200] {id=200, owner_id=2, number=DE01, holder=Acme GmbH}",
                "- partner[2] {id=2, name=ACME}",
                "account[100].holder: A. Acme -> Acme GmbH",
                "account[201].owner_id: 2 -> 1",
                "payment[900].account_id: 200 -> 100",
                "payment[901].account_id: 200 -> 100");
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).extracting(AuditEvent.EntityDeleted::entity,
                AuditEvent.EntityDeleted::id).containsExactly(org.assertj.core.groups.Tuple.tuple("Account", 200L),
                org.assertj.core.groups.Tuple.tuple("Partner", B));
        assertThat(audit.of(AuditEvent.EntityDeleted.class).get(0).lastState()).containsEntry("holder",
                "Acme GmbH");
        assertThat(audit.single(AuditEvent.ConflictResolved.class).policy()).isEqualTo("MERGE_ROWS");
        // the record locks of the row merge are taken before it is planned
        assertThat(executor.locks()).containsExactly(List.of(A, B), List.of(100L, 200L));
    }

    @Test
    void mergeRows_onAOneToOne_mergesTheDuplicatesRowIntoTheSurvivors() {
        TestGraphs.NotNullPoster posters = new TestGraphs.NotNullPoster();
        InMemoryDatabase.Snapshot before = posters.executor.db().snapshot();

        MergeReport done = posters.merge().association("Poster.event", onConflict(ConflictPolicy.mergeRows()))
                .build().execute();

        assertThat(done.stepsOf(ResolveConflict.class)).singleElement().satisfies(c -> {
            assertThat(c.policy()).isEqualTo("MERGE_ROWS");
            assertThat(c.survivorRowId()).isEqualTo(400L);
            assertThat(c.duplicateRowId()).isEqualTo(401L);
        });
        assertThat(posters.executor.db().changesSince(before)).containsExactly(
                "- event[2] {id=2, name=B}", "- poster[401] {id=401, event_id=2}");
    }

    @Test
    void mergeRows_refusesToMergeRowsOfTheMergedEntityInsideItsOwnMerge() {
        TestGraph g = new TestGraph();
        g.entity("Partner", "partner").basic("name");
        g.toOne("Partner", "parent", "Partner", "parent_id").inverse("children");
        g.uniqueKey("partner", "parent_id", "name");
        InMemoryExecutor partners = InMemoryExecutor.of(g.build());

        MergeException e = failsWith(MergeErrorCode.POLICY_NOT_APPLICABLE, () -> MergePlan.builder(partners,
                "Partner").survivor(A).duplicates(B).association("children", onConflict(ConflictPolicy.mergeRows()))
                .build());

        assertThat(e).hasMessageContaining("merge of an entity inside a merge of the same entity is refused");
    }

    @Test
    void mergeRows_nestedInsideARowMerge_isCheckedAtBuild_downToTheBottom() {
        MergeException e = failsWith(MergeErrorCode.STRATEGY_NOT_APPLICABLE, () -> merge(B).association("accounts",
                onConflict(ConflictPolicy.mergeRows().field("owner", FieldStrategy.takeB()))).build());

        assertThat(e).hasMessageContaining("Account.owner is the reference being merged");
        failsWith(MergeErrorCode.UNKNOWN_ASSOCIATION, () -> merge(B).association("accounts", onConflict(
                ConflictPolicy.mergeRows().association("nothing", AssociationPolicy.repoint()))).build());
    }

    @Test
    void mergeRows_onACatalogOnlyTable_isRefusedAtBuild() {
        TestGraph g = new TestGraph();
        g.entity("Partner", "partner");
        g.catalogFk("legacy", "partner_id", "Partner");
        g.uniqueKey("legacy", "partner_id", "code");
        InMemoryExecutor legacy = InMemoryExecutor.of(g.build());

        MergeException e = failsWith(MergeErrorCode.POLICY_NOT_APPLICABLE, () -> MergePlan.builder(legacy,
                "Partner").survivor(A).duplicates(B).association("legacy(partner_id)",
                onConflict(ConflictPolicy.mergeRows())).build());

        assertThat(e).hasMessageContaining("not entities with an id");
    }

    @Test
    void aPartialKey_ignoresArchivedRows_andKeepBothArchivesTheDuplicatesRow() {
        db.insert("consent", "id", 60, "partner_id", A, "term", "mail")
                .insert("consent", "id", 61, "partner_id", A, "term", "phone", "archived_at", "2020")
                .insert("consent", "id", 70, "partner_id", B, "term", "mail")
                .insert("consent", "id", 71, "partner_id", B, "term", "phone");
        InMemoryDatabase.Snapshot before = db.snapshot();
        MergePlan<Object> plan = merge(B).association("Consent.partner",
                onConflict(ConflictPolicy.keepBoth().set("archived_at", "2024"))).build();

        MergeReport preview = plan.dryRun();
        plan.execute(preview);

        // 71 (phone) meets only an archived row of A: no conflict
        assertThat(preview.stepsOf(ResolveConflict.class)).singleElement().satisfies(c -> {
            assertThat(c.policy()).isEqualTo("KEEP_BOTH");
            assertThat(c.survivorRowId()).isEqualTo(60L);
            assertThat(c.duplicateRowId()).isEqualTo(70L);
        });
        assertThat(preview.stepsOf(ChangeRows.class)).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(B);
            assertThat(c.sampleRowIds()).containsExactly(70L);
            assertThat(c.values()).isEqualTo(Map.of("archived_at", "2024"));
        });
        assertThat(db.changesSince(before)).containsExactly(
                "- partner[2] {id=2, name=ACME}",
                "consent[70].archived_at: null -> 2024",
                "consent[70].partner_id: 2 -> 1",
                "consent[71].partner_id: 2 -> 1");
        AuditEvent.RowsChanged changed = audit.single(AuditEvent.RowsChanged.class);
        assertThat(changed.rowIds()).containsExactly(70L);
        assertThat(changed.values()).containsEntry("archived_at", "2024");
    }

    @Test
    void keepBoth_changingTheSurvivorsRow_archivesTheSurvivorsRow_andMovesTheDuplicates() {
        db.insert("consent", "id", 60, "partner_id", A, "term", "mail")
                .insert("consent", "id", 70, "partner_id", B, "term", "mail");

        merge(B).association("Consent.partner", onConflict(ConflictPolicy.keepBoth().set("archived_at", "2024")
                .changingSurvivorRow())).build().execute();

        assertThat(db.row("consent", 60L).orElseThrow()).containsEntry("archived_at", "2024")
                .containsEntry("partner_id", A);
        assertThat(db.row("consent", 70L).orElseThrow()).doesNotContainKey("archived_at")
                .containsEntry("partner_id", A);
    }

    @Test
    void keepBoth_thatLeavesTheRowInTheKey_isRefusedAtBuild() {
        MergeException e = failsWith(MergeErrorCode.POLICY_NOT_APPLICABLE, () -> merge(B).association("tasks",
                onConflict(ConflictPolicy.keepBoth().set("role", "FORMER"))).build());

        assertThat(e).hasMessageContaining("does not take the losing row out of unique uk_task_partner_id_person_role")
                .hasMessageContaining("set one of its columns [person, role] to NULL");
    }

    @Test
    void keepBoth_withoutAChange_orOnAOneToOne_isRefusedAtBuild() {
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> merge(B).association("tasks",
                onConflict(ConflictPolicy.keepBoth())).build());
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> ConflictPolicy.keepBoth().set(" ", 1));
    }

    @Test
    void keepBoth_nullingAKeyColumn_keepsBothTasks() {
        tasks();

        merge(B).association("tasks", onConflict(ConflictPolicy.keepBoth().setNull("role"))).build().execute();

        assertThat(db.row("task", 20L).orElseThrow()).containsEntry("partner_id", A).containsEntry("role", null);
        assertThat(db.rowsWhere("task", "partner_id", A)).hasSize(3);
    }

    @Test
    void aBatch_resolvesTheConflictsOfEachGroup() {
        tasks();
        db.insert("partner", "id", 4L, "name", "Other").insert("partner", "id", 5L, "name", "OTHER")
                .insert("task", "id", 40, "partner_id", 4L, "person", "cy", "role", "LEAD")
                .insert("task", "id", 50, "partner_id", 5L, "person", "cy", "role", "LEAD");

        BatchMerge.builder(executor, "Partner").merge(B, A).merge(5L, 4L).audit(audit)
                .association("tasks", onConflict(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(db.rowsWhere("task", "partner_id", null)).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder(20, 50);
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).extracting(AuditEvent.ConflictResolved::duplicateRowId)
                .containsExactlyInAnyOrder(20L, 50L);
    }
}
