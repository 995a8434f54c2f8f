package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Child;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Family;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Pet;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RepointReferences;
import org.safemerge.spi.AuditEvent;

/**
 * A reviewed dry run covers the very rows it showed, not only how many there were: one referencing row swapped for
 * another after the dry run (count and sample ids unchanged) makes execute(reviewed) refuse with PLAN_STALE, naming
 * the step, and the new row is left alone. The digest of the row ids comes from the database.
 */
class StalePlanMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;

    private static SessionFactory seed(TestDatabase db) {
        return OneToManyMergeTest.seedWithoutChores(db);
    }

    /** One sample id per step: the swapped row is not among the samples, only the digest can see it. */
    private static MergePlan.Builder<Family> plan(SessionFactory factory, AuditTrail audit) {
        return HibernateMerge.of(factory).plan(Family.class).survivor(A).duplicates(B).sampleLimit(1).audit(audit);
    }

    private static MergePlan<Family> deletingChildren(SessionFactory factory, AuditTrail audit) {
        return plan(factory, audit).field("children", FieldStrategy.takeA())
                .association("children", AssociationPolicy.repoint().allowDelete()).build();
    }

    @MatrixTest
    void withAllowDelete_aChildSwappedAfterTheDryRun_isNotDeleted_executeRefusesWithPlanStale(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        MergeReport reviewed = deletingChildren(factory, audit).dryRun();
        assertThat(reviewed.stepsOf(DeleteReferencingRows.class)).singleElement().satisfies(step -> {
            assertThat(step.expectedRows()).isEqualTo(2);
            assertThat(step.sampleRowIds()).containsExactly(12L);
        });
        assertThat(reviewed.rowDigests()).hasSameSizeAs(reviewed.steps());

        db.execute("delete from fc_child where id = 13",
                "insert into fc_child (id, name, family_id) values (14, 'Dee', 2)");
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> deletingChildren(factory, audit).execute(reviewed))
                .satisfies(code(MergeErrorCode.PLAN_STALE))
                .hasMessageContaining("DELETE_REFERENCING_ROWS on Child.family")
                .hasMessageContaining("rows of fc_child pointing at 2")
                .hasMessageContaining("their ids differ");
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(db.queryRows("select id, family_id from fc_child where id = 14"))
                .as("the row nobody reviewed is intact").containsExactly(List.of(14L, 2L));
        assertThat(audit.rolledBackWith()).isEqualTo("PLAN_STALE");
    }

    @MatrixTest
    void repointing_aPetSwappedAfterTheDryRun_executeRefusesWithPlanStale(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        MergeReport reviewed = plan(factory, audit).build().dryRun();
        assertThat(reviewed.stepsOf(RepointReferences.class)).anySatisfy(step -> {
            assertThat(step.table()).isEqualTo("fc_pet");
            assertThat(step.expectedRows()).isEqualTo(2);
            assertThat(step.sampleRowIds()).containsExactly(22L);
        });

        db.execute("update fc_pet set family_id = 1 where id = 23",
                "insert into fc_pet (id, name, family_id) values (24, 'Max', 2)");
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> plan(factory, audit).build().execute(reviewed))
                .satisfies(code(MergeErrorCode.PLAN_STALE))
                .hasMessageContaining("REPOINT_REFERENCES on Pet.family")
                .hasMessageContaining("rows of fc_pet pointing at 2");
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).isEmpty();
    }

    @MatrixTest
    void theFingerprintAlone_alsoCatchesTheSwap(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        String fingerprint = deletingChildren(factory, audit).dryRun().fingerprint();

        db.execute("delete from fc_child where id = 13",
                "insert into fc_child (id, name, family_id) values (14, 'Dee', 2)");

        assertThatThrownBy(() -> deletingChildren(factory, audit).expecting(fingerprint).execute())
                .satisfies(code(MergeErrorCode.PLAN_STALE));
        assertThat(db.queryLong("select count(*) from fc_child where family_id = 2")).isEqualTo(2);
    }

    @MatrixTest
    void noChangeSinceTheDryRun_executeOfTheReviewedPlanSucceeds(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        MergeReport reviewed = deletingChildren(factory, audit).dryRun();

        MergeReport executed = deletingChildren(factory, audit).execute(reviewed);

        assertThat(executed.fingerprint()).isEqualTo(reviewed.fingerprint());
        assertThat(executed.rowDigests()).isEqualTo(reviewed.rowDigests());
        assertThat(db.queryRows("select id from fc_child order by id")).containsExactly(List.of(11L));
        assertThat(db.queryRows("select id, family_id from fc_pet order by id"))
                .containsExactly(List.of(21L, 1L), List.of(22L, 1L), List.of(23L, 1L));
        assertThat(audit.rowIds(AuditEvent.ReferencingRowsDeleted.class)).containsExactly(12L, 13L);
    }
}
