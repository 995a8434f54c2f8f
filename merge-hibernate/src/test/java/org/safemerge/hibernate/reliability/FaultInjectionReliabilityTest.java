package org.safemerge.hibernate.reliability;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.testing.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.safemerge.BatchMergeException;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.reliability.Faults.Throwing;
import org.safemerge.hibernate.reliability.Faults.When;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.BatchResult;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/**
 * Fault injection at every step of a merge and of a batch, each followed by a comparison of every row of every
 * table with the snapshot taken before: an audit listener throwing a RuntimeException and, separately, an Error at
 * each event; the merge's connection killed from another connection at each event (the listener callback runs inside
 * the merge, so it picks the point); triggers failing on late steps. The invariant: either the merge committed (the
 * database equals the fault-free result) and its audit ended with MergeCommitted, or the database equals the
 * snapshot and the audit ended with MergeRolledBack with a cause. For a batch of one group per chunk: the database
 * equals the fault-free result of the first {@code p} groups, the {@code p} committed groups' trails end committed and
 * the rest rolled back.
 */
@Tag("reliability")
class FaultInjectionReliabilityTest {
    /** The injected failures are logged by SafeMerge (listener failures, failed rollbacks); the tally asserts them. */
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");

    /**
     * Every how many events a fault is injected (the first, every {@code stride}-th after it, and, for listener
     * failures, every event after which a transaction ends): {@code -Dsafemerge.reliability.full=true} injects at every
     * event and also runs the batches as one chunk of three groups; the defaults keep the suite within its CI time.
     */
    private static final boolean FULL = Boolean.getBoolean("safemerge.reliability.full");
    private static final int MERGE_STRIDE = FULL ? 1 : Integer.getInteger("safemerge.reliability.mergeStride", 4);
    private static final int BATCH_STRIDE = FULL ? 1 : Integer.getInteger("safemerge.reliability.batchStride", 13);

    private final List<String> failures = new ArrayList<>();

    /** Whether to inject at event {@code n} (1-based) of {@code events}. */
    private static boolean selected(int n, List<AuditEvent> events, int stride) {
        return (n - 1) % stride == 0 || n == events.size() || Trail.terminal(events.get(n - 1));
    }

    @AfterEach
    void summarize() {
        Tally.write();
    }

    /** What a merge or batch did: its report or result, or what it threw. */
    record Run(MergeReport report, BatchResult result, Throwable thrown) {
        static Run of(java.util.function.Supplier<Object> action) {
            try {
                Object outcome = action.get();
                return outcome instanceof MergeReport r ? new Run(r, null, null)
                        : new Run(null, (BatchResult) outcome, null);
            } catch (Throwable t) { // Errors too: a listener's injected Error is a fault under test
                return new Run(null, null, t);
            }
        }
    }

    /** The fault-free run of the single merge: the snapshot before, the result after, the events in between. */
    record Reference(TableDump before, TableDump merged, List<AuditEvent> events) {
    }

    // --------------------------------------------------------------------------------------------------------------
    // a single merge
    // --------------------------------------------------------------------------------------------------------------

    @MatrixTest
    void aMerge_withAListenerThrowingAtEachEvent_commitsOrLeavesEveryRowAsItWas(TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        Reference ref = reference(db, factory);
        for (Throwing kind : Throwing.values()) {
            for (int n = 1; n <= ref.events().size(); n++) {
                if (!selected(n, ref.events(), MERGE_STRIDE)) {
                    continue;
                }
                Accounts.reset(db);
                Trail trail = new Trail();
                AuditListener failing = Faults.failingOn(n, kind);
                Run run = Run.of(() -> Accounts.merge(factory).audit(trail, failing).build().execute());
                boolean afterCommit = Trail.terminal(ref.events().get(n - 1));
                checkSingle("merge: listener throws " + kind, db, ref, run, trail,
                        afterCommit ? Known.AUDIT_AFTER_COMMIT : null, "event " + n + " "
                                + Trail.name(ref.events().get(n - 1)));
            }
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aMerge_whoseConnectionIsKilledAtEachEvent_commitsOrLeavesEveryRowAsItWas(TestDatabase db) {
        Accounts.factory(db).close(); // the tables; the merges run on victim factories, one per kill
        SessionFactory first = victim(db);
        Reference ref = reference(db, first);
        first.close();
        for (int n = 1; n <= ref.events().size(); n++) {
            if ((n - 1) % MERGE_STRIDE != 0 && n != ref.events().size()) {
                continue;
            }
            Accounts.reset(db);
            SessionFactory victim = victim(db);
            Trail trail = new Trail();
            int[] killed = {0};
            AuditListener killing = Faults.killingOn(n, db, killed);
            Run run = Run.of(() -> Accounts.merge(victim).audit(trail, killing).build().execute());
            victim.close();
            checkSingle("merge: connection killed", db, ref, run, trail, Known.AUDIT_DEAD_CONNECTION,
                    "event " + n + " " + Trail.name(ref.events().get(n - 1)) + ", " + killed[0] + " killed");
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aMerge_meetingAFailingTriggerOnALateStep_leavesEveryRowAsItWas(TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        Reference ref = reference(db, factory);
        record TriggerCase(String table, String event, When when) {
        }
        List<TriggerCase> cases = List.of(new TriggerCase("rl_account", "delete", When.ALWAYS),
                new TriggerCase("rl_account", "update", When.VERSION_CHANGES),
                new TriggerCase("rl_legacy_note", "update", When.ALWAYS),
                new TriggerCase("rl_account_email", "delete", When.ALWAYS),
                new TriggerCase("rl_account_tag", "delete", When.ALWAYS));
        for (TriggerCase c : cases) {
            Accounts.reset(db);
            Faults.failingTrigger(db, "rl_fail", c.table(), c.event(), c.when());
            try {
                Trail trail = new Trail();
                Run run = Run.of(() -> Accounts.merge(factory).audit(trail).build().execute());
                checkSingle("merge: trigger fails", db, ref, run, trail, null,
                        "before " + c.event() + " on " + c.table() + " " + c.when());
                if (run.thrown() == null) {
                    fail("merge: trigger fails", db, "before " + c.event() + " on " + c.table()
                            + ": the trigger never fired (the scenario tests nothing)");
                }
            } finally {
                Faults.dropTrigger(db, "rl_fail", c.table(), c.when());
            }
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aMerge_inTheCallersTransaction_withAListenerThrowingAtEachEvent_commitsOrLeavesEveryRowAsItWas(
            TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        Reference ref = reference(db, factory);
        for (Throwing kind : Throwing.values()) {
            for (int n = 1; n <= ref.events().size(); n++) {
                if (!selected(n, ref.events(), MERGE_STRIDE)) {
                    continue;
                }
                Accounts.reset(db);
                Trail trail = new Trail();
                AuditListener failing = Faults.failingOn(n, kind);
                // the caller's code: merge in its transaction, commit if the merge returned, else roll back
                Run run = Run.of(() -> {
                    try (Session session = factory.openSession()) {
                        Transaction tx = session.beginTransaction();
                        try {
                            MergeReport report = Accounts.merge(HibernateMerge.of(session)).audit(trail, failing)
                                    .build().execute();
                            tx.commit();
                            return report;
                        } catch (RuntimeException | Error e) {
                            if (tx.isActive()) {
                                tx.rollback();
                            }
                            throw e;
                        }
                    }
                });
                boolean afterCommit = Trail.terminal(ref.events().get(n - 1));
                checkSingle("merge in the caller's transaction: listener throws " + kind, db, ref, run, trail,
                        afterCommit ? Known.AUDIT_AFTER_COMMIT : null, "event " + n + " "
                                + Trail.name(ref.events().get(n - 1)));
            }
        }
        assertThat(failures).isEmpty();
    }

    /**
     * A reviewed plan whose rows were swapped after the dry run (one referencing row deleted, another inserted:
     * count and the sampled id unchanged) must be refused as stale, not executed on rows nobody reviewed.
     */
    @MatrixTest
    void aReviewedPlan_whoseRowsWereSwappedAfterTheDryRun_isRefusedAsStale(TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        record Swap(String table, String text, long keep, long remove, long insert) {
        }
        for (Swap swap : List.of(new Swap("rl_order", "text", 102, 103, 109),
                new Swap("rl_legacy_note", "body", 301, 302, 309))) {
            Accounts.reset(db);
            MergePlan<Accounts.Account> plan = Accounts.merge(factory).sampleLimit(1).build();
            MergeReport preview = plan.dryRun();
            db.execute("delete from " + swap.table() + " where id = " + swap.remove(), "insert into " + swap.table()
                    + " (id, " + swap.text() + ", account_id) values (" + swap.insert() + ", 'swapped in', 2)");
            TableDump before = TableDump.of(db);
            Run run = Run.of(() -> plan.execute(preview));
            boolean stale = run.thrown() instanceof MergeException e && e.code() == MergeErrorCode.PLAN_STALE;
            List<String> problems = new ArrayList<>();
            if (!stale) {
                problems.add("executed a plan whose rows changed after the dry run (row " + swap.insert() + " of "
                        + swap.table() + " was never reviewed)" + outcome(run));
            } else if (!TableDump.of(db).equals(before)) {
                problems.add("refused as stale but changed the database");
            }
            record("stale plan: rows swapped after the dry run", db, problems, 0, Known.PLAN_DIGEST,
                    swap.table() + " row " + swap.remove() + " swapped for " + swap.insert());
        }
        assertThat(failures).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // a batch: three groups, one per chunk, and all in one chunk
    // --------------------------------------------------------------------------------------------------------------

    @MatrixTest
    void aBatch_withAListenerThrowingAtEachEvent_keepsWholeChunksOnly(TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        List<TableDump> prefixes = prefixes(db, factory);
        for (int chunkSize : FULL ? new int[] {1, 3} : new int[] {1}) {
            List<AuditEvent> events = batchEvents(db, factory, chunkSize);
            for (Throwing kind : Throwing.values()) {
                for (int n = 1; n <= events.size(); n++) {
                    if (!selected(n, events, BATCH_STRIDE)) {
                        continue;
                    }
                    Accounts.reset(db);
                    Trail trail = new Trail();
                    AuditListener failing = Faults.failingOn(n, kind);
                    Run run = Run.of(() -> Accounts.batch(factory, Accounts.GROUPS, chunkSize).audit(trail, failing)
                            .build().execute());
                    checkBatch("batch: listener throws " + kind, db, prefixes, chunkSize, run, trail,
                            Known.AUDIT_AFTER_COMMIT, "chunk size " + chunkSize + ", event " + n);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aBatch_whoseConnectionIsKilledAtEachEvent_keepsWholeChunksOnly(TestDatabase db) {
        Accounts.factory(db).close();
        SessionFactory first = victim(db);
        List<TableDump> prefixes = prefixes(db, first);
        first.close();
        for (int chunkSize : FULL ? new int[] {1, 3} : new int[] {1}) {
            SessionFactory counting = victim(db);
            List<AuditEvent> events = batchEvents(db, counting, chunkSize);
            counting.close();
            for (int n = 1; n <= events.size(); n++) {
                if ((n - 1) % BATCH_STRIDE != 0) {
                    continue;
                }
                Accounts.reset(db);
                SessionFactory victim = victim(db);
                Trail trail = new Trail();
                int[] killed = {0};
                AuditListener killing = Faults.killingOn(n, db, killed);
                Run run = Run.of(() -> Accounts.batch(victim, Accounts.GROUPS, chunkSize).audit(trail, killing)
                        .build().execute());
                victim.close();
                checkBatch("batch: connection killed", db, prefixes, chunkSize, run, trail,
                        Known.AUDIT_DEAD_CONNECTION, "chunk size " + chunkSize + ", event " + n + ", " + killed[0]
                                + " killed");
            }
        }
        assertThat(failures).isEmpty();
    }

    @MatrixTest
    void aBatch_meetingAFailingTriggerInItsLastGroup_keepsWholeChunksOnly(TestDatabase db) {
        SessionFactory factory = Accounts.factory(db);
        List<TableDump> prefixes = prefixes(db, factory);
        for (int chunkSize : new int[] {1, 2, 3}) {
            Accounts.reset(db);
            Faults.failingTrigger(db, "rl_fail", "rl_account", "delete", When.ID_7);
            try {
                Trail trail = new Trail();
                Run run = Run.of(() -> Accounts.batch(factory, Accounts.GROUPS, chunkSize).audit(trail).build()
                        .execute());
                checkBatch("batch: trigger fails", db, prefixes, chunkSize, run, trail, null,
                        "chunk size " + chunkSize + ", before delete of account 7");
                if (run.thrown() == null) {
                    fail("batch: trigger fails", db, "the trigger never fired (the scenario tests nothing)");
                }
            } finally {
                Faults.dropTrigger(db, "rl_fail", "rl_account", When.ID_7);
            }
        }
        assertThat(failures).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // references and checks
    // --------------------------------------------------------------------------------------------------------------

    private static SessionFactory victim(TestDatabase db) {
        SessionFactory victim = Accounts.victimFactory(db);
        AssociationGraphs.of(victim); // read the catalog now, not on a connection about to be killed
        return victim;
    }

    private static Reference reference(TestDatabase db, SessionFactory factory) {
        Accounts.reset(db);
        TableDump before = TableDump.of(db);
        Trail trail = new Trail();
        Accounts.merge(factory).audit(trail).build().execute();
        TableDump merged = TableDump.of(db);
        assertThat(merged).as("the fault-free merge changes something").isNotEqualTo(before);
        assertThat(trail.events()).last().isInstanceOf(AuditEvent.MergeCommitted.class);
        return new Reference(before, merged, trail.events());
    }

    /** The database after the fault-free batch of the first p groups (one chunk each), p = 0..3. */
    private static List<TableDump> prefixes(TestDatabase db, SessionFactory factory) {
        List<TableDump> dumps = new ArrayList<>();
        for (int p = 0; p <= Accounts.GROUPS.size(); p++) {
            Accounts.reset(db);
            if (p > 0) {
                Accounts.batch(factory, Accounts.GROUPS.subList(0, p), 1).build().execute();
            }
            dumps.add(TableDump.of(db));
        }
        return dumps;
    }

    /** The events the fault-free batch sends. */
    private static List<AuditEvent> batchEvents(TestDatabase db, SessionFactory factory, int chunkSize) {
        Accounts.reset(db);
        Trail trail = new Trail();
        Accounts.batch(factory, Accounts.GROUPS, chunkSize).audit(trail).build().execute();
        return trail.events();
    }

    private void checkSingle(String category, TestDatabase db, Reference ref, Run run, Trail trail, Known auditBug,
            String scenario) {
        TableDump after = TableDump.of(db);
        boolean committed = after.equals(ref.merged());
        boolean rolledBack = after.equals(ref.before());
        List<String> problems = new ArrayList<>();
        long lost = 0;
        if (!committed && !rolledBack) {
            lost = lostRows(ref.before(), ref.merged(), after);
            problems.add("the database is neither as before nor as merged: " + differences(ref.before(), after));
        } else {
            String audit = Trail.problem(trail.events(), committed);
            if (audit != null) {
                problems.add(audit);
            }
            if (committed && run.thrown() != null) {
                problems.add("the merge committed but execute() threw " + run.thrown());
            }
            if (rolledBack && run.thrown() == null) {
                problems.add("nothing committed but execute() returned a report");
            }
        }
        record(category, db, problems, lost, auditBug, scenario + " -> " + (committed ? "committed"
                : rolledBack ? "rolled back" : "PARTIAL") + outcome(run));
    }

    private void checkBatch(String category, TestDatabase db, List<TableDump> prefixes, int chunkSize, Run run,
            Trail trail, Known auditBug, String scenario) {
        TableDump after = TableDump.of(db);
        int p = prefixes.indexOf(after);
        List<String> problems = new ArrayList<>();
        long lost = 0;
        int groups = Accounts.GROUPS.size();
        if (p < 0) {
            lost = lostRows(prefixes.get(0), prefixes.get(groups), after);
            problems.add("the database is no prefix of the batch: " + differences(prefixes.get(0), after));
        } else {
            if (p % chunkSize != 0 && p != groups) {
                problems.add(p + " groups committed: part of a chunk of " + chunkSize);
            }
            if (run.thrown() == null && p != groups) {
                problems.add("execute() returned but only " + p + " groups committed");
            }
            if (run.thrown() instanceof BatchMergeException e && e.completed().merged().size() != p) {
                problems.add("BatchMergeException says " + e.completed().merged().size() + " groups committed, the "
                        + "database shows " + p);
            }
            if (run.thrown() != null && !(run.thrown() instanceof BatchMergeException) && p == groups) {
                problems.add("every group committed but execute() threw " + run.thrown());
            }
            for (Map.Entry<String, List<AuditEvent>> merge : trail.byMerge().entrySet()) {
                List<AuditEvent> events = merge.getValue();
                if (events.size() == 1 && events.get(0) instanceof AuditEvent.MergeRolledBack) {
                    continue; // a group of the failed chunk that had not started yet: told it rolled back
                }
                if (!(events.get(0) instanceof AuditEvent.MergeStarted started)) {
                    problems.add("merge " + merge.getKey() + ": first event is " + Trail.name(events.get(0)));
                    continue;
                }
                int index = indexOfGroup(started.survivorId());
                String audit = Trail.problem(events, index < p);
                if (audit != null) {
                    problems.add("group " + Accounts.GROUPS.get(index) + ": " + audit);
                }
            }
        }
        record(category, db, problems, lost, auditBug, scenario + " -> " + p + " groups committed" + outcome(run));
    }

    private static int indexOfGroup(Object survivor) {
        for (int i = 0; i < Accounts.GROUPS.size(); i++) {
            if (Objects.equals(String.valueOf(Accounts.GROUPS.get(i).survivorId()), String.valueOf(survivor))) {
                return i;
            }
        }
        throw new IllegalStateException("no group of survivor " + survivor);
    }

    private static String outcome(Run run) {
        return run.thrown() == null ? ", execute() returned" : ", execute() threw " + run.thrown();
    }

    private void record(String category, TestDatabase db, List<String> problems, long lost, Known auditBug,
            String scenario) {
        if (problems.isEmpty()) {
            Tally.record(category, db.database(), Tally.Outcome.HELD, null, 0, scenario);
        } else if (lost == 0 && auditBug != null && !auditBug.fixed()) {
            Tally.record(category, db.database(), Tally.Outcome.KNOWN, auditBug, 0, scenario + ": " + problems);
        } else {
            Tally.record(category, db.database(), Tally.Outcome.FAILED, null, lost, scenario + ": " + problems);
            failures.add(scenario + ": " + problems);
        }
    }

    private void fail(String category, TestDatabase db, String message) {
        Tally.record(category, db.database(), Tally.Outcome.FAILED, null, 0, message);
        failures.add(message);
    }

    /** Rows missing from {@code after} per table, beyond what both allowed states agree may be missing. */
    static long lostRows(TableDump before, TableDump merged, TableDump after) {
        long lost = 0;
        for (String table : before.tables().keySet()) {
            int allowed = Math.min(before.table(table).rows().size(), merged.tables().containsKey(table)
                    ? merged.table(table).rows().size() : 0);
            int actual = after.tables().containsKey(table) ? after.table(table).rows().size() : 0;
            lost += Math.max(0, allowed - actual);
        }
        return lost;
    }

    /** The tables whose rows differ, with the rows only in one side (a few). */
    static String differences(TableDump expected, TableDump actual) {
        List<String> out = new ArrayList<>();
        for (String table : expected.tables().keySet()) {
            List<List<String>> a = expected.table(table).rows();
            List<List<String>> b = actual.tables().containsKey(table) ? actual.table(table).rows() : List.of();
            if (!a.equals(b)) {
                Function<List<List<String>>, List<List<String>>> onlyIn = rows -> rows.stream()
                        .filter(r -> !(rows == a ? b : a).contains(r)).limit(5).toList();
                out.add(table + " (before " + onlyIn.apply(a) + ", now " + onlyIn.apply(b) + ")");
            }
        }
        return String.join("; ", out);
    }
}
