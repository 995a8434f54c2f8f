package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;
import static org.safemerge.hibernate.exec.Partners.C;

import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;

/** A plan reviewed earlier must still match the data; bad ids fail with their codes and change nothing. */
class PlanInputsMergeTest {

    private static MergePlan<Partner> plan(SessionFactory factory, Object survivor, Object duplicate,
            AuditTrail audit) {
        return HibernateMerge.of(factory).plan(Partner.class).survivor(survivor).duplicates(duplicate).audit(audit)
                .build();
    }

    @MatrixTest
    void executingAReviewedPlan_afterTheDataChanged_failsAsStale_andChangesNothing(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        AuditTrail audit = new AuditTrail();
        MergePlan<Partner> plan = plan(factory, A, B, audit);
        MergeReport reviewed = plan.dryRun();
        db.execute("insert into pt_note (id, text, partner_id) values (199, 'added after the review', 2)");
        TableDump changed = TableDump.of(db);

        assertThatThrownBy(() -> plan.execute(reviewed))
                .satisfies(code(MergeErrorCode.PLAN_STALE))
                .hasMessageContaining("changed since the reviewed dry run");

        assertThat(TableDump.of(db)).isEqualTo(changed);
        assertThat(audit.rolledBackWith()).isEqualTo("PLAN_STALE");
        assertThat(plan.execute(plan.dryRun()).actualRows()).as("a fresh review executes").isNotEmpty();
        assertThat(db.queryLong("select count(*) from pt_note where partner_id = 1")).isEqualTo(4);
    }

    @MatrixTest
    void executingAReviewedPlan_whenTheDuplicateItselfChanged_failsAsStale(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        MergePlan<Partner> plan = plan(factory, A, B, new AuditTrail());
        MergeReport reviewed = plan.dryRun();
        db.execute("update pt_partner set name = 'Anna Schmitt-Weber', version = version + 1 where id = 2");
        TableDump changed = TableDump.of(db);

        assertThatThrownBy(() -> plan.execute(reviewed))
                .satisfies(code(MergeErrorCode.PLAN_STALE));
        assertThat(TableDump.of(db)).isEqualTo(changed);
    }

    @MatrixTest
    void aMissingSurvivor_failsWithSurvivorNotFound_andChangesNothing(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> plan(factory, 404L, B, audit).execute())
                .satisfies(code(MergeErrorCode.SURVIVOR_NOT_FOUND))
                .hasMessageContaining("404");
        assertThatThrownBy(() -> plan(factory, 404L, B, audit).dryRun())
                .satisfies(code(MergeErrorCode.SURVIVOR_NOT_FOUND));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void aDuplicateAlreadyMerged_failsWithDuplicateNotFound_andChangesNothing(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        plan(factory, A, B, new AuditTrail()).execute();
        TableDump afterFirstMerge = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> plan(factory, C, B, audit).execute())
                .satisfies(code(MergeErrorCode.DUPLICATE_NOT_FOUND))
                .hasMessageContaining("duplicate Partner 2 does not exist");
        assertThat(TableDump.of(db)).isEqualTo(afterFirstMerge);
        assertThat(audit.rolledBackWith()).isEqualTo("DUPLICATE_NOT_FOUND");
    }

    @MatrixTest
    void theSurvivorListedAsItsOwnDuplicate_isRejectedBeforeAnySql(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> plan(factory, A, A, new AuditTrail()))
                .satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }
}
