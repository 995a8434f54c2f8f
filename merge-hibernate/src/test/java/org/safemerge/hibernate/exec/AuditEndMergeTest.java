package org.safemerge.hibernate.exec;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.safemerge.hibernate.exec.MergeFailures.code;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/**
 * The audit trail always ends, and truthfully: {@code MergeCommitted} exactly when the data committed,
 * {@code MergeRolledBack} with the cause in every other case: a listener throwing (a RuntimeException or an Error)
 * at any event, the merge's connection closed underneath it or killed from another connection before the first
 * step, between steps or just before the commit (where the rollback fails too, and Hibernate never reports the end).
 * A listener failing on {@code MergeCommitted} never turns the committed merge into a reported failure.
 */
class AuditEndMergeTest {
    /** What SafeMerge logs about the provoked failures; the audit trail and the codes are asserted. */
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");


    /** The events of the merge A <- B of {@link Partners} that commits, MergeStarted to MergeCommitted. */
    private static int eventsOfACommittedMerge(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        AuditTrail trail = new AuditTrail();
        HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B).audit(trail).build().execute();
        assertThat(trail.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        return trail.events().size();
    }

    @MatrixTest
    void listenerThrowingAtAnyEventBeforeTheCommit_rollsBack_andTheTrailEndsRolledBackWithAuditFailed(
            TestDatabase db) {
        int events = eventsOfACommittedMerge(db);
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        List<Supplier<Throwable>> failures = List.of(() -> new IllegalStateException("audit sink down"),
                () -> new AssertionError("a bug in an audit listener"));
        for (int n = 1; n < events; n++) {
            for (Supplier<Throwable> failure : failures) {
                AuditTrail trail = new AuditTrail();
                int failOn = n;
                int[] seen = {0};
                AuditListener failing = event -> {
                    if (++seen[0] == failOn) {
                        throw sneaky(failure.get());
                    }
                };

                Throwable thrown = catchThrowable(() -> HibernateMerge.of(factory).plan(Partner.class).survivor(A)
                        .duplicates(B).audit(trail, failing).build().execute());

                assertThat(thrown).as("event %d, %s", n, failure.get()).satisfies(code(MergeErrorCode.AUDIT_FAILED));
                assertThat(thrown.getCause()).isInstanceOf(failure.get().getClass());
                assertThat(trail.rolledBackWith()).as("event %d", n).isEqualTo("AUDIT_FAILED");
                assertThat(trail.of(AuditEvent.MergeCommitted.class)).isEmpty();
                assertThat(TableDump.of(db)).as("event %d", n).isEqualTo(before);
            }
        }
    }

    @MatrixTest
    void listenerThrowingOnMergeCommitted_aRuntimeExceptionOrAnError_isReportedWithTheCommittedMerge(
            TestDatabase db) {
        for (Throwable failure : List.of(new IllegalStateException("audit sink down after the commit"),
                new AssertionError("a bug in an audit listener after the commit"))) {
            SessionFactory factory = Partners.seeded(db);
            AuditTrail trail = new AuditTrail();
            AuditListener failsOnCommitted = event -> {
                if (event instanceof AuditEvent.MergeCommitted) {
                    throw sneaky(failure);
                }
            };

            MergeReport report = HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                    .audit(trail, failsOnCommitted).build().execute();

            assertThat(trail.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
            assertThat(trail.of(AuditEvent.MergeRolledBack.class)).isEmpty();
            assertThat(db.queryLong("select count(*) from pt_partner where id = 2")).as("committed").isZero();
            assertThat(report.auditFailures()).singleElement().asString().contains("MergeCommitted")
                    .contains(failure.getMessage());
            assertThat(report.toText()).contains("committed all the same").contains(failure.getMessage());
        }
    }

    @MatrixTest
    void listenerThrowingOnMergeCommitted_inTheCallersTransaction_neitherFailsTheCallersCommitNorReportsARollback(
            TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        AuditTrail trail = new AuditTrail();
        try (Session session = factory.openSession()) {
            Transaction tx = session.beginTransaction();
            HibernateMerge.of(session).plan(Partner.class).survivor(A).duplicates(B)
                    .audit(trail, event -> {
                        if (event instanceof AuditEvent.MergeCommitted) {
                            throw new AssertionError("a bug in an audit listener after the commit");
                        }
                    }).build().execute();
            tx.commit();
        }

        assertThat(trail.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(db.queryLong("select count(*) from pt_partner where id = 2")).isZero();
    }

    /** The points where the merge's connection dies: before the lock and the first step, between steps, last. */
    private enum Point {
        BEFORE_THE_FIRST_STEP, MID_STEPS, BEFORE_THE_COMMIT
    }

    /** The event (1-based) whose listener kills the connection, for a merge of {@code events} events. */
    private static int eventAt(Point point, int events) {
        return switch (point) {
            case BEFORE_THE_FIRST_STEP -> 1; // MergeStarted: the records are not even locked yet
            case MID_STEPS -> events / 2;
            case BEFORE_THE_COMMIT -> events - 1; // the last change event: only the flush and the commit follow
        };
    }

    @MatrixTest
    void connectionClosedUnderneath_atEachPoint_failsAndTheTrailEndsRolledBack(TestDatabase db) {
        int events = eventsOfACommittedMerge(db);
        for (Point point : Point.values()) {
            diesAt(db, events, point, false, session -> session.doWork(Connection::close));
        }
    }

    @MatrixTest(only = {Database.POSTGRESQL, Database.MARIADB})
    void connectionKilledFromAnotherConnection_atEachPoint_failsAndTheTrailEndsRolledBack(TestDatabase db) {
        int events = eventsOfACommittedMerge(db);
        for (Point point : Point.values()) {
            diesAt(db, events, point, false, session -> kill(db, session));
        }
    }

    @MatrixTest(only = {Database.POSTGRESQL, Database.MARIADB})
    void connectionKilled_inTheCallersTransaction_endsTheTrailRolledBack_thoughTheCallerCannotRollBack(
            TestDatabase db) {
        int events = eventsOfACommittedMerge(db);
        diesAt(db, events, Point.MID_STEPS, true, session -> kill(db, session));
    }

    /**
     * Runs the merge A <- B in a session of the test's own (its own transaction, or the caller's when
     * {@code inCallersTransaction}); at {@code point} a listener kills the session's connection. The merge fails,
     * nothing changed, and the trail ends with exactly one MergeRolledBack, no MergeCommitted.
     */
    private static void diesAt(TestDatabase db, int events, Point point, boolean inCallersTransaction,
            Consumer<Session> kill) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        AuditTrail trail = new AuditTrail();
        int at = eventAt(point, events);
        try (Session session = factory.openSession()) {
            Transaction tx = inCallersTransaction ? session.beginTransaction() : null;
            int[] seen = {0};
            AuditListener killer = event -> {
                if (++seen[0] == at) {
                    kill.accept(session);
                }
            };

            assertThatThrownBy(() -> HibernateMerge.of(session).plan(Partner.class).survivor(A).duplicates(B)
                    .audit(trail, killer).build().execute())
                    .as(point.name()).isInstanceOf(MergeException.class);

            assertThat(trail.of(AuditEvent.MergeRolledBack.class)).as("%s: the trail ended, rolled back", point)
                    .hasSize(1);
            assertThat(trail.last()).isInstanceOf(AuditEvent.MergeRolledBack.class);
            assertThat(((AuditEvent.MergeRolledBack) trail.last()).reason()).as("the cause").isNotBlank();
            if (tx != null) {
                catchThrowable(tx::rollback); // fails on the dead connection: the trail did not wait for it
            }
        } catch (RuntimeException closingADeadSession) {
            // closing the session may fail on the dead connection; what counts is checked above
        }
        assertThat(trail.of(AuditEvent.MergeCommitted.class)).isEmpty();
        assertThat(trail.of(AuditEvent.MergeRolledBack.class)).hasSize(1);
        assertThat(TableDump.of(db)).as(point.name()).isEqualTo(before);
    }

    /** Kills the session's connection from another connection and waits until the server has closed it. */
    private static void kill(TestDatabase db, Session session) {
        long id = session.doReturningWork(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery(
                    db.database() == Database.POSTGRESQL ? "select pg_backend_pid()" : "select connection_id()")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        try (Connection other = db.connect(); Statement s = other.createStatement()) {
            if (db.database() == Database.POSTGRESQL) {
                // with a timeout, pg_terminate_backend returns only when the backend is gone
                s.execute("select pg_terminate_backend(" + id + ", 30000)");
            } else {
                s.execute("kill " + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @MatrixTest
    void dryRun_onAClosedSession_saysTheSessionIsClosed_notThatAMergeWasRolledBack(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        Session closed = factory.openSession();
        closed.close();

        assertThatThrownBy(() -> HibernateMerge.of(closed).plan(Partner.class).survivor(A).duplicates(B).build()
                .dryRun())
                .satisfies(code(MergeErrorCode.INVALID_ARGUMENT)).hasMessageContaining("the session is closed")
                .hasMessageNotContaining("rolled back");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
