package org.safemerge.hibernate.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.guard.Workshop.A;
import static org.safemerge.hibernate.guard.Workshop.B;

import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.guard.Workshop.Event;
import org.safemerge.hibernate.guard.Workshop.Task;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** The delete guard around hand-written merges: the wrong "tags from B" fails, the right one passes. */
class DeleteGuardTest {

    @MatrixTest
    void wrongTagsFromB_deletingTagRows_fails_namingTheTags(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);

        assertThatThrownBy(() -> DeleteGuard.of(factory).allowDeleting(Event.class, B)
                .run(() -> factory.inTransaction(Workshop::wrongTagsFromB)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("deleted or nulled 1 row it was not allowed to")
                .hasMessageContaining("Tag#1 deleted (gd_tag id = 1)");
        assertThat(db.queryLong("select count(*) from gd_tag")).as("the guard reports; it does not undo")
                .isEqualTo(2);
    }

    @MatrixTest
    void rightTagsFromB_changingLinksOnly_passes(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);

        DeleteGuard.of(factory).allowDeleting(Event.class, B).run(() -> factory.inTransaction(
                Workshop::rightTagsFromB));

        assertThat(db.queryRows("select tag_id from gd_event_tag where event_id = 10 order by tag_id"))
                .containsExactly(List.of(2L), List.of(3L));
        assertThat(db.queryLong("select count(*) from gd_tag")).isEqualTo(3);
    }

    @MatrixTest
    void deletingTheDuplicate_cascadedByTheDatabase_isCaught(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);

        List<GuardViolation> violations = DeleteGuard.of(factory).allowDeleting(Event.class, B)
                .allowNulling(Task.class, "event")
                .check(() -> factory.inTransaction(s -> {
                    s.createNativeMutationQuery("update gd_task set event_id = null where event_id = 11")
                            .executeUpdate();
                    s.createNativeMutationQuery("delete from gd_event_tag where event_id = 11").executeUpdate();
                    s.createNativeMutationQuery("delete from gd_event where id = 11").executeUpdate();
                }));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(GuardViolation.Kind.DELETED);
            assertThat(v.table()).isEqualToIgnoringCase("gd_event_note");
            assertThat(v.key()).containsExactly(501L);
        });
    }

    @MatrixTest
    void nullingForeignKeys_isCaught_unlessAllowed(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);
        Runnable unassign = () -> factory.inTransaction(s -> s.createMutationQuery(
                "update Task t set t.event = null where t.event.id = :b").setParameter("b", B).executeUpdate());

        List<GuardViolation> violations = DeleteGuard.of(factory).check(unassign);

        assertThat(violations).extracting(GuardViolation::toString).containsExactly(
                "Task#101: Task.event set to NULL, was 11 (gd_task.event_id)",
                "Task#102: Task.event set to NULL, was 11 (gd_task.event_id)");
        db.execute("update gd_task set event_id = 11 where id in (101, 102)");
        DeleteGuard.of(factory).allowNulling("Task.event").run(unassign);
    }

    @MatrixTest
    void boundToASession_seesUncommittedWork_thatTheTestRollsBack(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);

        try (Session session = factory.openSession()) {
            Transaction tx = session.beginTransaction();
            assertThatThrownBy(() -> DeleteGuard.of(session).run(() -> Workshop.wrongTagsFromB(session)))
                    .hasMessageContaining("Tag#1 deleted");
            tx.rollback();
        }
        assertThat(db.queryLong("select count(*) from gd_tag")).isEqualTo(3);
    }

    @MatrixTest(only = Database.H2)
    void unknownEntitiesAndAssociations_areRefusedEagerly(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);

        assertThatThrownBy(() -> DeleteGuard.of(factory).allowDeleting(String.class))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNKNOWN_ENTITY));
        assertThatThrownBy(() -> DeleteGuard.of(factory).allowNulling("Task.owner"))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNKNOWN_ASSOCIATION))
                .hasMessageContaining("Task.event");
        assertThatThrownBy(() -> DeleteGuard.of(factory).allowDeleting(Event.class, List.of(1L, 2L)))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.INVALID_ARGUMENT));
    }
}
