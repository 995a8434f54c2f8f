package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/**
 * A concurrent transaction inserts a row referencing the duplicate after the merge re-pointed the references and
 * deleted the duplicate, before the merge commits. PostgreSQL and MariaDB lock the parent row for the foreign-key
 * check: the insert waits for the merge and then fails, no orphan. H2 checks the foreign key against the committed
 * parent without locking it: the insert commits at once and is left pointing at a deleted row (README,
 * "Reliability": H2 is for development and tests, not for merges under concurrent writers). Deterministic: the
 * insert runs from the merge's own audit listener, on a second connection; on PostgreSQL and MariaDB on a second
 * thread, and the listener returns only once the database shows that insert waiting for a lock.
 */
class ConcurrentInsertOrphanMergeTest {
    private static final String LATE_INSERT = "insert into pt_note (id, text, partner_id) values (999, 'late', 2)";

    @MatrixTest
    void insertReferencingTheDuplicate_whileTheMergeCommits_isRefused_exceptOnH2WhereItIsLeftAnOrphan(
            TestDatabase db) throws InterruptedException {
        SessionFactory factory = Partners.seeded(db);
        ExecutorService other = Executors.newSingleThreadExecutor();
        Future<?>[] insert = new Future<?>[1];
        AuditListener insertsOnceDeleted = event -> {
            if (!(event instanceof AuditEvent.EntityDeleted)) {
                return;
            }
            if (db.database() == Database.H2) {
                db.execute(LATE_INSERT); // returns at once: H2 does not lock the parent for the FK check
            } else {
                insert[0] = other.submit(() -> db.execute(LATE_INSERT));
                awaitLockWait(db, insert[0]);
            }
        };
        try {
            HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B).audit(insertsOnceDeleted)
                    .build().execute();

            long orphans = db.queryLong("select count(*) from pt_note where partner_id not in "
                    + "(select id from pt_partner)");
            if (db.database() == Database.H2) {
                assertThat(orphans).as("H2's known orphan window (README, Reliability)").isOne();
            } else {
                Throwable refused = catchThrowable(() -> insert[0].get());
                assertThat(refused).as("the late insert fails on the deleted parent")
                        .isInstanceOf(ExecutionException.class);
                assertThat(orphans).isZero();
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** Returns once the database shows a transaction waiting for a lock (or the insert already ended). */
    private static void awaitLockWait(TestDatabase db, Future<?> insert) {
        String waiting = db.database() == Database.POSTGRESQL
                ? "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert "
                        + "into pt_note%'"
                : "select count(*) from information_schema.innodb_trx where trx_state = 'LOCK WAIT'";
        while (!insert.isDone() && db.queryLong(waiting) == 0) {
            Thread.onSpinWait();
        }
    }
}
