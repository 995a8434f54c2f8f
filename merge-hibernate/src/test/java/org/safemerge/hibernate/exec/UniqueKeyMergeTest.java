package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;
import static org.safemerge.hibernate.exec.UniqueKeys.A;
import static org.safemerge.hibernate.exec.UniqueKeys.B;
import static org.safemerge.hibernate.exec.UniqueKeys.C;

import java.util.Arrays;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.ConflictResolution;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.Step;
import org.safemerge.spi.AuditEvent;

/**
 * Unique keys over several columns that include the FK, on every database: the dry run shows each conflict with
 * both rows; every resolution does exactly what the dry run said (whole-database dumps before and after); nothing
 * is left to the database's unique violation.
 */
class UniqueKeyMergeTest {

    /** The duplicates into A, the legacy table's conflict resolved by KEEP_A; tasks and accounts as given. */
    private static MergePlan.Builder<UniqueKeys.Partner> plan(SessionFactory factory, AuditTrail audit,
            Object... duplicates) {
        return HibernateMerge.of(factory).plan(UniqueKeys.Partner.class).survivor(A).duplicates(duplicates)
                .audit(audit).association("uk_legacy(partner_id)", onConflict(ConflictPolicy.KEEP_A));
    }

    /** {@link #plan} with the accounts' conflict merged (another test's subject). */
    private static MergePlan.Builder<UniqueKeys.Partner> merge(SessionFactory factory, AuditTrail audit,
            Object... duplicates) {
        return plan(factory, audit, duplicates).association("accounts", onConflict(ConflictPolicy.mergeRows()));
    }

    /** B into A, the tasks' conflict resolved by KEEP_A, for tests of the accounts. */
    private static MergePlan.Builder<UniqueKeys.Partner> accounts(SessionFactory factory, AuditTrail audit) {
        return plan(factory, audit, B).association("tasks", onConflict(ConflictPolicy.KEEP_A));
    }

    private static AssociationPolicy onConflict(ConflictResolution resolution) {
        return AssociationPolicy.repoint().onConflict(resolution);
    }

    private static List<List<Object>> tasks(TestDatabase db) {
        return db.queryRows("select id, partner_id, person, role from uk_task order by id");
    }

    /**
     * What every merge of B into A here changes outside the tables under test (partner B gone, its report moved,
     * account 200 merged into 100 with its payments), without those tables and the legacy table (whose rows are
     * asserted where they are the subject).
     */
    private static TableDump mergedBesides(TableDump before, String... tablesUnderTest) {
        TableDump expected = before.removing("uk_partner", "id", B)
                .replacing("uk_report", "partner_id", B, A)
                .removing("uk_account", "id", 200).replacing("uk_account", "owner_id", B, A)
                .replacing("uk_payment", "account_id", 200, 100);
        return without(expected, tablesUnderTest);
    }

    private static TableDump without(TableDump dump, String... tables) {
        TableDump rest = dump.without("uk_legacy");
        for (String table : tables) {
            rest = rest.without(table);
        }
        return rest;
    }

    @MatrixTest
    void withoutAPolicy_theDryRunShowsTheConflictWithBothRows_andExecuteChangesNothing(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        MergeReport preview = merge(factory, audit, B).build().dryRun();

        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
            assertThat(h.subject()).isEqualTo("uk_task(partner_id)");
            assertThat(h.sampleRowIds()).containsExactly(20L);
            assertThat(h.message()).containsIgnoringCase("uk_task_partner_person_role")
                    .contains("row 20 of duplicate 2 and row 10 of survivor 1 share person=ann, role=LEAD");
        });
        assertThatThrownBy(() -> merge(factory, audit, B).build().execute())
                .satisfies(code(MergeErrorCode.PLAN_BLOCKED));
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("PLAN_BLOCKED");
    }

    @MatrixTest
    void fail_refusesWithUniqueConflict_andChangesNothing(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> merge(factory, new AuditTrail(), B)
                .association("tasks", onConflict(ConflictPolicy.FAIL)).build().execute())
                .satisfies(code(MergeErrorCode.UNIQUE_CONFLICT)).hasMessageContaining("onConflict(FAIL) is set");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void keepA_unassignsTheDuplicatesConflictingRow_exactlyAsTheDryRunSaid(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        MergePlan<UniqueKeys.Partner> plan = merge(factory, audit, B)
                .association("tasks", onConflict(ConflictPolicy.KEEP_A)).build();

        MergeReport preview = plan.dryRun();
        MergeReport done = plan.execute(preview);

        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(preview.toText()).contains("conflict KEEP_A: the survivor keeps row 10; row 20 of duplicate 2 "
                + "leaves (person=ann, role=LEAD)").contains("unassign (set NULL) 1 row of uk_task pointing at 2 [20]")
                .contains("re-point 1 row of uk_task from 2 to 1 [21]");
        assertThat(tasks(db)).containsExactly(List.of(10L, 1L, "ann", "LEAD"), Arrays.asList(20L, null, "ann",
                "LEAD"), List.of(21L, 1L, "bob", "LEAD"), List.of(30L, 3L, "bob", "LEAD"));
        assertThat(without(TableDump.of(db), "uk_task")).isEqualTo(mergedBesides(before, "uk_task"));
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).filteredOn(e -> e.table().equals("uk_task"))
                .singleElement().satisfies(e -> {
                    assertThat(e.survivorRowId()).isEqualTo(10L);
                    assertThat(e.duplicateRowId()).isEqualTo(20L);
                });
    }

    @MatrixTest
    void keepB_unassignsTheSurvivorsRow_andMovesTheDuplicates(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);

        merge(factory, new AuditTrail(), B).association("tasks", onConflict(ConflictPolicy.KEEP_B)).build()
                .execute();

        assertThat(tasks(db)).containsExactly(Arrays.asList(10L, null, "ann", "LEAD"), List.of(20L, 1L, "ann",
                "LEAD"), List.of(21L, 1L, "bob", "LEAD"), List.of(30L, 3L, "bob", "LEAD"));
        assertThat(without(TableDump.of(db), "uk_task")).isEqualTo(mergedBesides(before, "uk_task"));
    }

    @MatrixTest
    void twoDuplicates_whoseRowsConflictWithEachOther_areResolvedInTheOrderTheyMove(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);

        MergeReport done = merge(factory, new AuditTrail(), B, C)
                .association("tasks", onConflict(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(done.stepsOf(ResolveConflict.class)).filteredOn(c -> c.table().equals("uk_task"))
                .extracting(ResolveConflict::survivorRowId, ResolveConflict::duplicateRowId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10L, 20L),
                        org.assertj.core.groups.Tuple.tuple(21L, 30L));
        assertThat(tasks(db)).containsExactly(List.of(10L, 1L, "ann", "LEAD"), Arrays.asList(20L, null, "ann",
                "LEAD"), List.of(21L, 1L, "bob", "LEAD"), Arrays.asList(30L, null, "bob", "LEAD"));
    }

    @MatrixTest
    void keepBoth_nullingAKeyColumn_keepsBothRows(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        MergePlan<UniqueKeys.Partner> plan = merge(factory, audit, B)
                .association("tasks", onConflict(ConflictPolicy.keepBoth().setNull("role"))).build();

        MergeReport preview = plan.dryRun();
        plan.execute(preview);

        assertThat(preview.toText()).contains("change 1 row of uk_task pointing at 2: set role = null [20]");
        assertThat(tasks(db)).containsExactly(List.of(10L, 1L, "ann", "LEAD"), Arrays.asList(20L, 1L, "ann", null),
                List.of(21L, 1L, "bob", "LEAD"), List.of(30L, 3L, "bob", "LEAD"));
        assertThat(without(TableDump.of(db), "uk_task")).isEqualTo(mergedBesides(before, "uk_task"));
        assertThat(audit.of(AuditEvent.RowsChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(20L));
    }

    @MatrixTest
    void aUniqueKeyWithoutTheFk_givesNoConflict(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);

        MergeReport preview = merge(factory, new AuditTrail(), B)
                .association("tasks", onConflict(ConflictPolicy.KEEP_A)).build().dryRun();

        assertThat(preview.stepsOf(ResolveConflict.class)).noneMatch(c -> c.table().equals("uk_report"));
        assertThat(preview.stepsOf(RepointReferences.class)).filteredOn(r -> r.table().equals("uk_report"))
                .singleElement().satisfies(r -> assertThat(r.sampleRowIds()).containsExactly(51L));
    }

    @MatrixTest
    void mergeRows_movesThePaymentsOfTheDroppedAccount_andDeletesIt(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        MergePlan<UniqueKeys.Partner> plan = accounts(factory, audit)
                .association("UkAccount.owner", onConflict(ConflictPolicy.mergeRows()
                        .field("holder", FieldStrategy.takeB()))).build();

        MergeReport preview = plan.dryRun();
        MergeReport done = plan.execute(preview);

        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(preview.steps()).extracting(Step::kind).containsSubsequence("RESOLVE_CONFLICT",
                "REPOINT_REFERENCES", "DELETE_DUPLICATE", "SET_ATTRIBUTE", "REPOINT_REFERENCES");
        assertThat(preview.toText()).contains("conflict MERGE_ROWS: row 200 is merged into row 100")
                .contains("re-point 2 rows of uk_payment from 200 to 100 [900, 901]")
                .contains("delete duplicate UkAccount 200").contains("set holder = Acme GmbH");
        assertThat(db.queryRows("select id, owner_id, number, holder from uk_account order by id")).containsExactly(
                List.of(100L, 1L, "DE01", "Acme GmbH"), Arrays.asList(201L, 1L, "DE02", null));
        assertThat(db.queryRows("select id, account_id from uk_payment order by id"))
                .containsExactly(List.of(900L, 100L), List.of(901L, 100L));
        assertThat(without(TableDump.of(db), "uk_task", "uk_account"))
                .isEqualTo(mergedBesides(before, "uk_task", "uk_account"));
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).extracting(AuditEvent.EntityDeleted::entity)
                .containsExactly("UkAccount", "UkPartner");
    }

    @MatrixTest
    void keepA_withAllowDelete_onAnAccountWithPayments_isBlocked_andChangesNothing(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);
        MergePlan<UniqueKeys.Partner> plan = accounts(factory, new AuditTrail())
                .association("accounts", onConflict(ConflictPolicy.KEEP_A).allowDelete()).build();

        assertThat(plan.dryRun().blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.DEPENDENT_ROWS);
            assertThat(h.message()).contains("2 in uk_payment(account_id)");
        });
        assertThatThrownBy(plan::execute).satisfies(code(MergeErrorCode.PLAN_BLOCKED));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void keepA_withAllowDelete_deletesTheConflictingAccount_whenNothingPointsAtIt(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        db.execute("delete from uk_payment");
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        accounts(factory, audit).association("accounts", onConflict(ConflictPolicy.KEEP_A).allowDelete()).build()
                .execute();

        assertThat(db.queryRows("select id, owner_id, number from uk_account order by id"))
                .containsExactly(List.of(100L, 1L, "DE01"), List.of(201L, 1L, "DE02"));
        assertThat(audit.rowIds(AuditEvent.ReferencingRowsDeleted.class)).containsExactly(200L);
        assertThat(without(TableDump.of(db), "uk_task", "uk_account"))
                .isEqualTo(mergedBesides(before, "uk_task", "uk_account"));
    }

    @MatrixTest
    void keepA_withoutAllowDelete_onANotNullFk_isBlocked(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);

        MergeReport preview = accounts(factory, new AuditTrail())
                .association("accounts", onConflict(ConflictPolicy.KEEP_A)).build().dryRun();

        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
            assertThat(h.sampleRowIds()).containsExactly(200L);
        });
    }

    @MatrixTest
    void keepB_onANotNullFk_blocksWithoutAllowDelete_andWithItDeletesTheSurvivorsRow(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        TableDump before = TableDump.of(db);

        MergeReport withoutDelete = accounts(factory, new AuditTrail())
                .association("accounts", onConflict(ConflictPolicy.KEEP_B)).build().dryRun();
        assertThat(withoutDelete.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
            assertThat(h.sampleRowIds()).containsExactly(100L);
        });
        accounts(factory, new AuditTrail()).association("accounts", onConflict(ConflictPolicy.KEEP_B).allowDelete())
                .build().execute();

        // the survivor's account 100 (no payments) goes; B's 200 moves with its payments
        assertThat(db.queryRows("select id, owner_id, number from uk_account order by id"))
                .containsExactly(List.of(200L, 1L, "DE01"), List.of(201L, 1L, "DE02"));
        assertThat(without(TableDump.of(db), "uk_task", "uk_account")).isEqualTo(without(before
                .removing("uk_partner", "id", B).replacing("uk_report", "partner_id", B, A), "uk_task",
                "uk_account"));
    }

    @MatrixTest
    void aCatalogOnlyTablesUniqueKey_isFound_andResolved(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        AuditTrail audit = new AuditTrail();

        merge(factory, audit, B).association("tasks", onConflict(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(db.queryRows("select id, partner_id, code from uk_legacy order by id")).containsExactly(
                List.of(70L, 1L, "X"), Arrays.asList(80L, null, "X"), List.of(81L, 1L, "Y"));
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).filteredOn(e -> e.table().equals("uk_legacy"))
                .singleElement().satisfies(e -> assertThat(e.duplicateRowId()).isEqualTo(80L));
    }

    @MatrixTest
    void aBatch_resolvesEachGroupsConflicts_andMovesTheOtherRowsInBulk(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        // groups: B into A (task 20 conflicts with 10), E into D (50 with 40), G into F (no conflict)
        db.execute("insert into uk_partner (id, name) values (4, 'D'), (5, 'E'), (6, 'F'), (7, 'G')",
                "insert into uk_task (id, partner_id, person, role) values (40, 4, 'cy', 'LEAD'), "
                        + "(50, 5, 'cy', 'LEAD'), (51, 5, 'dan', 'LEAD'), (60, 6, 'eve', 'LEAD'), "
                        + "(70, 7, 'eve', 'HELP')");
        AuditTrail audit = new AuditTrail();

        org.safemerge.report.BatchResult result = HibernateMerge.of(factory).batch(UniqueKeys.Partner.class)
                .group(A, B).group(4L, 5L).group(6L, 7L).audit(audit)
                .association("tasks", onConflict(ConflictPolicy.KEEP_A))
                .association("accounts", onConflict(ConflictPolicy.mergeRows()))
                .association("uk_legacy(partner_id)", onConflict(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(result.merged()).hasSize(3);
        assertThat(db.queryRows("select id, partner_id from uk_task order by id")).containsExactly(
                List.of(10L, 1L), Arrays.asList(20L, null), List.of(21L, 1L), List.of(30L, 3L), List.of(40L, 4L),
                Arrays.asList(50L, null), List.of(51L, 4L), List.of(60L, 6L), List.of(70L, 6L));
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).filteredOn(e -> e.table().equals("uk_task"))
                .extracting(AuditEvent.ConflictResolved::duplicateRowId).containsExactlyInAnyOrder(20L, 50L);
        assertThat(db.queryRows("select id, account_id from uk_payment order by id"))
                .containsExactly(List.of(900L, 100L), List.of(901L, 100L));
    }
}
