package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;

/**
 * The deletion firewall: removing the duplicate must not delete anything else. Here the duplicate owns a
 * {@code @OneToOne(cascade = REMOVE)} to its badge; the badge does not point at the duplicate (the duplicate points
 * at it), so no step of the plan touches it, and deleting the duplicate would take the badge along.
 */
class DeleteFirewallMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;

    @Entity(name = "Volunteer")
    @Table(name = "fw_volunteer")
    static class Volunteer {
        @Id
        Long id;
        String name;
        @OneToOne(cascade = CascadeType.REMOVE, fetch = FetchType.LAZY)
        @JoinColumn(name = "badge_id")
        Badge badge;
    }

    @Entity(name = "Badge")
    @Table(name = "fw_badge")
    static class Badge {
        @Id
        Long id;
        String code;
    }

    @Entity(name = "Shift")
    @Table(name = "fw_shift")
    static class Shift {
        @Id
        Long id;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "volunteer_id")
        Volunteer volunteer;
    }

    /** Its badge sits in an embeddable: the cascade starts one level down. */
    @Entity(name = "Guard")
    @Table(name = "fw_guard")
    static class Guard {
        @Id
        Long id;
        String name;
        @Embedded
        Equipment equipment;
    }

    @Embeddable
    static class Equipment {
        @OneToOne(cascade = CascadeType.REMOVE, fetch = FetchType.LAZY)
        @JoinColumn(name = "badge_id")
        Badge badge;
    }

    /** Volunteers A (1, badge 71) and B (2, badge 72); shifts 81 -> A, 82 -> B. */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Volunteer.class, Badge.class, Shift.class, Guard.class);
        db.execute("insert into fw_badge (id, code) values (71, 'A-71'), (72, 'B-72')",
                "insert into fw_volunteer (id, name, badge_id) values (1, 'Ada', 71), (2, 'Ada L.', 72)",
                "insert into fw_shift (id, volunteer_id) values (81, 1), (82, 2)");
        return factory;
    }

    @MatrixTest
    void removingTheDuplicateWouldCascadeToItsBadge_isShownByTheDryRun_andRefusedByExecute_changingNothing(
            TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        MergeReport preview = HibernateMerge.of(factory).plan(Volunteer.class).survivor(A).duplicates(B).build()
                .dryRun();
        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.CASCADE_FROM_DUPLICATE);
            assertThat(h.message()).contains("Volunteer.badge", "Badge 72");
        });
        assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Volunteer.class).survivor(A).duplicates(B)
                .audit(audit).build().execute())
                .satisfies(code(MergeErrorCode.PLAN_BLOCKED))
                .hasMessageContaining("would cascade REMOVE through Volunteer.badge to Badge 72");

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("PLAN_BLOCKED");
    }

    @MatrixTest
    void inTheCallersTransaction_theRefusalMarksItRollbackOnly(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        try (Session session = factory.openSession()) {
            session.beginTransaction();
            assertThat(session.find(Volunteer.class, B).badge).isNotNull();
            assertThatThrownBy(() -> HibernateMerge.of(session).plan(Volunteer.class).survivor(A).duplicates(B)
                    .build().execute())
                    .satisfies(code(MergeErrorCode.PLAN_BLOCKED));
            assertThat(session.getTransaction().getRollbackOnly()).isTrue();
            session.getTransaction().rollback();
        }

        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void aCascadeFromInsideAnEmbeddable_isStoppedByTheFirewall_andChangesNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        db.execute("insert into fw_badge (id, code) values (73, 'G-73'), (74, 'G-74')",
                "insert into fw_guard (id, name, badge_id) values (1, 'Bo', 73), (2, 'Bo B.', 74)");
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Guard.class).survivor(A).duplicates(B)
                .audit(audit).build().execute())
                .satisfies(code(MergeErrorCode.UNEXPECTED_DELETE))
                .hasMessageContaining("Badge 74");

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("UNEXPECTED_DELETE");
    }

    @MatrixTest
    void aDuplicateWithoutABadge_mergesNormally(TestDatabase db) {
        SessionFactory factory = seed(db);
        db.execute("update fw_volunteer set badge_id = null where id = 2");

        HibernateMerge.of(factory).plan(Volunteer.class).survivor(A).duplicates(B).build().execute();

        assertThat(db.queryRows("select id, badge_id from fw_volunteer")).containsExactly(List.of(1L, 71L));
        assertThat(db.queryRows("select id from fw_badge order by id")).containsExactly(List.of(71L), List.of(72L));
        assertThat(db.queryRows("select id, volunteer_id from fw_shift order by id"))
                .containsExactly(Arrays.asList(81L, 1L), Arrays.asList(82L, 1L));
    }
}
