package org.safemerge.hibernate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.safemerge.BatchMergeException;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.reliability.Accounts.Account;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.BatchResult;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;

/**
 * Merges and batches of overlapping records on several threads while other threads insert, update and delete rows
 * that reference them, for a bounded time ({@code -Dsafemerge.reliability.seconds}, default 3 per database); then
 * the invariants, checked by SQL: no orphan, exactly the merged duplicates gone, every referencing row the writers
 * did not delete still there, each merge all-or-nothing with an audit trail that ends truthfully, no merge longer
 * than the lock timeout plus a generous margin, and no error other than the retryable ones (or the not-found of a
 * record another thread merged away first).
 */
@Tag("reliability")
class ConcurrencyReliabilityTest {
    private static final long SECONDS = Long.getLong("safemerge.reliability.seconds", 3);
    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(
            Long.getLong("safemerge.reliability.lockTimeoutMillis", 2000));
    /** Added to the lock timeout for the longest merge allowed: the machine may be slow and shared. */
    private static final Duration MARGIN = Duration.ofSeconds(Long.getLong("safemerge.reliability.marginSeconds", 20));
    private static final int ACCOUNTS = 80;
    /** Rows the writers insert get ids from here on. */
    private static final long FIRST_NEW_ID = 100_000;
    private static final List<String> COUNTED = List.of("rl_order", "rl_ticket", "rl_legacy_note");
    private static final String CATEGORY_OPS = "concurrency: merges and batches";
    private static final String CATEGORY_INVARIANTS = "concurrency: invariants after the run";

    @AfterEach
    void summarize() {
        Tally.write();
    }

    /** Everything the threads did, for the checks afterwards. */
    private static final class Log {
        final Set<String> committedMerges = ConcurrentHashMap.newKeySet();
        final Set<Long> mergedAway = new ConcurrentSkipListSet<>();
        final Set<Long> notFound = new ConcurrentSkipListSet<>();
        final Map<String, LongAdder> rowDelta = new ConcurrentHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final List<String> knownProblems = new CopyOnWriteArrayList<>();
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final AtomicLong longestMillis = new AtomicLong();
        final AtomicLong nextId = new AtomicLong(FIRST_NEW_ID);
        final LongAdder writes = new LongAdder();

        void delta(String table, long n) {
            rowDelta.computeIfAbsent(table, t -> new LongAdder()).add(n);
        }

        void outcome(String what) {
            outcomes.computeIfAbsent(what, w -> new LongAdder()).increment();
        }
    }

    @MatrixTest
    void mergesBatchesAndWriters_atOnce_keepEveryRowAndEndEveryTrail(TestDatabase db) throws Exception {
        SessionFactory factory = Accounts.factory(db);
        seed(db);
        Map<String, Long> countsBefore = counts(db);
        Log log = new Log();
        Trail trail = new Trail();
        Set<Long> live = new ConcurrentSkipListSet<>();
        for (long id = 1; id <= ACCOUNTS; id++) {
            live.add(id);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                long seed = 31L * i + db.database().ordinal();
                futures.add(threads.submit(() -> merges(factory, live, log, trail, deadline, new Random(seed))));
                futures.add(threads.submit(() -> writes(db, log, deadline, new Random(seed + 7))));
            }
            futures.add(threads.submit(() -> batches(factory, live, log, trail, deadline, new Random(99))));
            for (Future<?> f : futures) {
                f.get(SECONDS + LOCK_TIMEOUT.toSeconds() * 10 + MARGIN.toSeconds() * 3, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(60, TimeUnit.SECONDS);
        }

        List<String> failures = new ArrayList<>();
        checkOperations(db, log, failures);
        checkInvariants(db, log, trail, countsBefore, failures);
        System.out.println("[" + db.database().displayName() + "] concurrency run of " + SECONDS + " s: "
                + new TreeSet<>(log.outcomes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                + ", " + log.writes + " writes, longest merge " + log.longestMillis + " ms");
        assertThat(failures).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------------
    // the threads
    // --------------------------------------------------------------------------------------------------------------

    private static MergePlan.Builder<Account> plan(SessionFactory factory, long survivor, long duplicate,
            Trail trail) {
        return HibernateMerge.of(factory).withLockTimeout(LOCK_TIMEOUT).plan(Account.class).survivor(survivor)
                .duplicates(duplicate).field("phone", FieldStrategy.firstNonNull())
                .selfReferences(SelfReferencePolicy.UNASSIGN).audit(trail);
    }

    /** Two accounts from the live ones, the lower ids more often (so that merges and writers overlap). */
    private static long[] pick(Set<Long> live, Random random) {
        List<Long> ids = new ArrayList<>(live);
        if (ids.size() < 4) {
            return null;
        }
        int a = Math.min(random.nextInt(ids.size()), random.nextInt(ids.size()));
        int b;
        do {
            b = Math.min(random.nextInt(ids.size()), random.nextInt(ids.size()));
        } while (b == a);
        return new long[] {ids.get(a), ids.get(b)};
    }

    private static void merges(SessionFactory factory, Set<Long> live, Log log, Trail trail, long deadline,
            Random random) {
        while (System.nanoTime() < deadline) {
            long[] pair = pick(live, random);
            if (pair == null) {
                return;
            }
            long started = System.nanoTime();
            try {
                MergePlan<Account> plan = plan(factory, pair[0], pair[1], trail).build();
                // half of them reviewed first: a plan that went stale in between must be refused, not re-planned
                MergeReport report = random.nextBoolean() ? plan.execute() : plan.execute(plan.dryRun());
                log.committedMerges.add(report.mergeId());
                log.mergedAway.add(pair[1]);
                live.remove(pair[1]);
                log.outcome("merged");
            } catch (MergeException e) {
                failed(log, e, pair, "merge " + pair[1] + " -> " + pair[0]);
            } catch (RuntimeException | Error e) {
                log.problems.add("merge " + pair[1] + " -> " + pair[0] + " threw " + e);
            }
            took(log, started, "merge " + pair[1] + " -> " + pair[0]);
        }
    }

    private static void batches(SessionFactory factory, Set<Long> live, Log log, Trail trail, long deadline,
            Random random) {
        while (System.nanoTime() < deadline) {
            long[] first = pick(live, random);
            long[] second = pick(live, random);
            if (first == null || second == null) {
                return;
            }
            Set<Long> distinct = new HashSet<>(List.of(first[0], first[1], second[0], second[1]));
            if (distinct.size() < 4) {
                continue;
            }
            List<MergeGroup> groups = List.of(new MergeGroup(first[0], List.of(first[1])),
                    new MergeGroup(second[0], List.of(second[1])));
            long started = System.nanoTime();
            try {
                BatchResult result = HibernateMerge.of(factory).withLockTimeout(LOCK_TIMEOUT).batch(Account.class)
                        .group(first[0], first[1]).group(second[0], second[1])
                        .field("phone", FieldStrategy.firstNonNull()).selfReferences(SelfReferencePolicy.UNASSIGN)
                        .chunkSize(1 + random.nextInt(2)).audit(trail).build().execute();
                committed(log, live, result);
                log.outcome("batch merged");
            } catch (BatchMergeException e) {
                committed(log, live, e.completed());
                failed(log, e, new long[] {-1, -1}, "batch " + groups);
            } catch (MergeException e) {
                failed(log, e, new long[] {-1, -1}, "batch " + groups);
            } catch (RuntimeException | Error e) {
                log.problems.add("batch " + groups + " threw " + e);
            }
            took(log, started, "batch " + groups);
        }
    }

    private static void committed(Log log, Set<Long> live, BatchResult result) {
        for (BatchResult.GroupResult group : result.merged()) {
            log.committedMerges.add(group.mergeId());
            for (Object duplicate : group.group().duplicateIds()) {
                log.mergedAway.add(((Number) duplicate).longValue());
                live.remove(((Number) duplicate).longValue());
            }
        }
    }

    /** Sorts a failure: retryable, a record merged away meanwhile, a known bug, or a problem. */
    private static void failed(Log log, MergeException e, long[] pair, String what) {
        MergeErrorCode code = e instanceof BatchMergeException b && b.getCause() instanceof MergeException m
                ? m.code() : e.code();
        log.outcome(code.name());
        switch (code) {
            case CONCURRENT_MODIFICATION, PLAN_STALE -> { }
            case SURVIVOR_NOT_FOUND, DUPLICATE_NOT_FOUND -> {
                long missing = code == MergeErrorCode.SURVIVOR_NOT_FOUND ? pair[0] : pair[1];
                if (missing > 0) { // known for single merges; a batch does not say which of its records
                    log.notFound.add(missing);
                }
            }
            case DATABASE_ERROR -> {
                String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if ((text.contains("deadlock") || text.contains("foreign key") || text.contains("referential")
                        || text.contains("lock wait")) && !Known.CONCURRENT_ERROR_CODES.fixed()) {
                    log.knownProblems.add(Known.CONCURRENT_ERROR_CODES.name() + ": " + what + ": " + e.getMessage());
                } else {
                    log.problems.add(what + " failed with " + code + ": " + e.getMessage());
                }
            }
            default -> log.problems.add(what + " failed with " + code + ": " + e.getMessage());
        }
    }

    private static void took(Log log, long started, String what) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.longestMillis.accumulateAndGet(millis, Math::max);
        if (millis > LOCK_TIMEOUT.plus(MARGIN).toMillis()) {
            String problem = what + " took " + millis + " ms, more than the lock timeout " + LOCK_TIMEOUT.toMillis()
                    + " ms + " + MARGIN.toSeconds() + " s";
            (Known.LOCK_TIMEOUT.fixed() ? log.problems : log.knownProblems).add(problem);
        }
    }

    /** Inserts, re-points and deletes referencing rows in short transactions; refused writes are fine. */
    private static void writes(TestDatabase db, Log log, long deadline, Random random) {
        try (Connection c = db.connect()) {
            while (System.nanoTime() < deadline) {
                long account = 1 + Math.min(random.nextInt(ACCOUNTS), random.nextInt(ACCOUNTS));
                String table = COUNTED.get(random.nextInt(COUNTED.size()));
                String text = table.equals("rl_legacy_note") ? "body" : "text";
                int op = random.nextInt(6);
                try {
                    if (op <= 2) {
                        long id = log.nextId.getAndIncrement();
                        if (update(c, "insert into " + table + " (id, " + text + ", account_id) values (?, 'w', ?)",
                                id, account) == 1) {
                            log.delta(table, 1);
                        }
                    } else if (op == 3) {
                        update(c, "update " + table + " set account_id = ? where id = (select min(id) from " + table
                                + " where account_id = ?)", account, account + 1);
                    } else if (op == 4) {
                        if (update(c, "delete from " + table + " where id = ?", pickRow(table, random, log)) == 1) {
                            log.delta(table, -1);
                        }
                    } else {
                        update(c, "insert into rl_account_tag (account_id, tag_id) values (?, ?)", account,
                                1 + random.nextInt(3));
                    }
                    log.writes.increment();
                } catch (SQLException refused) {
                    // an FK to a merged-away account, a duplicate link, a deadlock: the database said no
                }
            }
        } catch (SQLException e) {
            log.problems.add("writer could not connect: " + e.getMessage());
        }
    }

    /** A referencing row id that may exist: a seeded one or one a writer inserted. */
    private static long pickRow(String table, Random random, Log log) {
        long inserted = log.nextId.get() - FIRST_NEW_ID;
        if (inserted > 0 && random.nextBoolean()) {
            return FIRST_NEW_ID + random.nextInt((int) inserted);
        }
        return base(table) + random.nextInt(ACCOUNTS * 2);
    }

    /** MySQL-family "update t ... where id = (select ... from t)" is refused; run the sub-select first there. */
    private static int update(Connection c, String sql, long... values) throws SQLException {
        if (sql.startsWith("update") && sql.contains("(select")) {
            long target;
            String select = sql.substring(sql.indexOf("(select") + 1, sql.lastIndexOf(')'));
            try (PreparedStatement s = c.prepareStatement(select)) {
                s.setLong(1, values[1]);
                try (var rs = s.executeQuery()) {
                    if (!rs.next() || rs.getObject(1) == null) {
                        return 0;
                    }
                    target = rs.getLong(1);
                }
            }
            sql = sql.substring(0, sql.indexOf("(select")) + "?";
            values = new long[] {values[0], target};
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setLong(i + 1, values[i]);
            }
            return s.executeUpdate();
        }
    }

    // --------------------------------------------------------------------------------------------------------------
    // the data and the checks
    // --------------------------------------------------------------------------------------------------------------

    private static long base(String table) {
        return switch (table) {
            case "rl_order" -> 1_000;
            case "rl_ticket" -> 2_000;
            default -> 3_000;
        };
    }

    /**
     * Accounts 1..80 (every fourth with a phone, parents pointing at the previous account for every third); per
     * account two orders, two tickets, two legacy notes, two tags of three, an email shared with four others.
     */
    private static void seed(TestDatabase db) {
        StringBuilder accounts = new StringBuilder();
        StringBuilder tags = new StringBuilder();
        StringBuilder emails = new StringBuilder();
        Map<String, StringBuilder> rows = new java.util.LinkedHashMap<>();
        for (int a = 1; a <= ACCOUNTS; a++) {
            accounts.append(a == 1 ? "" : ", ").append("(").append(a).append(", 'a").append(a).append("', ")
                    .append(a % 4 == 0 ? "'" + a + "'" : "null").append(", 0)");
            tags.append(a == 1 ? "" : ", ").append("(").append(a).append(", ").append(a % 3 + 1).append("), (")
                    .append(a).append(", ").append((a + 1) % 3 + 1).append(")");
            emails.append(a == 1 ? "" : ", ").append("(").append(a).append(", 'e").append(a % 16).append("@x')");
            for (String table : COUNTED) {
                StringBuilder sb = rows.computeIfAbsent(table, t -> new StringBuilder());
                for (int k = 0; k < 2; k++) {
                    sb.append(sb.length() == 0 ? "" : ", ").append("(").append(base(table) + 2L * (a - 1) + k)
                            .append(", 'r', ").append(a).append(")");
                }
            }
        }
        db.execute("insert into rl_account (id, name, phone, version) values " + accounts,
                "update rl_account set parent_id = id - 1 where mod(id, 3) = 0",
                "insert into rl_tag (id, name) values (1, 'red'), (2, 'green'), (3, 'blue')",
                "insert into rl_account_tag (account_id, tag_id) values " + tags,
                "insert into rl_account_email (account_id, email) values " + emails,
                "insert into rl_order (id, text, account_id) values " + rows.get("rl_order"),
                "insert into rl_ticket (id, text, account_id) values " + rows.get("rl_ticket"),
                "insert into rl_legacy_note (id, body, account_id) values " + rows.get("rl_legacy_note"));
    }

    private static Map<String, Long> counts(TestDatabase db) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : COUNTED) {
            counts.put(table, db.queryLong("select count(*) from " + table));
        }
        return counts;
    }

    private static void checkOperations(TestDatabase db, Log log, List<String> failures) {
        long ops = log.outcomes.values().stream().mapToLong(LongAdder::sum).sum();
        long problems = log.problems.size();
        long known = log.knownProblems.size();
        for (int i = 0; i < ops; i++) {
            if (i < problems) {
                Tally.record(CATEGORY_OPS, db.database(), Tally.Outcome.FAILED, null, 0, log.problems.get(i));
            } else if (i < problems + known) {
                String k = log.knownProblems.get(i - (int) problems);
                Tally.record(CATEGORY_OPS, db.database(), Tally.Outcome.KNOWN,
                        Known.valueOf(k.substring(0, k.indexOf(':'))), 0, k);
            } else {
                Tally.record(CATEGORY_OPS, db.database(), Tally.Outcome.HELD, null, 0, "");
            }
        }
        failures.addAll(log.problems);
    }

    private static void checkInvariants(TestDatabase db, Log log, Trail trail, Map<String, Long> countsBefore,
            List<String> failures) {
        // 1. no orphan: every FK value points at an existing account
        long orphans = 0;
        List<String> orphanTables = new ArrayList<>();
        for (Map.Entry<String, String> ref : Accounts.REFERENCES.entrySet()) {
            long n = db.queryLong("select count(*) from " + ref.getKey() + " t where t." + ref.getValue()
                    + " is not null and not exists (select 1 from rl_account a where a.id = t." + ref.getValue()
                    + ")");
            if (n > 0) {
                orphans += n;
                orphanTables.add(ref.getKey() + ": " + n);
            }
        }
        invariant(db, "no orphan", orphans == 0, "orphan rows " + orphanTables,
                db.database() == Database.H2 ? Known.H2_ORPHAN_WINDOW : null, 0, failures);

        // 2. exactly the duplicates of committed merges are gone, every other account is there
        Set<Long> expected = new TreeSet<>();
        for (long id = 1; id <= ACCOUNTS; id++) {
            if (!log.mergedAway.contains(id)) {
                expected.add(id);
            }
        }
        Set<Long> actual = new TreeSet<>();
        db.queryRows("select id from rl_account").forEach(r -> actual.add(((Number) r.get(0)).longValue()));
        Set<Long> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<Long> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        Set<Long> wronglyNotFound = new TreeSet<>(log.notFound);
        wronglyNotFound.removeAll(log.mergedAway);
        invariant(db, "non-duplicates all present, merged duplicates gone", missing.isEmpty() && extra.isEmpty()
                && wronglyNotFound.isEmpty(), "missing " + missing + ", still there " + extra
                + ", reported not found although never merged away " + wronglyNotFound, null, missing.size(),
                failures);

        // 3. no referencing row lost: seed + inserted - deleted by the writers
        List<String> counts = new ArrayList<>();
        long lost = 0;
        for (String table : COUNTED) {
            long expectedRows = countsBefore.get(table) + log.rowDelta.getOrDefault(table, new LongAdder()).sum();
            long rows = db.queryLong("select count(*) from " + table);
            if (rows != expectedRows) {
                counts.add(table + ": " + rows + " rows, expected " + expectedRows);
                lost += Math.max(0, expectedRows - rows);
            }
        }
        invariant(db, "no referencing row lost", counts.isEmpty(), counts.toString(), null, lost, failures);

        // 4. each merge all-or-nothing and its trail ends truthfully: committed exactly for the committed merges
        List<String> trails = new ArrayList<>();
        for (Map.Entry<String, List<AuditEvent>> merge : trail.byMerge().entrySet()) {
            String problem = Trail.problem(merge.getValue(), log.committedMerges.contains(merge.getKey()));
            if (problem != null) {
                trails.add(merge.getKey() + ": " + problem);
            }
        }
        Set<String> unheard = new TreeSet<>(log.committedMerges);
        unheard.removeAll(trail.byMerge().keySet());
        if (!unheard.isEmpty()) {
            trails.add("committed merges without audit events: " + unheard);
        }
        invariant(db, "every audit trail ends truthfully", trails.isEmpty(), trails.toString(), null, 0, failures);
    }

    private static void invariant(TestDatabase db, String name, boolean held, String detail, Known known, long lost,
            List<String> failures) {
        if (held) {
            Tally.record(CATEGORY_INVARIANTS, db.database(), Tally.Outcome.HELD, null, 0, name);
        } else if (known != null && !known.fixed() && lost == 0) {
            Tally.record(CATEGORY_INVARIANTS, db.database(), Tally.Outcome.KNOWN, known, 0, name + ": " + detail);
        } else {
            Tally.record(CATEGORY_INVARIANTS, db.database(), Tally.Outcome.FAILED, null, lost, name + ": " + detail);
            failures.add(name + ": " + detail);
        }
    }
}
