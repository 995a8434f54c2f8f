package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.BatchMerge;
import org.safemerge.BatchMergeException;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.BatchResult;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.MergeGuard;
import org.safemerge.spi.MergeVerdict;

/**
 * Merge guards on a real database: the OpenMRS rule "never merge two patients that both have an active order of
 * the same type", queried through the merge's own session. A veto shows in the dry run, fails execute, rehearse and
 * a batch's chunk (or skips the group) and leaves every table as it was; in execute the guard runs while the records
 * are locked.
 */
class MergeGuardMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;
    private static final long C = 3L;
    private static final long D = 4L;

    @Entity(name = "Patient")
    @Table(name = "gd_patient")
    static class Patient {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "PatientOrder")
    @Table(name = "gd_order")
    static class PatientOrder {
        @Id
        Long id;
        @Column(name = "order_type")
        String type;
        boolean active;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "patient_id", nullable = false)
        Patient patient;
    }

    /** The rule, as the README shows it: any active order type the survivor shares with a duplicate vetoes. */
    static final MergeGuard<Patient> NO_SHARED_ACTIVE_ORDER = merge -> {
        Session session = merge.unwrap(Session.class);
        List<String> shared = session.createSelectionQuery(
                "select distinct o.type from PatientOrder o where o.active and o.patient.id = :survivor"
                + " and o.type in (select d.type from PatientOrder d where d.active and d.patient.id in :duplicates)"
                + " order by o.type", String.class)
                .setParameter("survivor", merge.survivorId())
                .setParameterList("duplicates", merge.duplicateIds())
                .getResultList();
        return shared.isEmpty() ? MergeVerdict.allow()
                : MergeVerdict.veto("both patients have an active order of type " + shared.get(0));
    };

    /**
     * Patients A (1), B (2), C (3), D (4). Active orders: A lab (11), B lab (12), C x-ray (13); D's lab order (14)
     * is not active. So A and B share an active lab order (vetoed); A and D, or C and D, do not.
     */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Patient.class, PatientOrder.class);
        db.execute("insert into gd_patient (id, name) values (1, 'Ann'), (2, 'Ann B.'), (3, 'Cy'), (4, 'Cy D.')",
                "insert into gd_order (id, order_type, active, patient_id) values (11, 'lab', true, 1), "
                        + "(12, 'lab', true, 2), (13, 'x-ray', true, 3), (14, 'lab', false, 4)");
        return factory;
    }

    private static MergePlan.Builder<Patient> plan(SessionFactory factory, AuditTrail audit, long survivor,
            long duplicate) {
        return HibernateMerge.of(factory).plan(Patient.class).survivor(survivor).duplicates(duplicate).audit(audit)
                .guard(NO_SHARED_ACTIVE_ORDER);
    }

    private static List<List<Object>> ordersOf(TestDatabase db) {
        return db.queryRows("select id, patient_id from gd_order order by id");
    }

    @MatrixTest
    void dryRun_aGuardQueryingThroughTheSession_vetoes_asABlockingHazard_andNothingChanges(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        MergeReport report = plan(factory, audit, A, B).build().dryRun();

        assertThat(report.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.VETOED);
            assertThat(h.message()).isEqualTo("both patients have an active order of type lab");
        });
        assertThat(report.toText()).contains("! BLOCKED VETOED: both patients have an active order of type lab");
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.events()).isEmpty();
    }

    @MatrixTest
    void execute_vetoed_failsWithMergeVetoed_leavesTheDatabaseAsItWas_andTheTrailEndsRolledBack(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> plan(factory, audit, A, B).build().execute())
                .satisfies(code(MergeErrorCode.MERGE_VETOED))
                .hasMessageContaining("both patients have an active order of type lab");

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.events()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(audit.rolledBackWith()).isEqualTo("MERGE_VETOED");
    }

    @MatrixTest
    void rehearse_vetoed_failsWithMergeVetoed_likeExecute(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> plan(factory, new AuditTrail(), A, B).build().rehearse())
                .satisfies(code(MergeErrorCode.MERGE_VETOED));

        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void anAllowedMerge_proceeds_andTheGuardSawTheManagedEntitiesOfTheCallersSession(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        List<String> seen = new ArrayList<>();

        try (Session session = factory.openSession()) {
            session.beginTransaction();
            HibernateMerge.of(session).plan(Patient.class).survivor(A).duplicates(D).audit(audit).guard(merge -> {
                EntityManager em = merge.unwrap(EntityManager.class);
                seen.add(merge.survivor().name + " <- " + merge.duplicates().get(0).name);
                seen.add("managed: " + (em == session && session.contains(merge.survivor())
                        && session.contains(merge.duplicates().get(0))));
                return NO_SHARED_ACTIVE_ORDER.check(merge);
            }).build().execute();
            session.getTransaction().commit();
        }

        assertThat(seen).containsExactly("Ann <- Cy D.", "managed: true");
        assertThat(db.queryRows("select id from gd_patient order by id")).containsExactly(List.of(A), List.of(B),
                List.of(C));
        assertThat(ordersOf(db)).containsExactly(List.of(11L, A), List.of(12L, B), List.of(13L, C),
                List.of(14L, A));
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
    }

    @MatrixTest
    void inExecute_theGuardRunsWhileTheRecordsAreLocked_inTheDryRunNothingIsLocked(TestDatabase db) {
        SessionFactory factory = seed(db);
        List<String> probes = new ArrayList<>();
        MergeGuard<Patient> probe = merge -> {
            // from another connection, without waiting: a row the merge holds cannot be locked
            probes.add("survivor " + (lockable(db, merge.survivorId()) ? "free" : "locked") + ", duplicate "
                    + (lockable(db, merge.duplicateIds().get(0)) ? "free" : "locked"));
            return MergeVerdict.allow();
        };
        MergePlan<Patient> plan = HibernateMerge.of(factory).plan(Patient.class).survivor(C).duplicates(D)
                .guard(probe).build();

        plan.dryRun();
        plan.execute();

        assertThat(probes).containsExactly("survivor free, duplicate free", "survivor locked, duplicate locked");
        assertThat(ordersOf(db)).contains(List.of(14L, C));
    }

    /** Whether another transaction can lock the patient's row right now (asked without waiting, then released). */
    private static boolean lockable(TestDatabase db, Object patientId) {
        String noWait = db.database() == Database.H2 ? "" : " nowait";
        try (Connection other = db.connect()) {
            other.setAutoCommit(false);
            if (db.database() == Database.H2) {
                try (PreparedStatement timeout = other.prepareStatement("set lock_timeout 0")) {
                    timeout.execute();
                }
            }
            try (PreparedStatement select = other.prepareStatement("select id from gd_patient where id = ? for "
                    + "update" + noWait)) {
                select.setObject(1, patientId);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).as("patient " + patientId + " exists").isTrue();
                }
                return true;
            } catch (SQLException lockedElsewhere) {
                return false;
            } finally {
                other.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @MatrixTest
    void aGuardWhoseQueryFails_failsWithGuardFailed_andChangesNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Patient.class).survivor(C).duplicates(D)
                .audit(audit).guard(merge -> merge.unwrap(Session.class)
                        .createNativeQuery("select count(*) from gd_no_such_table", Long.class).getSingleResult() > 0
                        ? MergeVerdict.veto("never") : MergeVerdict.allow())
                .build().execute())
                .satisfies(code(MergeErrorCode.GUARD_FAILED))
                .hasMessageContaining("threw instead of returning a verdict");

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("GUARD_FAILED");
    }

    private static BatchMerge.Builder<Patient> batch(SessionFactory factory, AuditTrail audit) {
        // 1 <- 2 is vetoed (both lab), 3 <- 4 is allowed
        return HibernateMerge.of(factory).batch(Patient.class).audit(audit).guard(NO_SHARED_ACTIVE_ORDER)
                .group(A, B).group(C, D);
    }

    @MatrixTest
    void batch_aVetoedGroup_failsItsChunk_andNothingChanges(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThat(batch(factory, audit).build().dryRun().groups()).extracting(MergeReport::blocked)
                .containsExactly(true, false);
        assertThatThrownBy(() -> batch(factory, audit).build().execute())
                .isInstanceOfSatisfying(BatchMergeException.class, e -> {
                    assertThat(e.code()).isEqualTo(MergeErrorCode.MERGE_VETOED);
                    assertThat(e.failedGroup()).isEqualTo(new MergeGroup(A, List.of(B)));
                    assertThat(e.completed().merged()).isEmpty();
                });

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).hasSize(2)
                .allSatisfy(rb -> assertThat(rb.errorCode()).isEqualTo("MERGE_VETOED"));
    }

    @MatrixTest
    void batch_withSkipBlockedGroups_skipsTheVetoedGroup_andMergesTheOther(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        BatchResult result = batch(factory, audit).skipBlockedGroups().build().execute();

        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.group()).isEqualTo(new MergeGroup(A, List.of(B)));
            assertThat(skipped.blockingHazards()).singleElement().satisfies(h -> {
                assertThat(h.kind()).isEqualTo(HazardKind.VETOED);
                assertThat(h.message()).isEqualTo("both patients have an active order of type lab");
            });
        });
        assertThat(result.merged()).extracting(BatchResult.GroupResult::group)
                .containsExactly(new MergeGroup(C, List.of(D)));
        assertThat(db.queryRows("select id from gd_patient order by id")).containsExactly(List.of(A), List.of(B),
                List.of(C));
        assertThat(ordersOf(db)).containsExactly(List.of(11L, A), List.of(12L, B), List.of(13L, C),
                List.of(14L, C));
        String skippedId = result.skipped().get(0).mergeId();
        assertThat(audit.events()).filteredOn(e -> e.mergeId().equals(skippedId))
                .extracting(e -> e.getClass().getSimpleName()).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).singleElement()
                .satisfies(rb -> assertThat(rb.errorCode()).isEqualTo("MERGE_VETOED"));
    }
}
