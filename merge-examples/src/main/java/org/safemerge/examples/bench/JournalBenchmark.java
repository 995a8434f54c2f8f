package org.safemerge.examples.bench;

import static org.safemerge.examples.bench.BenchSupport.check;
import static org.safemerge.examples.bench.BenchSupport.count;
import static org.safemerge.examples.bench.BenchSupport.mb;
import static org.safemerge.examples.bench.BenchSupport.median;
import static org.safemerge.examples.bench.BenchSupport.ratio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.safemerge.examples.bench.BenchDomain.BenchPartner;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.journal.JournalChange;
import org.safemerge.hibernate.journal.MergeHistory;
import org.safemerge.hibernate.journal.MergeJournal;
import org.safemerge.hibernate.journal.MergeTrail;
import org.safemerge.report.MergeReport;

/**
 * What the merge journal costs: one merge of a partner referenced by R rows in each of 8 tables (the data of
 * {@link MergeBenchmark}), with the journal off, with it on (every re-pointed row id, every removed link's last state
 * written to the journal tables in the merge's transaction), and by hand-written set-based SQL (the floor). One run,
 * the same generated data for each contender, every result verified before its time counts (with the journal on:
 * the journal's trail holds the merge, committed, and every re-pointed row id), one warm-up, repetitions
 * interleaved, medians, ratios from the same run, and the peak heap growth of each contender.
 *
 * <p>Run: {@code java -cp merge-examples/target/safemerge.jar org.safemerge.examples.bench.JournalBenchmark
 * postgresql 10000,100000 5} (database: h2, postgresql or mariadb; sizes; repetitions). {@code -Dbench.url=...}
 * points it at another database or schema (it creates and drops its tables, the journal's too).
 */
public final class JournalBenchmark {
    private static final long SURVIVOR = 1;
    private static final long DUPLICATE = 2;
    private static final int TAGS = 200;

    private final String database;
    private final SessionFactory factory;
    private final MergeJournal journal = MergeJournal.builder().tablePrefix("bn_journal_")
            .principal(() -> "bench").build();

    private JournalBenchmark(String database, SessionFactory factory) {
        this.database = database;
        this.factory = factory;
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String database = args.length > 0 ? args[0] : "h2";
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "10000,100000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (SessionFactory factory = BenchSupport.open(database)) {
            new JournalBenchmark(database, factory).run(sizes, repetitions);
        }
    }

    private void run(int[] sizes, int repetitions) {
        journal.dropSchema(factory);
        journal.createSchema(factory);
        try {
            System.out.printf("SafeMerge journal benchmark on %s: one merge of a partner referenced by R rows in each "
                    + "of 8 tables, plus %d tags%n", database, TAGS);
            System.out.printf("%d repetition(s) after 1 warm-up, contenders interleaved; medians in ms; heap = peak "
                    + "growth over the contender's own baseline%n%n", repetitions);
            System.out.printf("%-8s | %-22s | %-22s | %-22s | %-7s | %-8s | %s%n", "R", "hand SQL ms (heap MB)",
                    "journal off ms (MB)", "journal on ms (MB)", "on/off", "off/hand", "on/hand");
            for (int size : sizes) {
                Map<String, List<Long>> times = new LinkedHashMap<>();
                Map<String, List<Long>> heaps = new LinkedHashMap<>();
                for (int rep = 0; rep <= repetitions; rep++) {
                    boolean warmUp = rep == 0;
                    // the order rotates, so no contender always runs right after the hand SQL (or a GC) does
                    List<String> order = new ArrayList<>(List.of("hand", "off", "on"));
                    java.util.Collections.rotate(order, rep);
                    for (String contender : order) {
                        measure(contender, size, warmUp, times, heaps);
                    }
                }
                long hand = median(times.get("hand"));
                long off = median(times.get("off"));
                long on = median(times.get("on"));
                System.out.printf(Locale.ROOT, "%-8d | %8d (%6.1f)      | %8d (%6.1f)      | %8d (%6.1f)      "
                        + "| %7.2f | %8.2f | %.2f%n", size, hand, mb(heaps.get("hand")), off, mb(heaps.get("off")), on,
                        mb(heaps.get("on")), ratio(on, off), ratio(off, hand), ratio(on, hand));
            }
        } finally {
            journal.dropSchema(factory);
        }
    }

    private void measure(String contender, int size, boolean warmUp, Map<String, List<Long>> times,
            Map<String, List<Long>> heaps) {
        generate(size);
        Supplier<String> merge = switch (contender) {
            case "hand" -> this::handSql;
            case "off" -> () -> safeMerge(HibernateMerge.of(factory));
            case "on" -> () -> safeMerge(HibernateMerge.of(factory).withJournal(journal));
            default -> throw new IllegalArgumentException(contender);
        };
        BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.start();
        long start = System.nanoTime();
        String mergeId = merge.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stop();
        verify(contender, size, mergeId);
        if (!warmUp) {
            times.computeIfAbsent(contender, k -> new ArrayList<>()).add(millis);
            heaps.computeIfAbsent(contender, k -> new ArrayList<>()).add(peak);
        }
    }

    /** The floor: one UPDATE per table, the tag links by set, then the duplicate. */
    private String handSql() {
        jdbc(s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                s.executeUpdate("update " + table + " set partner_id = " + SURVIVOR + " where partner_id = "
                        + DUPLICATE);
            }
            s.executeUpdate("delete from bn_partner_tag where partner_id = " + DUPLICATE + " and tag_id in (select "
                    + "tag_id from (select tag_id from bn_partner_tag where partner_id = " + SURVIVOR + ") x)");
            s.executeUpdate("update bn_partner_tag set partner_id = " + SURVIVOR + " where partner_id = "
                    + DUPLICATE);
            s.executeUpdate("delete from bn_partner where id = " + DUPLICATE);
            return 0;
        });
        return null;
    }

    /** SafeMerge with default strategies (union); the merge id, for the verification. */
    private String safeMerge(HibernateMerge merge) {
        MergeReport report = merge.plan(BenchPartner.class).survivor(SURVIVOR).duplicates(DUPLICATE).build()
                .execute();
        return report.mergeId();
    }

    /** R rows per table on the duplicate, R/10 on the survivor, 200 tags half shared; an empty journal. */
    private void generate(int size) {
        jdbc(s -> {
            BenchSupport.clear(s);
            s.executeUpdate("delete from " + journal.imageTable());
            s.executeUpdate("delete from " + journal.changeTable());
            s.executeUpdate("delete from " + journal.recordTable());
            s.executeUpdate("delete from " + journal.mergeTable());
            s.executeUpdate("insert into bn_partner (id, name) values (" + SURVIVOR + ", 'Maria Schmidt'), ("
                    + DUPLICATE + ", 'MARIA SCHMIDT')");
            BenchSupport.insertTags(s, database, TAGS);
            s.executeUpdate("insert into bn_partner_tag (partner_id, tag_id) select " + DUPLICATE + ", n from "
                    + series(TAGS) + " where n <= " + (TAGS * 3 / 4));
            s.executeUpdate("insert into bn_partner_tag (partner_id, tag_id) select " + SURVIVOR + ", n from "
                    + series(TAGS) + " where n > " + (TAGS / 4));
            for (String table : BenchDomain.RECORD_TABLES) {
                s.executeUpdate("insert into " + table + " (id, text, partner_id) select n, 'row', case when n <= "
                        + size + " then " + DUPLICATE + " else " + SURVIVOR + " end from " + series(size + size / 10));
            }
            return 0;
        });
    }

    private void verify(String contender, int size, String mergeId) {
        jdbc(s -> {
            BenchSupport.checkPartnerMerged(s, contender, SURVIVOR, DUPLICATE, size + size / 10, TAGS);
            check(contender, "journalled merges", count(s, "select count(*) from " + journal.mergeTable()),
                    contender.equals("on") ? 1 : 0);
            return 0;
        });
        if (contender.equals("on")) {
            MergeTrail trail = MergeHistory.of(factory, journal).trail(mergeId).orElseThrow(
                    () -> new IllegalStateException("journal on: merge " + mergeId + " is not in the journal"));
            long repointed = trail.changes().stream().filter(c -> c.kind().equals("ReferencesRepointed"))
                    .mapToLong(c -> c.rowIds().size()).sum();
            check(contender, "journal: committed", trail.merge().stands() ? 1 : 0, 1);
            check(contender, "journal: re-pointed row ids", repointed, 8L * size);
            check(contender, "journal: last state of the duplicate and the removed links",
                    trail.rowImages().size(), 1 + TAGS / 2);
            if (trail.changes().stream().map(JournalChange::seq).distinct().count() != trail.changes().size()) {
                throw new IllegalStateException("journal on: duplicate change numbers");
            }
        }
    }

    private String series(int n) {
        return BenchSupport.series(database, n);
    }

    private long jdbc(BenchSupport.JdbcWork work) {
        return BenchSupport.jdbc(factory, work);
    }
}
