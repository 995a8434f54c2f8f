package org.safemerge.examples.bench;

import static org.safemerge.examples.bench.BenchSupport.check;
import static org.safemerge.examples.bench.BenchSupport.count;
import static org.safemerge.examples.bench.BenchSupport.mb;
import static org.safemerge.examples.bench.BenchSupport.median;
import static org.safemerge.examples.bench.BenchSupport.ratio;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.SessionFactory;
import org.safemerge.MergeException;
import org.safemerge.examples.bench.BenchDomain.BenchPartner;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.BatchResult;

/**
 * The batch half of the merge benchmark: N pairs of partners (default 10,000), each duplicate and each survivor
 * referenced by 10 rows (or the fourth argument) in each of the eight tables of {@link BenchDomain}, plus tag links
 * of which two per pair are shared (the survivor already has them, so the duplicate's copies are dropped), merged by three contenders:
 * <ol>
 * <li>SafeMerge's batch API, {@code HibernateMerge.of(sf).batch(BenchPartner.class).merges(map).build().execute()}
 * with the default chunk size and an audit listener that counts the re-pointed row ids (per-row audit on, as in
 * {@link MergeBenchmark});</li>
 * <li>hand-written set-based SQL, the floor: the dup-to-survivor map loaded into a temporary table by batched
 * inserts, one joined UPDATE per referencing table (PostgreSQL {@code UPDATE .. FROM}, MariaDB
 * {@code UPDATE .. JOIN}, H2 {@code MERGE INTO .. USING}), the duplicate's links the survivor already has deleted,
 * the rest moved, the duplicates deleted, all in one transaction, the temporary table dropped;</li>
 * <li>the single-merge API called once per pair; this one runs once on all N pairs, or, when that takes longer
 * than the budget (5 minutes, {@code -Dbench.singleBudgetSeconds=300}), on the pairs done by then, and is
 * extrapolated linearly to N (the output says which).</li>
 * </ol>
 * Every contender runs on freshly generated identical data and is verified before its time counts (each
 * referencing row points at its own pair's survivor, row counts per table unchanged, no duplicate left, every
 * survivor has exactly the union of its pair's tags, the tag table intact, the audited row ids complete); one
 * warm-up of each contender on 200 pairs; repetitions of hand SQL and the batch interleaved; medians; ratios to hand
 * SQL of the same run; peak heap growth per contender. On PostgreSQL the eight FK columns get an index (H2 and
 * MariaDB index FK columns by themselves), and the tables are analyzed after each generation (untimed).
 *
 * <p>Run: {@code ./mvnw -o -B -q package -DskipTests -pl merge-examples -am}, then {@code java -cp
 * merge-examples/target/safemerge.jar org.safemerge.examples.bench.BatchBenchmark h2 10000 3 5}
 * (database: h2, postgresql or mariadb; pairs; repetitions; rows per partner in each table, default 10;
 * {@code -Dbench.url=...} for another JDBC URL, {@code -Dbench.singleBudgetSeconds=...} for the single merges' budget). Like {@link MergeBenchmark} it creates its
 * tables on start and drops them on exit. A SafeMerge contender that throws is reported with its stack trace and
 * counted as failed; the others still run.
 */
public final class BatchBenchmark {
    /** Rows per partner in each referencing table, unless given as the fourth argument. */
    private static final int DEFAULT_ROWS = 10;
    private static final int TAGS = 200;
    /** Pair i's survivor links tags i+0..i+3, its duplicate i+2..i+5 (mod TAGS): two shared, six in the union. */
    private static final int[] SURVIVOR_TAGS = {0, 1, 2, 3};
    private static final int[] DUPLICATE_TAGS = {2, 3, 4, 5};
    private static final int WARM_UP_PAIRS = 200;
    private static final int MAP_INSERT_BATCH = 1000;

    private static final String HAND = "hand SQL (set-based)";
    private static final String BATCH = "SafeMerge batch";
    private static final String SINGLE = "SafeMerge single merges";

    private final String database;
    private final SessionFactory factory;
    private final long singleBudgetNanos;
    /** Rows per partner in each referencing table. */
    private final int rowsPerPartner;

    private BatchBenchmark(String database, SessionFactory factory, long singleBudgetSeconds, int rowsPerPartner) {
        this.database = database;
        this.factory = factory;
        this.singleBudgetNanos = TimeUnit.SECONDS.toNanos(singleBudgetSeconds);
        this.rowsPerPartner = rowsPerPartner;
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String database = args.length > 0 ? args[0] : "h2";
        int pairs = args.length > 1 ? Integer.parseInt(args[1].replace("_", "").replace(",", "")) : 10_000;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_ROWS;
        if (pairs < 1 || repetitions < 1 || rows < 1) {
            throw new IllegalArgumentException("pairs, repetitions and rows per partner must be >= 1");
        }
        long budget = Long.getLong("bench.singleBudgetSeconds", 300);
        try (SessionFactory factory = BenchSupport.open(database)) {
            new BatchBenchmark(database, factory, budget, rows).run(pairs, repetitions);
        }
    }

    /** What one timed run of a contender did. */
    private record Run(long nanos, long heapBytes, int pairsMerged) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }

    /** What a contender returns: the audited row ids (-1: no audit) and the pairs it merged. */
    private record Done(long auditedRowIds, int pairsMerged) {
    }

    @FunctionalInterface
    private interface Contender {
        Done merge(Map<Long, Long> duplicateToSurvivor);
    }

    private void run(int pairs, int repetitions) {
        int chunkSize = HibernateMerge.of(factory).batch(BenchPartner.class).merge(2L, 1L).build().chunkSize();
        long rows = 8L * rowsPerPartner * 2 * pairs;
        System.out.printf(Locale.ROOT, "SafeMerge batch benchmark on %s: %,d pairs (duplicate -> survivor); each "
                + "partner referenced by %d rows in each of 8 tables (%,d rows), %d tag links per partner, %d of a "
                + "pair's shared (%,d links)%n", database, pairs, rowsPerPartner, rows, SURVIVOR_TAGS.length,
                SURVIVOR_TAGS.length + DUPLICATE_TAGS.length - union(SURVIVOR_TAGS, DUPLICATE_TAGS), 8L * pairs);
        System.out.printf(Locale.ROOT, "SafeMerge batch: default chunk size %d groups per transaction (%d chunk(s)), "
                + "per-row audit on (re-pointed row ids counted); single merges: the same audit, one "
                + "HibernateMerge.of(sf).plan(..).execute() per pair%n", chunkSize, (pairs + chunkSize - 1) / chunkSize);
        if (database.equals("postgresql")) {
            indexForeignKeys();
            System.out.println("PostgreSQL: an index on each of the 8 FK columns (as H2 and MariaDB create by "
                    + "themselves); tables analyzed after each generation (untimed)");
        }
        int warmUpPairs = Math.min(WARM_UP_PAIRS, pairs);
        System.out.printf(Locale.ROOT, "warm-up: each contender once on %d pairs; then %d repetition(s) of hand SQL "
                + "and the batch, interleaved; single merges once (budget %d s); every run verified%n%n",
                warmUpPairs, repetitions, TimeUnit.NANOSECONDS.toSeconds(singleBudgetNanos));

        Map<String, List<Run>> runs = new LinkedHashMap<>();
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        measure(HAND, warmUpPairs, this::handSql, true, runs, failures);
        measure(BATCH, warmUpPairs, this::batch, true, runs, failures);
        measure(SINGLE, warmUpPairs, this::singleMerges, true, runs, failures);
        for (int rep = 1; rep <= repetitions; rep++) {
            measure(HAND, pairs, this::handSql, false, runs, failures);
            measure(BATCH, pairs, this::batch, false, runs, failures);
        }
        measure(SINGLE, pairs, this::singleMerges, false, runs, failures);

        long hand = medianMillis(runs.get(HAND));
        System.out.printf(Locale.ROOT, "%n%-34s | %10s | %-27s | %9s | %8s%n", "contender", "median ms", "runs (ms)",
                "/hand SQL", "heap MB");
        row(HAND, runs.get(HAND), hand);
        long batch = failures.containsKey(BATCH) ? -1 : medianMillis(runs.get(BATCH));
        if (batch < 0) {
            failedRow(BATCH, failures.get(BATCH));
        } else {
            row(BATCH, runs.get(BATCH), hand);
        }
        String singleLabel = String.format(Locale.ROOT, "%s x %,d", SINGLE, pairs);
        long singleMillis = -1;
        if (failures.containsKey(SINGLE)) {
            failedRow(singleLabel, failures.get(SINGLE));
        } else {
            Run single = runs.get(SINGLE).get(0);
            boolean extrapolated = single.pairsMerged() < pairs;
            singleMillis = extrapolated
                    ? Math.round((double) single.millis() * pairs / single.pairsMerged()) : single.millis();
            System.out.printf(Locale.ROOT, "%-34s | %10d | %-27s | %9.2f | %8.1f%n", singleLabel, singleMillis,
                    extrapolated ? "1 run (extrapolated)" : "1 run", ratio(singleMillis, hand),
                    single.heapBytes() / (1024.0 * 1024.0));
            if (extrapolated) {
                System.out.printf(Locale.ROOT, "single merges: timed the first %,d of %,d pairs in %,d ms (the %d s "
                        + "budget ran out), extrapolated linearly to %,d pairs: %,d ms%n", single.pairsMerged(), pairs,
                        single.millis(), TimeUnit.NANOSECONDS.toSeconds(singleBudgetNanos), pairs, singleMillis);
            } else {
                System.out.printf(Locale.ROOT, "single merges: timed on all %,d pairs (1 run), not extrapolated%n",
                        pairs);
            }
        }
        System.out.println();
        if (batch < 0) {
            System.out.println("batch within its goal of hand SQL (1.3x, MariaDB 1.5x): missed (the batch failed)");
        } else {
            double batchToHand = ratio(batch, hand);
            double goal = database.equals("mariadb") ? 1.5 : 1.3;
            System.out.printf(Locale.ROOT, "batch within %.1fx of hand SQL: %s (batch/hand %.2fx)%n", goal,
                    batchToHand <= goal ? "met" : "missed", batchToHand);
        }
        if (batch < 0 || singleMillis < 0) {
            System.out.printf(Locale.ROOT, "batch >= 10x faster than %,d single merges: missed (%s failed)%n", pairs,
                    batch < 0 ? "the batch" : "the single merges");
        } else {
            double singleToBatch = ratio(singleMillis, batch);
            System.out.printf(Locale.ROOT, "batch >= 10x faster than %,d single merges: %s (singles/batch %.1fx%s)%n",
                    pairs,
                    singleToBatch >= 10 ? "met" : "missed", singleToBatch,
                    runs.get(SINGLE).get(0).pairsMerged() < pairs ? ", single merges extrapolated" : "");
        }
    }

    private static void failedRow(String contender, RuntimeException failure) {
        String code = failure instanceof MergeException m ? " [" + m.code() + "]" : "";
        System.out.printf(Locale.ROOT, "%-34s | %10s | FAILED: %s%s (message and stack trace above)%n", contender,
                "-", failure.getClass().getSimpleName(), code);
    }

    private static void row(String contender, List<Run> runs, long hand) {
        long median = medianMillis(runs);
        System.out.printf(Locale.ROOT, "%-34s | %10d | %-27s | %9.2f | %8.1f%n", contender, median,
                runs.stream().map(r -> Long.toString(r.millis())).collect(Collectors.joining(", ")),
                ratio(median, hand), mb(runs.stream().map(Run::heapBytes).toList()));
    }

    private static long medianMillis(List<Run> runs) {
        return median(runs.stream().map(Run::millis).toList());
    }

    /**
     * Generates the data, times the contender, verifies the outcome. A SafeMerge contender that throws is reported
     * (stack trace on stderr) and not run again; the others go on.
     */
    private void measure(String contender, int pairs, Contender merge, boolean warmUp, Map<String, List<Run>> runs,
            Map<String, RuntimeException> failures) {
        if (failures.containsKey(contender)) {
            return;
        }
        generate(pairs);
        Map<Long, Long> duplicateToSurvivor = new LinkedHashMap<>();
        for (int i = 0; i < pairs; i++) {
            duplicateToSurvivor.put(duplicate(i), survivor(i));
        }
        BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.start();
        long start = System.nanoTime();
        Done done;
        try {
            done = merge.merge(duplicateToSurvivor);
        } catch (RuntimeException e) {
            heap.stop();
            if (contender.equals(HAND)) {
                throw e;
            }
            System.out.printf(Locale.ROOT, "  %-7s %-24s %,7d pairs: FAILED after %,d ms: %s%n",
                    warmUp ? "warm-up" : "timed", contender, pairs,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e);
            e.printStackTrace();
            failures.put(contender, e);
            return;
        }
        long nanos = System.nanoTime() - start;
        long peak = heap.stop();
        verify(contender, pairs, done.pairsMerged());
        if (done.auditedRowIds() >= 0) {
            check(contender, "audited re-pointed row ids", done.auditedRowIds(),
                    8L * rowsPerPartner * done.pairsMerged());
        }
        Run run = new Run(nanos, peak, done.pairsMerged());
        System.out.printf(Locale.ROOT, "  %-7s %-24s %,7d pairs: %,9d ms%s, heap +%.1f MB, verified%n",
                warmUp ? "warm-up" : "timed", contender, pairs, run.millis(), done.pairsMerged() < pairs
                        ? String.format(Locale.ROOT, " (budget ran out after %,d pairs)", done.pairsMerged()) : "",
                peak / (1024.0 * 1024.0));
        if (!warmUp) {
            runs.computeIfAbsent(contender, k -> new ArrayList<>()).add(run);
        }
    }

    // --- the contenders ---

    /** The floor: the map in a temporary table, one joined statement per table, all in one transaction. */
    private Done handSql(Map<Long, Long> duplicateToSurvivor) {
        BenchSupport.connection(factory, c -> {
            try (Statement s = c.createStatement()) {
                s.execute(switch (database) {
                    // H2: DROP TABLE would commit; a transactional temporary table dropped on commit does not
                    case "h2" -> "create local temporary table bn_merge_map (dup_id bigint primary key, "
                            + "survivor_id bigint not null) on commit drop transactional";
                    default -> "create temporary table bn_merge_map (dup_id bigint primary key, "
                            + "survivor_id bigint not null)";
                });
                try (PreparedStatement insert = c.prepareStatement("insert into bn_merge_map (dup_id, survivor_id) "
                        + "values (?, ?)")) {
                    int batched = 0;
                    for (Map.Entry<Long, Long> merge : duplicateToSurvivor.entrySet()) {
                        insert.setLong(1, merge.getKey());
                        insert.setLong(2, merge.getValue());
                        insert.addBatch();
                        if (++batched % MAP_INSERT_BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                    if (batched % MAP_INSERT_BATCH != 0) {
                        insert.executeBatch();
                    }
                }
                if (database.equals("postgresql")) {
                    s.execute("analyze bn_merge_map"); // autovacuum never analyzes temporary tables
                }
                for (String table : BenchDomain.RECORD_TABLES) {
                    s.executeUpdate(repoint(table));
                }
                s.executeUpdate(deleteSharedLinks());
                s.executeUpdate(repoint("bn_partner_tag"));
                s.executeUpdate(deleteDuplicates());
                switch (database) {
                    case "postgresql" -> s.execute("drop table bn_merge_map");
                    case "mariadb" -> s.execute("drop temporary table bn_merge_map");
                    default -> {
                        // H2: dropped on commit
                    }
                }
            }
            return 0;
        });
        return new Done(-1, duplicateToSurvivor.size());
    }

    /** {@code table.partner_id}: duplicate -> its survivor, for all pairs at once. */
    private String repoint(String table) {
        return switch (database) {
            case "postgresql" -> "update " + table + " t set partner_id = m.survivor_id from bn_merge_map m "
                    + "where t.partner_id = m.dup_id";
            case "mariadb" -> "update " + table + " t join bn_merge_map m on t.partner_id = m.dup_id "
                    + "set t.partner_id = m.survivor_id";
            default -> "merge into " + table + " t using bn_merge_map m on t.partner_id = m.dup_id "
                    + "when matched then update set partner_id = m.survivor_id";
        };
    }

    /** The duplicates' tag links their survivor already has. */
    private String deleteSharedLinks() {
        return switch (database) {
            case "postgresql" -> "delete from bn_partner_tag l using bn_merge_map m, bn_partner_tag s "
                    + "where l.partner_id = m.dup_id and s.partner_id = m.survivor_id and s.tag_id = l.tag_id";
            case "mariadb" -> "delete l from bn_partner_tag l join bn_merge_map m on l.partner_id = m.dup_id "
                    + "join bn_partner_tag s on s.partner_id = m.survivor_id and s.tag_id = l.tag_id";
            default -> "delete from bn_partner_tag l where exists (select 1 from bn_merge_map m join bn_partner_tag s "
                    + "on s.partner_id = m.survivor_id where m.dup_id = l.partner_id and s.tag_id = l.tag_id)";
        };
    }

    private String deleteDuplicates() {
        return switch (database) {
            case "postgresql" -> "delete from bn_partner p using bn_merge_map m where p.id = m.dup_id";
            case "mariadb" -> "delete p from bn_partner p join bn_merge_map m on p.id = m.dup_id";
            default -> "delete from bn_partner p where p.id in (select m.dup_id from bn_merge_map m)";
        };
    }

    /** SafeMerge's batch API with the default chunk size and default strategies, every re-pointed row audited. */
    private Done batch(Map<Long, Long> duplicateToSurvivor) {
        BenchSupport.RepointedRowIds ids = new BenchSupport.RepointedRowIds();
        BatchResult result = HibernateMerge.of(factory).batch(BenchPartner.class).merges(duplicateToSurvivor)
                .audit(ids).build().execute();
        check(BATCH, "merged groups", result.merged().size(), duplicateToSurvivor.size());
        check(BATCH, "skipped groups", result.skipped().size(), 0);
        return new Done(ids.get(), result.merged().size());
    }

    /** The single-merge API once per pair, until done or the budget ran out. */
    private Done singleMerges(Map<Long, Long> duplicateToSurvivor) {
        BenchSupport.RepointedRowIds ids = new BenchSupport.RepointedRowIds();
        long start = System.nanoTime();
        int done = 0;
        for (Map.Entry<Long, Long> merge : duplicateToSurvivor.entrySet()) {
            HibernateMerge.of(factory).plan(BenchPartner.class).survivor(merge.getValue())
                    .duplicates(merge.getKey()).audit(ids).build().execute();
            done++;
            if (System.nanoTime() - start > singleBudgetNanos) {
                break;
            }
        }
        return new Done(ids.get(), done);
    }

    // --- data ---

    private static long survivor(int pair) {
        return 2L * pair + 1;
    }

    private static long duplicate(int pair) {
        return 2L * pair + 2;
    }

    private void indexForeignKeys() {
        BenchSupport.jdbc(factory, s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                // dropped with the table on exit
                s.execute("create index " + table + "_partner_idx on " + table + " (partner_id)");
            }
            return 0;
        });
    }

    /**
     * Partners 1..2N (pair i: survivor 2i+1, duplicate 2i+2); partner p owns rows (p-1)*10+1..p*10 of each table;
     * pair i's survivor links tags i+0..i+3, its duplicate i+2..i+5 (mod 200, from 1).
     */
    private void generate(int pairs) {
        BenchSupport.jdbc(factory, s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                s.executeUpdate("truncate table " + table); // no FK points at these; truncate leaves no dead rows
            }
            s.executeUpdate("truncate table bn_partner_tag");
            BenchSupport.clear(s);
            s.executeUpdate("insert into bn_partner (id, name) select n, concat('partner ', n) from "
                    + series(2L * pairs));
            BenchSupport.insertTags(s, database, TAGS);
            for (int k : SURVIVOR_TAGS) {
                s.executeUpdate("insert into bn_partner_tag (partner_id, tag_id) select 2 * n - 1, mod(n - 1 + " + k
                        + ", " + TAGS + ") + 1 from " + series(pairs));
            }
            for (int k : DUPLICATE_TAGS) {
                s.executeUpdate("insert into bn_partner_tag (partner_id, tag_id) select 2 * n, mod(n - 1 + " + k
                        + ", " + TAGS + ") + 1 from " + series(pairs));
            }
            for (String table : BenchDomain.RECORD_TABLES) {
                for (int k = 1; k <= rowsPerPartner; k++) {
                    s.executeUpdate("insert into " + table + " (id, text, partner_id) select (n - 1) * "
                            + rowsPerPartner + " + " + k + ", 'row', n from " + series(2L * pairs));
                }
            }
            return 0;
        });
        if (!database.equals("h2")) {
            List<String> tables = new ArrayList<>(BenchDomain.RECORD_TABLES);
            tables.addAll(List.of("bn_partner", "bn_partner_tag", "bn_tag"));
            BenchSupport.jdbc(factory, s -> {
                s.execute((database.equals("postgresql") ? "analyze " : "analyze table ") + String.join(", ", tables));
                return 0;
            });
        }
    }

    /**
     * The first {@code merged} pairs are merged, the others untouched: every referencing row points at its own
     * pair's survivor (or still at its own partner), no row lost, no merged duplicate left, each survivor linked to
     * exactly the union of its pair's tags, the tags intact.
     */
    private void verify(String contender, int pairs, int merged) {
        BenchSupport.jdbc(factory, s -> {
            long rowsPerTable = 2L * rowsPerPartner * pairs;
            long lastMergedRow = 2L * rowsPerPartner * merged;
            for (String table : BenchDomain.RECORD_TABLES) {
                check(contender, table + " rows", count(s, "select count(*) from " + table), rowsPerTable);
                check(contender, table + " rows not on their pair's survivor", count(s, "select count(*) from "
                        + table + " where partner_id is null or not ((id <= " + lastMergedRow + " and mod(partner_id, "
                        + "2) = 1 and id > (partner_id - 1) * " + rowsPerPartner + " and id <= (partner_id + 1) * "
                        + rowsPerPartner + ") or (id > " + lastMergedRow + " and id > (partner_id - 1) * "
                        + rowsPerPartner + " and id <= partner_id * " + rowsPerPartner + "))"), 0);
            }
            check(contender, "partners", count(s, "select count(*) from bn_partner"), 2L * pairs - merged);
            check(contender, "survivors", count(s, "select count(*) from bn_partner where mod(id, 2) = 1"), pairs);
            check(contender, "merged duplicates left", count(s, "select count(*) from bn_partner where mod(id, 2) = 0 "
                    + "and id <= " + duplicate(merged - 1)), 0);
            check(contender, "tags", count(s, "select count(*) from bn_tag"), TAGS);
            Map<Long, Set<Long>> links = new HashMap<>();
            long linkRows = 0;
            try (ResultSet rs = s.executeQuery("select partner_id, tag_id from bn_partner_tag")) {
                while (rs.next()) {
                    links.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
                    linkRows++;
                }
            }
            Map<Long, Set<Long>> expected = new HashMap<>();
            long expectedRows = 0;
            for (int i = 0; i < pairs; i++) {
                if (i < merged) {
                    expected.put(survivor(i), tags(i, SURVIVOR_TAGS, DUPLICATE_TAGS));
                } else {
                    expected.put(survivor(i), tags(i, SURVIVOR_TAGS));
                    expected.put(duplicate(i), tags(i, DUPLICATE_TAGS));
                }
            }
            for (Set<Long> set : expected.values()) {
                expectedRows += set.size();
            }
            check(contender, "tag links", linkRows, expectedRows);
            if (!links.equals(expected)) {
                Long partner = expected.keySet().stream().filter(p -> !expected.get(p).equals(links.get(p)))
                        .findFirst().orElseGet(() -> links.keySet().stream().filter(p -> !expected.containsKey(p))
                                .findFirst().orElseThrow());
                throw new IllegalStateException(contender + ": partner " + partner + " links tags " + links.get(partner)
                        + ", expected " + expected.get(partner) + " — its time does not count");
            }
            return 0;
        });
    }

    /** Pair i's tags for the given offsets. */
    private static Set<Long> tags(int pair, int[]... offsets) {
        Set<Long> tags = new HashSet<>();
        for (int[] set : offsets) {
            for (int k : set) {
                tags.add((long) ((pair + k) % TAGS) + 1);
            }
        }
        return tags;
    }

    private static int union(int[] a, int[] b) {
        return (int) IntStream.concat(IntStream.of(a), IntStream.of(b)).distinct().count();
    }

    private String series(long n) {
        return BenchSupport.series(database, n);
    }
}
