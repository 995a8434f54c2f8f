package org.safemerge.examples.bench;

import static org.safemerge.examples.bench.BenchSupport.check;
import static org.safemerge.examples.bench.BenchSupport.count;
import static org.safemerge.examples.bench.BenchSupport.mb;
import static org.safemerge.examples.bench.BenchSupport.median;
import static org.safemerge.examples.bench.BenchSupport.ratio;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.hibernate.SessionFactory;
import org.safemerge.examples.bench.BenchDomain.BenchPartner;
import org.safemerge.examples.bench.BenchDomain.Record;
import org.safemerge.hibernate.HibernateMerge;

/**
 * Holds SafeMerge against the two other ways of merging one duplicate partner: the naive JPA way application code
 * takes (select the referencing entities, set the FK on each, remove the duplicate; JDBC batching on) and
 * hand-written set-based SQL (the floor). One run, the same generated data for each contender, every result
 * verified before its time counts, warm-up, repetitions interleaved, medians, ratios from the same run, and the
 * peak heap growth of each contender.
 *
 * <p>Run: {@code ./mvnw -q -Pexample package -Dexample.mainClass=org.safemerge.examples.bench.MergeBenchmark
 * -Dexec.args="h2 1000,10000,100000 3"} (database: h2, postgresql or mariadb; sizes; repetitions).
 */
public final class MergeBenchmark {
    private static final long SURVIVOR = 1;
    private static final long DUPLICATE = 2;
    private static final int TAGS = 200;

    private final String database;
    private final SessionFactory factory;

    private MergeBenchmark(String database, SessionFactory factory) {
        this.database = database;
        this.factory = factory;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String database = args.length > 0 ? args[0] : "h2";
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "1000,10000,100000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (SessionFactory factory = BenchSupport.open(database)) {
            new MergeBenchmark(database, factory).run(sizes, repetitions);
        }
    }

    private void run(int[] sizes, int repetitions) {
        System.out.printf("SafeMerge benchmark on %s: one merge of a partner referenced by R rows in each of 8 "
                + "tables, plus %d tags%n", database, TAGS);
        System.out.printf("%d repetition(s) after 1 warm-up, contenders interleaved; medians in ms; heap = peak "
                + "growth over the contender's own baseline%n%n", repetitions);
        System.out.printf("%-8s | %-22s | %-22s | %-22s | %-9s | %-9s | %s%n", "R", "hand SQL ms (heap MB)",
                "SafeMerge ms (heap MB)", "naive JPA ms (heap MB)", "SM/hand", "JPA/hand", "dryRun/hand");
        for (int size : sizes) {
            Map<String, List<Long>> times = new LinkedHashMap<>();
            Map<String, List<Long>> heaps = new LinkedHashMap<>();
            boolean naive = size <= 10_000; // the naive way at 800,000 rows takes minutes; its trend is clear before
            for (int rep = 0; rep <= repetitions; rep++) {
                boolean warmUp = rep == 0;
                measure("hand", size, this::handSql, warmUp, times, heaps);
                measure("safemerge", size, this::safeMerge, warmUp, times, heaps);
                measure("dryrun", size, this::safeMergeDryRun, warmUp, times, heaps);
                if (naive) {
                    measure("naive", size, this::naiveJpa, warmUp, times, heaps);
                }
            }
            long hand = median(times.get("hand"));
            long sm = median(times.get("safemerge"));
            System.out.printf(Locale.ROOT, "%-8d | %8d (%6.1f)        | %8d (%6.1f)        | %-22s | %9.2f | %-9s | %.2f%n",
                    size, hand, mb(heaps.get("hand")), sm, mb(heaps.get("safemerge")),
                    naive ? String.format(Locale.ROOT, "%8d (%6.1f)", median(times.get("naive")),
                            mb(heaps.get("naive"))) : "(skipped)",
                    ratio(sm, hand), naive ? String.format(Locale.ROOT, "%.2f", ratio(median(times.get("naive")),
                            hand)) : "-", ratio(median(times.get("dryrun")), hand));
        }
    }

    private void measure(String contender, int size, LongSupplier merge, boolean warmUp,
            Map<String, List<Long>> times, Map<String, List<Long>> heaps) {
        generate(size);
        BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.start();
        long start = System.nanoTime();
        long audited = merge.getAsLong();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stop();
        if (contender.equals("dryrun")) {
            handSql(); // a dry run writes nothing: merge untimed, so the same verification applies
        }
        verify(contender, size, audited);
        if (!warmUp) {
            times.computeIfAbsent(contender, k -> new ArrayList<>()).add(millis);
            heaps.computeIfAbsent(contender, k -> new ArrayList<>()).add(peak);
        }
    }

    /** The floor: one UPDATE per table, the tag links by set, then the duplicate. */
    private long handSql() {
        return jdbc(s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                s.executeUpdate("update " + table + " set partner_id = " + SURVIVOR + " where partner_id = " + DUPLICATE);
            }
            s.executeUpdate("delete from bn_partner_tag where partner_id = " + DUPLICATE + " and tag_id in (select "
                    + "tag_id from (select tag_id from bn_partner_tag where partner_id = " + SURVIVOR + ") x)");
            s.executeUpdate("update bn_partner_tag set partner_id = " + SURVIVOR + " where partner_id = " + DUPLICATE);
            s.executeUpdate("delete from bn_partner where id = " + DUPLICATE);
            return 0;
        });
    }

    /** SafeMerge with default strategies (union), every re-pointed row id captured by an audit listener. */
    private long safeMerge() {
        BenchSupport.RepointedRowIds ids = new BenchSupport.RepointedRowIds();
        HibernateMerge.of(factory).plan(BenchPartner.class).survivor(SURVIVOR).duplicates(DUPLICATE).audit(ids)
                .build().execute();
        return ids.get();
    }

    private long safeMergeDryRun() {
        HibernateMerge.of(factory).plan(BenchPartner.class).survivor(SURVIVOR).duplicates(DUPLICATE).build().dryRun();
        return -1;
    }

    /** What application code typically does: load, set, remove; JDBC batching on. */
    private long naiveJpa() {
        factory.inTransaction(session -> {
            BenchPartner survivor = session.find(BenchPartner.class, SURVIVOR);
            BenchPartner duplicate = session.find(BenchPartner.class, DUPLICATE);
            for (Class<? extends Record> type : BenchDomain.RECORD_TYPES) {
                List<? extends Record> rows = session.createSelectionQuery("from "
                        + type.getAnnotation(jakarta.persistence.Entity.class).name() + " r where r.partner = :p", type).setParameter("p", duplicate)
                        .getResultList();
                rows.forEach(r -> r.partner(survivor));
            }
            survivor.tags.addAll(duplicate.tags);
            duplicate.tags.clear();
            session.remove(duplicate);
        });
        return 0;
    }

    /** R rows per table on the duplicate, R/10 on the survivor, 200 tags half shared. */
    private void generate(int size) {
        jdbc(s -> {
            BenchSupport.clear(s);
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

    private void verify(String contender, int size, long audited) {
        jdbc(s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                check(contender, table + " rows on survivor", count(s, "select count(*) from " + table
                        + " where partner_id = " + SURVIVOR), size + size / 10);
            }
            check(contender, "duplicate gone", count(s, "select count(*) from bn_partner where id = " + DUPLICATE), 0);
            check(contender, "tags intact", count(s, "select count(*) from bn_tag"), TAGS);
            check(contender, "survivor's links = union", count(s, "select count(*) from bn_partner_tag where "
                    + "partner_id = " + SURVIVOR), TAGS);
            return 0;
        });
        if (contender.equals("safemerge") && audited != 8L * size) {
            throw new IllegalStateException("SafeMerge audited " + audited + " re-pointed row ids, expected "
                    + 8L * size);
        }
    }

    private String series(int n) {
        return BenchSupport.series(database, n);
    }

    private long jdbc(BenchSupport.JdbcWork work) {
        return BenchSupport.jdbc(factory, work);
    }
}
