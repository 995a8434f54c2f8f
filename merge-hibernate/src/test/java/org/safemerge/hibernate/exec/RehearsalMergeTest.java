package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;

import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.report.ReportMode;
import org.safemerge.report.Step;

/** A rehearsal runs the real statements and rolls them back: true row counts, nothing left behind. */
class RehearsalMergeTest {

    @MatrixTest
    void rehearsal_reportsTheRowsEachStepReallyChanged_andLeavesTheDatabaseUnchanged(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        MergePlan<Partner> plan = HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                .audit(audit).build();

        MergeReport rehearsal = plan.rehearse();

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.events()).as("nothing remains, so nothing is audited").isEmpty();
        assertThat(rehearsal.mode()).isEqualTo(ReportMode.REHEARSAL);
        assertThat(rehearsal.actualRows()).containsExactlyElementsOf(
                rehearsal.steps().stream().map(Step::expectedRows).toList());
        assertThat(rehearsal.actualRows().stream().mapToLong(Long::longValue).sum())
                .as("16 re-pointed rows, the deleted duplicate, the bumped version").isEqualTo(16 + 1 + 1);

        MergeReport executed = plan.execute(rehearsal);
        assertThat(executed.actualRows()).isEqualTo(rehearsal.actualRows());
        long repointed = Partners.TABLES.stream()
                .mapToLong(t -> db.queryLong("select count(*) from " + t + " where partner_id = 1")).sum();
        assertThat(repointed).as("A's 8 rows and B's 16").isEqualTo(8 + 16);
    }

    @MatrixTest
    void rehearsal_runsIntoAConstraintTheMappingDoesNotShow_andLeavesTheDatabaseUnchanged(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        db.execute("alter table pt_guest add constraint pt_guest_guard check (partner_id <> 1 or text <> 'pt_guest 2')");
        TableDump before = TableDump.of(db);
        MergePlan<Partner> plan = HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B).build();

        assertThat(plan.dryRun().blocked()).as("the dry run cannot know").isFalse();
        assertThatThrownBy(plan::rehearse)
                .satisfies(code(MergeErrorCode.DATABASE_ERROR))
                .hasMessageFindingMatch("(?i)pt_guest_guard");

        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void rehearsalFromTheCallersSession_leavesTheCallersTransactionAlone(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);

        try (Session s = factory.openSession()) {
            s.beginTransaction();
            s.find(Partner.class, Partners.C).name = "Carl Weber-Braun";
            s.flush();

            MergeReport rehearsal = HibernateMerge.of(s).plan(Partner.class).survivor(A).duplicates(B)
                    .build().rehearse();

            assertThat(rehearsal.actualRows()).isNotEmpty();
            assertThat(s.getTransaction().isActive()).isTrue();
            assertThat(s.getTransaction().getRollbackOnly()).isFalse();
            s.getTransaction().commit();
        }

        assertThat(db.queryRows("select id, name from pt_partner order by id")).containsExactly(
                List.of(1L, "Anna Schmidt"), List.of(2L, "Anna Schmitt"), List.of(3L, "Carl Weber-Braun"));
    }
}
