package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Family;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * One lock timeout bounds every wait of a merge, not only the records' locks: a row lock another transaction holds
 * on a referencing row (or, on PostgreSQL and MariaDB, its uncommitted insert pointing at the duplicate) fails the
 * merge with CONCURRENT_MODIFICATION naming the table, nothing changed, the other transaction free to commit, and
 * the connection's previous timeout put back.
 */
class LockTimeoutMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;
    /** Short, so that the test is quick; the merge must give up after it, whatever the database's own default. */
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** A hang guard only: a merge that waits for the other transaction would never end. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private static SessionFactory seed(TestDatabase db) {
        return OneToManyMergeTest.seedWithoutChores(db);
    }

    /** Another transaction, open until closed (rolled back unless committed). */
    private static Connection otherTransaction(TestDatabase db, String... statements) throws SQLException {
        Connection other = db.connect();
        other.setAutoCommit(false);
        try (Statement s = other.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return other;
    }

    @MatrixTest
    void aReferencingRowLockedByAnotherTransaction_failsTheMergeWithinTheTimeout_namingTheTable(TestDatabase db)
            throws Exception {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        try (Connection other = otherTransaction(db, "select id from fc_pet where id = 22 for update")) {
            assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> HibernateMerge.of(factory)
                    .withLockTimeout(TIMEOUT).plan(Family.class).survivor(A).duplicates(B).audit(audit).build()
                    .execute())
                    .satisfies(code(MergeErrorCode.CONCURRENT_MODIFICATION))
                    .hasMessageContaining("fc_pet")
                    .hasMessageContaining("nothing was changed"));
            other.commit(); // the merge let go of everything it held
        }

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("CONCURRENT_MODIFICATION");
    }

    @MatrixTest(only = {Database.POSTGRESQL, Database.MARIADB})
    void anUncommittedInsertPointingAtTheDuplicate_failsTheMergeWithinTheTimeout(TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        try (Connection other = otherTransaction(db,
                "insert into fc_pet (id, name, family_id) values (24, 'Max', 2)")) {
            // PostgreSQL: the delete of the duplicate waits for the insert's key-share lock; MariaDB: the record lock
            assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> HibernateMerge.of(factory)
                    .withLockTimeout(TIMEOUT).plan(Family.class).survivor(A).duplicates(B).build().execute())
                    .satisfies(code(MergeErrorCode.CONCURRENT_MODIFICATION))
                    .hasMessageContaining("fc_family"));
            other.commit();
        }

        assertThat(db.queryRows("select id, family_id from fc_pet where id = 24")).containsExactly(List.of(24L, 2L));
        assertThat(TableDump.of(db).removing("fc_pet", "id", 24)).isEqualTo(before);
    }

    @MatrixTest(only = {Database.H2, Database.MARIADB})
    void theCallersLockTimeout_isPutBack_afterAMergeThatTimedOut(TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);

        try (Connection other = otherTransaction(db, "select id from fc_pet where id = 22 for update");
                Session session = factory.openSession()) {
            session.beginTransaction();
            setLockTimeout(db, session, 3);
            assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> HibernateMerge.of(session)
                    .withLockTimeout(TIMEOUT).plan(Family.class).survivor(A).duplicates(B).build().execute())
                    .satisfies(code(MergeErrorCode.CONCURRENT_MODIFICATION)));

            assertThat(lockTimeout(db, session)).isEqualTo(3);
            session.getTransaction().rollback();
            other.rollback();
        }
    }

    @MatrixTest
    void theCallersLockTimeout_isPutBack_afterASuccessfulMerge_inItsTransaction(TestDatabase db) {
        SessionFactory factory = seed(db);

        try (Session session = factory.openSession()) {
            session.beginTransaction();
            setLockTimeout(db, session, 3);
            HibernateMerge.of(session).withLockTimeout(TIMEOUT).plan(Family.class).survivor(A).duplicates(B).build()
                    .execute();

            assertThat(lockTimeout(db, session)).isEqualTo(3);
            session.getTransaction().commit();
        }
        assertThat(db.queryRows("select id from fc_family")).containsExactly(List.of(A));
    }

    /** Sets the session's lock timeout to {@code seconds} (PostgreSQL: for its transaction). */
    private static void setLockTimeout(TestDatabase db, Session session, int seconds) {
        session.doWork(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(switch (db.database()) {
                    case H2 -> "set lock_timeout " + seconds * 1000;
                    case MARIADB -> "set session innodb_lock_wait_timeout = " + seconds;
                    case POSTGRESQL -> "set local lock_timeout = '" + seconds + "s'";
                });
            }
        });
    }

    /** The session's lock timeout in seconds. */
    private static long lockTimeout(TestDatabase db, Session session) {
        return session.doReturningWork(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(switch (db.database()) {
                case H2 -> "select lock_timeout() / 1000";
                case MARIADB -> "select @@session.innodb_lock_wait_timeout";
                case POSTGRESQL -> "select extract(epoch from current_setting('lock_timeout')::interval)";
            })) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
