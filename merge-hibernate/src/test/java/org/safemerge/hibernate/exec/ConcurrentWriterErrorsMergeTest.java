package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Family;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Failures a concurrent writer causes arrive as CONCURRENT_MODIFICATION (rolled back, try again), not as
 * DATABASE_ERROR: a deadlock the database breaks by rolling the merge back, and an FK violation from a row another
 * transaction inserted while the merge ran. Provoked deterministically: the other transaction acts only once the
 * merge is seen waiting for its lock (no sleeps for timing).
 */
class ConcurrentWriterErrorsMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;
    /** Long: the merge must fail for the deadlock or the FK, not for the lock timeout. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HANG = Duration.ofSeconds(90);

    private static SessionFactory seed(TestDatabase db) {
        return OneToManyMergeTest.seedWithoutChores(db);
    }

    /** A merge of B into A running on another thread in a session of its own, and its connection's id. */
    private record RunningMerge(Future<MergeException> outcome, long connectionId) {
    }

    private static RunningMerge startMerge(TestDatabase db, SessionFactory factory, ExecutorService thread)
            throws Exception {
        return startMerge(db, factory, thread, session -> HibernateMerge.of(session).withLockTimeout(LOCK_TIMEOUT)
                .plan(Family.class).survivor(A).duplicates(B).build().execute());
    }

    /** As above, with a merge of the caller's choice. */
    private static RunningMerge startMerge(TestDatabase db, SessionFactory factory, ExecutorService thread,
            java.util.function.Consumer<Session> merging) throws Exception {
        java.util.concurrent.CompletableFuture<Long> id = new java.util.concurrent.CompletableFuture<>();
        Future<MergeException> outcome = thread.submit(() -> {
            try (Session session = factory.openSession()) {
                session.beginTransaction();
                id.complete(session.doReturningWork(c -> queryLong(c, db.database() == Database.POSTGRESQL
                        ? "select pg_backend_pid()" : "select connection_id()")));
                try {
                    merging.accept(session);
                    session.getTransaction().commit();
                    return null;
                } catch (MergeException e) {
                    session.getTransaction().rollback();
                    return e;
                }
            }
        });
        return new RunningMerge(outcome, id.get(LOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /**
     * Waits until the merge's connection waits for a row lock (polling the database's own view of it); fails when
     * the merge ended without waiting.
     */
    private static void awaitLockWait(TestDatabase db, Connection observer, RunningMerge merge) throws Exception {
        long connectionId = merge.connectionId();
        String sql = db.database() == Database.POSTGRESQL
                ? "select count(*) from pg_stat_activity where pid = ? and wait_event_type = 'Lock'"
                // MariaDB: the merge runs its statement on fc_pet, so it holds the records' locks (a deadlock then
                // forms whichever of the two asks first); INNODB_TRX did not show its wait reliably here
                : "select count(*) from information_schema.processlist where id = ? and info like '%fc_pet%'";
        while (true) {
            try (PreparedStatement ps = observer.prepareStatement(sql)) {
                ps.setLong(1, connectionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
            }
            if (merge.outcome().isDone()) {
                throw new AssertionError("the merge ended without waiting for the other transaction: "
                        + merge.outcome().get());
            }
            Thread.sleep(10); // polling for a state, not waiting for a time
        }
    }

    @MatrixTest(only = Database.POSTGRESQL)
    void aRowInsertedByAnotherTransactionWhileTheMergeRuns_isAConcurrentModification_notADatabaseError(
            TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection other = db.connect(); Connection observer = db.connect()) {
            other.setAutoCommit(false);
            execute(other, "insert into fc_pet (id, name, family_id) values (24, 'Max', 2)");

            MergeException failure = assertTimeoutPreemptively(HANG, () -> {
                RunningMerge merge = startMerge(db, factory, thread);
                // the merge's delete of B waits for the insert's key-share lock on B; the insert then commits
                awaitLockWait(db, observer, merge);
                other.commit();
                return merge.outcome().get();
            });

            assertThat(failure).isNotNull();
            assertThat(failure.code()).as(failure.getMessage()).isEqualTo(MergeErrorCode.CONCURRENT_MODIFICATION);
            assertThat(failure).hasMessageContaining("another transaction wrote a row of fc_pet")
                    .hasMessageContaining("Run it again");
        } finally {
            thread.shutdownNow();
        }
        assertThat(TableDump.of(db).removing("fc_pet", "id", 24)).isEqualTo(before);
        assertThat(db.queryRows("select id, family_id from fc_pet where id = 24")).containsExactly(List.of(24L, 2L));
    }

    @MatrixTest(only = Database.POSTGRESQL)
    void anIdenticalLinkInsertedByAnotherTransactionWhileTheMergeRuns_isAConcurrentModification(TestDatabase db)
            throws Exception {
        SessionFactory factory = db.sessionFactory(ConflictMergeTest.Person.class, ConflictMergeTest.Profile.class,
                ConflictMergeTest.Skill.class);
        db.execute("insert into oo_person (id, name) values (1, 'Ada'), (2, 'Ada L.')",
                "insert into oo_skill (id, name) values (21, 'java'), (22, 'sql')",
                "insert into oo_person_skill (person_id, skill_id) values (1, 21), (2, 21), (2, 22)");
        TableDump before = TableDump.of(db);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection other = db.connect(); Connection observer = db.connect()) {
            other.setAutoCommit(false);
            // the survivor gets the duplicate's link (1, 22), not yet committed: the merge's plan cannot see it
            execute(other, "insert into oo_person_skill (person_id, skill_id) values (1, 22)");

            MergeException failure = assertTimeoutPreemptively(HANG, () -> {
                RunningMerge merge = startMerge(db, factory, thread, session -> HibernateMerge.of(session)
                        .withLockTimeout(LOCK_TIMEOUT).plan(ConflictMergeTest.Person.class).survivor(A)
                        .duplicates(B).build().execute());
                // moving (2, 22) to (1, 22) waits for the other transaction's entry in the primary key
                awaitLockWait(db, observer, merge);
                other.commit();
                return merge.outcome().get();
            });

            assertThat(failure).isNotNull();
            assertThat(failure.code()).as(failure.getMessage()).isEqualTo(MergeErrorCode.CONCURRENT_MODIFICATION);
            assertThat(failure).hasMessageContaining("another transaction wrote a row of oo_person_skill")
                    .hasMessageContaining("Run it again");
        } finally {
            thread.shutdownNow();
        }
        assertThat(db.queryRows("select person_id, skill_id from oo_person_skill order by 1, 2")).containsExactly(
                List.of(1L, 21L), List.of(1L, 22L), List.of(2L, 21L), List.of(2L, 22L));
        assertThat(TableDump.of(db).without("oo_person_skill")).isEqualTo(before.without("oo_person_skill"));
    }

    @MatrixTest(only = {Database.POSTGRESQL, Database.MARIADB})
    void aDeadlockWithAnotherTransaction_isAConcurrentModification_andTheOtherTransactionCommits(TestDatabase db)
            throws Exception {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        // the other transaction outweighs the merge (MariaDB rolls back the lighter one of a deadlock)
        db.execute("create table dl_weight (id int primary key, v int)");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            values.append(i == 1 ? "" : ", ").append("(").append(i).append(", 0)");
        }
        db.execute("insert into dl_weight (id, v) values " + values);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection other = db.connect(); Connection observer = db.connect()) {
            other.setAutoCommit(false);
            if (db.database() == Database.POSTGRESQL) {
                // PostgreSQL: the merge, waiting first, finds the deadlock first and gives way
                execute(other, "set deadlock_timeout = '60s'");
            }
            execute(other, "update dl_weight set v = v + 1", "select id from fc_pet where id = 22 for update");

            MergeException failure = assertTimeoutPreemptively(HANG, () -> {
                RunningMerge merge = startMerge(db, factory, thread);
                // the merge holds B's lock and waits for pet 22; the other transaction now asks for B
                awaitLockWait(db, observer, merge);
                execute(other, "select id from fc_family where id = 2 for update");
                return merge.outcome().get();
            });
            other.commit();

            assertThat(failure).isNotNull();
            assertThat(failure.code()).as(failure.getMessage()).isEqualTo(MergeErrorCode.CONCURRENT_MODIFICATION);
            assertThat(failure).hasMessageContaining("deadlocked").hasMessageContaining("fc_pet");
        } finally {
            thread.shutdownNow();
        }
        assertThat(db.queryLong("select sum(v) from dl_weight")).as("the other transaction committed").isEqualTo(500);
        db.execute("drop table dl_weight");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
