package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;
import static org.safemerge.hibernate.exec.Partners.C;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditListener;

/**
 * Two merges of overlapping records at once: the row locks serialize them (taken in id order, so they cannot
 * deadlock), the second one works on what the first left or fails clearly, and no row is lost or left dangling.
 */
class ConcurrentMergeTest {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_SECONDS = 30;

    /** The outcome of one merge: its report, or the error it failed with. */
    private record Outcome(MergeReport report, MergeException error) {
    }

    /**
     * Runs two merges on two threads, overlapping for sure: the first takes its row locks and holds them (its first
     * change event waits) until the second has started (the MergeStarted event comes right before it asks for its
     * locks); the second starts only once the first holds its locks. So the first always wins the race, and the
     * second works on what the first committed.
     */
    private static List<Outcome> race(SessionFactory factory, long survivor1, long duplicate1, long survivor2,
            long duplicate2) throws Exception {
        CountDownLatch firstHoldsLocks = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        AuditListener holdUntilSecondStarts = event -> {
            if (!(event instanceof AuditEvent.MergeStarted) && firstHoldsLocks.getCount() > 0) {
                firstHoldsLocks.countDown();
                await(secondStarted);
            }
        };
        AuditListener announceStart = event -> {
            if (event instanceof AuditEvent.MergeStarted) {
                secondStarted.countDown();
            }
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Outcome> first = threads.submit(() -> merge(factory, survivor1, duplicate1,
                    holdUntilSecondStarts));
            Future<Outcome> second = threads.submit(() -> {
                await(firstHoldsLocks);
                return merge(factory, survivor2, duplicate2, announceStart);
            });
            return List.of(first.get(WAIT_SECONDS, TimeUnit.SECONDS), second.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    private static Outcome merge(SessionFactory factory, long survivor, long duplicate, AuditListener listener) {
        try {
            return new Outcome(HibernateMerge.of(factory).withLockTimeout(LOCK_TIMEOUT).plan(Partner.class)
                    .survivor(survivor).duplicates(duplicate).audit(listener).build().execute(), null);
        } catch (MergeException e) {
            return new Outcome(null, e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other merge did not get there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every table still has all its rows, and every FK points at an existing partner or is NULL. */
    private static void assertConsistent(TestDatabase db, TableDump before) {
        for (String table : Partners.TABLES) {
            assertThat(db.queryLong("select count(*) from " + table)).as("rows of " + table)
                    .isEqualTo(before.table(table).rows().size());
            assertThat(db.queryLong("select count(*) from " + table + " t where t.partner_id is not null and not "
                    + "exists (select 1 from pt_partner p where p.id = t.partner_id)")).as("dangling in " + table)
                    .isZero();
        }
    }

    private static long pointingAt(TestDatabase db, long partner) {
        return Partners.TABLES.stream()
                .mapToLong(t -> db.queryLong("select count(*) from " + t + " where partner_id = " + partner)).sum();
    }

    private static List<Outcome> raceBounded(SessionFactory factory, long survivor1, long duplicate1,
            long survivor2, long duplicate2) {
        return assertTimeoutPreemptively(Duration.ofSeconds(WAIT_SECONDS + 10),
                () -> race(factory, survivor1, duplicate1, survivor2, duplicate2), "a merge hangs: deadlock?");
    }

    @MatrixTest
    void twoDuplicatesIntoOneSurvivor_atOnce_theSecondWaits_thenBothSucceed(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);

        List<Outcome> outcomes = raceBounded(factory, A, B, A, C);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(db.queryRows("select id from pt_partner")).containsExactly(List.of(A));
        assertThat(pointingAt(db, A)).as("A's, B's and C's rows").isEqualTo(8 + 16 + 8);
        assertConsistent(db, before);
    }

    @MatrixTest
    void oneDuplicateIntoTwoSurvivors_atOnce_theFirstWins_theSecondFindsNoDuplicate(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);

        // the second locks A, then waits for B: what it reads after the wait must be what the first committed
        List<Outcome> outcomes = raceBounded(factory, C, B, A, B);

        assertThat(outcomes.get(0).error()).isNull();
        assertThat(outcomes.get(1).error()).isNotNull()
                .satisfies(e -> assertThat(e.code()).isEqualTo(MergeErrorCode.DUPLICATE_NOT_FOUND));
        assertThat(db.queryRows("select id from pt_partner order by id")).containsExactly(List.of(A), List.of(C));
        assertThat(pointingAt(db, C)).as("C's and B's rows").isEqualTo(8 + 16);
        assertThat(pointingAt(db, A)).as("A's own rows").isEqualTo(8);
        assertConsistent(db, before);
    }

    @MatrixTest
    void aChainOfMerges_atOnce_theSecondMergesWhatTheFirstLeft(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);

        // C into B, while A <- B waits for B: then B, holding C's rows by now, goes into A
        List<Outcome> outcomes = raceBounded(factory, B, C, A, B);

        assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
        assertThat(outcomes.get(1).report().stepsOf(org.safemerge.report.RepointReferences.class))
                .allSatisfy(step -> assertThat(step.expectedRows()).as("B's 2 and C's 1 in " + step.table())
                        .isEqualTo(3));
        assertThat(db.queryRows("select id from pt_partner")).containsExactly(List.of(A));
        assertThat(pointingAt(db, A)).isEqualTo(32);
        assertConsistent(db, before);
    }

    @MatrixTest
    void aMergeIntoARecordMergedAway_atOnce_failsWithSurvivorNotFound(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);

        List<Outcome> outcomes = raceBounded(factory, A, B, B, C);

        assertThat(outcomes.get(0).error()).isNull();
        assertThat(outcomes.get(1).error()).isNotNull()
                .satisfies(e -> assertThat(e.code()).isEqualTo(MergeErrorCode.SURVIVOR_NOT_FOUND));
        assertThat(db.queryRows("select id from pt_partner order by id")).containsExactly(List.of(A), List.of(C));
        assertConsistent(db, before);
    }

    @MatrixTest
    void aRecordLockedElsewhere_failsAfterTheLockTimeout_withConcurrentModification(TestDatabase db) throws Exception {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        try (Connection other = db.connect(); Statement lock = other.createStatement()) {
            other.setAutoCommit(false);
            lock.executeQuery("select id from pt_partner where id = 2 for update").close();
            assertTimeoutPreemptively(Duration.ofSeconds(WAIT_SECONDS), () -> assertThatThrownBy(
                    () -> HibernateMerge.of(factory).withLockTimeout(Duration.ofMillis(500)).plan(Partner.class)
                            .survivor(A).duplicates(B).audit(audit).build().execute())
                    .satisfies(code(MergeErrorCode.CONCURRENT_MODIFICATION))
                    .hasMessageContaining("Partner 2 is locked"));
            other.rollback();
        }

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("CONCURRENT_MODIFICATION");
    }
}
