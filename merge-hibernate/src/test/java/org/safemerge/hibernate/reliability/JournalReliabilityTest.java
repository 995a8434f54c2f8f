package org.safemerge.hibernate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.journal.JournalChange;
import org.safemerge.hibernate.journal.JournalMerge;
import org.safemerge.hibernate.journal.MergeHistory;
import org.safemerge.hibernate.journal.MergeJournal;
import org.safemerge.hibernate.journal.MergeTrail;
import org.safemerge.hibernate.reliability.Faults.Throwing;
import org.safemerge.hibernate.reliability.Faults.When;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.testing.LogCapture;

/**
 * The journal commits and rolls back with the merge, in the merge's own transaction and in the caller's, under the
 * faults of {@link FaultInjectionReliabilityTest}: a listener throwing (RuntimeException, Error) at each event, the
 * merge's connection killed from another connection at each event, a
 * failing trigger on a late step, the caller rolling back after the merge returned. After every run: either the data
 * is the fault-free merge's and the journal holds exactly its trail (one COMMITTED merge, one change per audited
 * change, in order, with the same row ids), or the data is as before and the journal holds the merge as
 * ROLLED_BACK with no change and no row image (or, when the caller rolled back a merge that succeeded, nothing).
 */
@Tag("reliability")
class JournalReliabilityTest {
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");

    private static final MergeJournal JOURNAL = MergeJournal.builder().tablePrefix("rl_journal_")
            .principal(() -> "reliability").build();
    private static final int STRIDE = Boolean.getBoolean("safemerge.reliability.full") ? 1 : 3;

    private final List<String> failures = new ArrayList<>();

    /** The fault-free journalled merge: the data before and after, its events, its journal trail. */
    record Reference(TableDump before, TableDump merged, List<AuditEvent> events) {
    }

    @MatrixTest
    void aJournalledMerge_withAListenerThrowingAtEachEvent_journalsExactlyWhatCommitted(TestDatabase db) {
        SessionFactory factory = factory(db);
        Reference ref = reference(db, factory);
        for (Throwing kind : Throwing.values()) {
            for (int n = 1; n <= ref.events().size(); n++) {
                if ((n - 1) % STRIDE != 0 && n != ref.events().size() && !Trail.terminal(ref.events().get(n - 1))) {
                    continue;
                }
                reset(db, factory);
                Trail trail = new Trail();
                AuditListener failing = Faults.failingOn(n, kind);
                Outcome run = Outcome.of(() -> Accounts.merge(journalled(factory)).audit(trail, failing).build()
                        .execute());
                check(db, factory, ref, trail, "listener throws " + kind + " at event " + n + " "
                        + Trail.name(ref.events().get(n - 1)) + run);
            }
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aJournalledMerge_inTheCallersTransaction_commitsAndRollsBackWithIt(TestDatabase db) {
        SessionFactory factory = factory(db);
        Reference ref = reference(db, factory);
        for (Throwing kind : Throwing.values()) {
            for (int n = 1; n <= ref.events().size(); n++) {
                if ((n - 1) % STRIDE != 0 && n != ref.events().size()) {
                    continue;
                }
                reset(db, factory);
                Trail trail = new Trail();
                AuditListener failing = Faults.failingOn(n, kind);
                Outcome run = Outcome.of(() -> inCallersTransaction(factory, session -> Accounts.merge(
                        HibernateMerge.of(session).withJournal(JOURNAL)).audit(trail, failing).build().execute(),
                        false));
                check(db, factory, ref, trail, "caller's transaction, listener throws " + kind + " at event " + n
                        + run);
            }
        }

        // the merge succeeds, then the caller's own work fails and the caller rolls back: no journal entry commits
        reset(db, factory);
        Trail trail = new Trail();
        Outcome run = Outcome.of(() -> inCallersTransaction(factory, session -> Accounts.merge(
                HibernateMerge.of(session).withJournal(JOURNAL)).audit(trail).build().execute(), true));
        List<String> problems = new ArrayList<>();
        if (!dump(db).equals(ref.before())) {
            problems.add("the caller rolled back but the data changed");
        }
        if (db.queryLong("select count(*) from rl_journal_merge where outcome = 'COMMITTED'") != 0) {
            problems.add("the caller rolled back but the journal holds a COMMITTED merge");
        }
        if (db.queryLong("select count(*) from rl_journal_change") != 0
                || db.queryLong("select count(*) from rl_journal_row_image") != 0) {
            problems.add("the caller rolled back but the journal holds changes or row images");
        }
        problems.forEach(p -> failures.add(db.database().displayName() + ": caller rolls back after the merge"
                + run + ": " + p));

        // and commits: exactly the trail
        reset(db, factory);
        Trail committed = new Trail();
        Outcome ok = Outcome.of(() -> inCallersTransaction(factory, session -> Accounts.merge(
                HibernateMerge.of(session).withJournal(JOURNAL)).audit(committed).build().execute(), false));
        check(db, factory, ref, committed, "caller's transaction commits" + ok);
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aJournalledMerge_meetingAFailingTrigger_journalsARollbackWithoutChanges(TestDatabase db) {
        SessionFactory factory = factory(db);
        Reference ref = reference(db, factory);
        record TriggerCase(String table, String event, When when) {
        }
        for (TriggerCase c : List.of(new TriggerCase("rl_account", "delete", When.ALWAYS),
                new TriggerCase("rl_legacy_note", "update", When.ALWAYS),
                new TriggerCase("rl_account_tag", "delete", When.ALWAYS))) {
            reset(db, factory);
            Faults.failingTrigger(db, "rl_fail", c.table(), c.event(), c.when());
            try {
                Trail trail = new Trail();
                Outcome run = Outcome.of(() -> Accounts.merge(journalled(factory)).audit(trail).build().execute());
                if (run.thrown() == null) {
                    failures.add(db.database().displayName() + ": the trigger on " + c.table() + " never fired");
                }
                check(db, factory, ref, trail, "trigger fails before " + c.event() + " on " + c.table() + run);
            } finally {
                Faults.dropTrigger(db, "rl_fail", c.table(), c.when());
            }
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aJournalledMerge_whoseConnectionIsKilledAtEachEvent_journalsWhatCommittedOrARollback(TestDatabase db) {
        SessionFactory factory = factory(db);
        Reference ref = reference(db, factory);
        for (int n = 1; n <= ref.events().size(); n++) {
            if ((n - 1) % STRIDE != 0 && n != ref.events().size()) {
                continue;
            }
            reset(db, factory);
            SessionFactory victim = Accounts.victimFactory(db);
            AssociationGraphs.of(victim); // read the catalog now, not on a connection about to be killed
            Trail trail = new Trail();
            int[] killed = {0};
            AuditListener killing = Faults.killingOn(n, db, killed);
            Outcome run = Outcome.of(() -> Accounts.merge(journalled(victim)).audit(trail, killing).build()
                    .execute());
            victim.close();
            check(db, factory, ref, trail, "connection killed at event " + n + " "
                    + Trail.name(ref.events().get(n - 1)) + ", " + killed[0] + " killed" + run);
        }
        assertThat(failures).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------

    /** What a run did: its report, or what it threw. */
    record Outcome(MergeReport report, Throwable thrown) {
        static Outcome of(Supplier<MergeReport> action) {
            try {
                return new Outcome(action.get(), null);
            } catch (Throwable t) { // Errors too: an injected Error is a fault under test
                return new Outcome(null, t);
            }
        }

        @Override
        public String toString() {
            return thrown == null ? " (returned)" : " (threw " + thrown.getClass().getSimpleName() + ")";
        }
    }

    private static SessionFactory factory(TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        JOURNAL.dropSchema(factory);
        JOURNAL.createSchema(factory);
        return factory;
    }

    private static HibernateMerge journalled(SessionFactory factory) {
        return HibernateMerge.of(factory).withJournal(JOURNAL);
    }

    private static void reset(TestDatabase db, SessionFactory factory) {
        Accounts.reset(db);
        db.execute("delete from rl_journal_row_image", "delete from rl_journal_change",
                "delete from rl_journal_merge_record", "delete from rl_journal_merge");
    }

    /** Every table but the journal's. */
    private static TableDump dump(TestDatabase db) {
        return TableDump.of(db).without("rl_journal_merge").without("rl_journal_merge_record")
                .without("rl_journal_change").without("rl_journal_row_image");
    }

    private interface SessionWork {
        MergeReport run(Session session);
    }

    /** The caller's code: its own transaction around the merge; commit, or roll back on failure (or when asked). */
    private static MergeReport inCallersTransaction(SessionFactory factory, SessionWork work, boolean rollBack) {
        try (Session session = factory.openSession()) {
            Transaction tx = session.beginTransaction();
            try {
                MergeReport report = work.run(session);
                if (rollBack) {
                    tx.rollback();
                    throw new IllegalStateException("the caller's own work failed after the merge");
                }
                tx.commit();
                return report;
            } catch (RuntimeException | Error e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                throw e;
            }
        }
    }

    private Reference reference(TestDatabase db, SessionFactory factory) {
        reset(db, factory);
        TableDump before = dump(db);
        Trail trail = new Trail();
        Accounts.merge(journalled(factory)).audit(trail).build().execute();
        TableDump merged = dump(db);
        assertThat(merged).isNotEqualTo(before);
        Reference ref = new Reference(before, merged, trail.events());
        List<String> problems = journalProblems(db, factory, ref, trail, true);
        assertThat(problems).as("the fault-free journalled merge").isEmpty();
        return ref;
    }

    private void check(TestDatabase db, SessionFactory factory, Reference ref, Trail trail, String scenario) {
        TableDump after = dump(db);
        boolean committed = after.equals(ref.merged());
        boolean rolledBack = after.equals(ref.before());
        List<String> problems = new ArrayList<>();
        if (!committed && !rolledBack) {
            problems.add("the data is neither as before nor as merged");
        } else {
            problems.addAll(journalProblems(db, factory, ref, trail, committed));
        }
        problems.forEach(p -> failures.add(db.database().displayName() + ": " + scenario + ": " + p));
    }

    /**
     * What is wrong with the journal after a run whose data {@code committed} (or rolled back): exactly one merge,
     * with the run's merge id; committed: outcome COMMITTED and one change per change event of the trail, same kinds,
     * order and row ids; rolled back: outcome ROLLED_BACK, no change, no row image.
     */
    private static List<String> journalProblems(TestDatabase db, SessionFactory factory, Reference ref, Trail trail,
            boolean committed) {
        List<String> problems = new ArrayList<>();
        if (trail.events().isEmpty()) {
            return List.of("no audit event: no merge id to look up");
        }
        String mergeId = trail.events().get(0).mergeId();
        long merges = db.queryLong("select count(*) from rl_journal_merge");
        if (merges != 1) {
            problems.add("the journal holds " + merges + " merges, expected 1");
        }
        MergeHistory history = MergeHistory.of(factory, JOURNAL);
        MergeTrail journal = history.trail(mergeId).orElse(null);
        if (journal == null) {
            problems.add("merge " + mergeId + " is not in the journal");
            return problems;
        }
        JournalMerge.Outcome expected = committed ? JournalMerge.Outcome.COMMITTED : JournalMerge.Outcome.ROLLED_BACK;
        if (journal.merge().outcome() != expected) {
            problems.add("journal outcome " + journal.merge().outcome() + ", expected " + expected);
        }
        if (!committed) {
            if (!journal.changes().isEmpty() || !journal.rowImages().isEmpty()) {
                problems.add("rolled back, but the journal holds " + journal.changes().size() + " changes and "
                        + journal.rowImages().size() + " row images");
            }
            if (journal.merge().errorCode() == null && journal.merge().reason() == null) {
                problems.add("rolled back without a cause in the journal");
            }
            return problems;
        }
        // the trail of the committed run (of the reference run when a listener failed before hearing them all)
        List<AuditEvent> events = trail.events().stream().anyMatch(e -> e instanceof AuditEvent.MergeCommitted)
                ? trail.events() : ref.events();
        List<String> expectedChanges = events.stream().filter(e -> !(e instanceof AuditEvent.MergeStarted)
                && !Trail.terminal(e)).map(JournalReliabilityTest::change).toList();
        List<String> journalled = journal.changes().stream().map(JournalReliabilityTest::change).toList();
        if (!journalled.equals(expectedChanges)) {
            problems.add("the journal's changes " + journalled + " are not the trail's " + expectedChanges);
        }
        return problems;
    }

    private static String change(AuditEvent event) {
        List<String> ids = event instanceof AuditEvent.RowEvent row
                ? row.rowIds().stream().map(String::valueOf).toList() : List.of();
        return Trail.name(event) + ids;
    }

    private static String change(JournalChange change) {
        return change.kind() + change.rowIds().stream().map(String::valueOf).toList();
    }
}
