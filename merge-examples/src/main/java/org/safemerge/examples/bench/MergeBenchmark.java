package org.safemerge.examples.bench;

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
 * <p>Run: {@code java -cp merge-examples/target/safemerge.jar org.safemerge.examples.bench.MergeBenchmark h2
 * 1000,10000,100000 3} (database: h2, postgresql or mariadb; sizes; repetitions), plus optional words:
 * <ul>
 * <li>{@code wide}: each table also holds {@value #OTHERS} rows of 1,000 other partners (the schema as usual: an
 *     index on every FK column, on PostgreSQL created by the benchmark as H2 and MariaDB do by themselves);</li>
 * <li>{@code noindex}: the same data, every FK index dropped (on H2 and MariaDB with the FK constraint, which
 *     needs it; on PostgreSQL the constraints stay, as Hibernate's schema export leaves them: no index);</li>
 * <li>{@code heap}: instead of times, the smallest {@code -Xmx} in which each contender completes one merge, found
 *     by bisection over child JVMs (Parallel GC, which fails a run spending 98% of its time in GC); the baseline
 *     is a child that boots, generates and verifies without merging, so contender minus baseline is what the
 *     merge itself needs.</li>
 * </ul>
 */
public final class MergeBenchmark {
    private static final long SURVIVOR = 1;
    private static final long DUPLICATE = 2;
    private static final int TAGS = 200;
    /** Rows of other partners per table in the {@code wide} and {@code noindex} variants. */
    static final int OTHERS = 50_000;
    private static final int OTHER_PARTNERS = 1_000;
    /** The contenders of the heap mode; {@code baseline} boots, generates and verifies without merging. */
    private static final List<String> HEAP_CONTENDERS = List.of("baseline", "hand", "safemerge", "naive");

    private final String database;
    private final SessionFactory factory;
    private final boolean others;

    private MergeBenchmark(String database, SessionFactory factory, boolean others) {
        this.database = database;
        this.factory = factory;
        this.others = others;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        List<String> words = new ArrayList<>(Arrays.asList(args));
        boolean noIndex = words.remove("noindex");
        boolean wide = words.remove("wide") || noIndex;
        boolean heap = words.remove("heap");
        String child = words.stream().filter(w -> w.startsWith("child:")).findFirst().orElse(null);
        words.remove(child);
        String database = words.size() > 0 ? words.get(0) : "h2";
        int[] sizes = Arrays.stream((words.size() > 1 ? words.get(1) : "1000,10000,100000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int repetitions = words.size() > 2 ? Integer.parseInt(words.get(2)) : 3;
        if (heap) {
            HeapBisection.run(database, sizes, wide, noIndex);
            return;
        }
        try (SessionFactory factory = BenchSupport.open(database)) {
            MergeBenchmark benchmark = new MergeBenchmark(database, factory, wide);
            benchmark.schema(wide, noIndex);
            if (child != null) {
                benchmark.once(child.substring("child:".length()), sizes[0]);
            } else {
                benchmark.run(sizes, repetitions);
            }
        }
    }

    /** FK indexes everywhere (PostgreSQL: created here), or none ({@code noindex}); before the graph is read. */
    private void schema(boolean wide, boolean noIndex) {
        if (noIndex) {
            BenchSupport.dropForeignKeyIndexes(factory, database, BenchDomain.RECORD_TABLES);
            System.out.println("noindex: no index on the 8 FK columns" + (database.equals("postgresql")
                    ? " (FK constraints kept)" : " (FK constraints dropped with them: " + database + " needs one "
                    + "for the other)"));
        } else if (database.equals("postgresql")) {
            jdbc(s -> {
                for (String table : BenchDomain.RECORD_TABLES) {
                    s.execute("create index " + table + "_partner_idx on " + table + " (partner_id)");
                }
                return 0;
            });
        }
        if (wide) {
            System.out.printf(Locale.ROOT, "each table also holds %,d rows of %,d other partners%n", OTHERS,
                    OTHER_PARTNERS);
        }
    }

    /** The heap mode's contenders at a size: naive JPA only up to 10,000 (as in the timed mode). */
    static List<String> heapContenders(int size) {
        return size <= 10_000 ? HEAP_CONTENDERS : HEAP_CONTENDERS.subList(0, 3);
    }

    /** One merge by one contender in this JVM (a child of the heap mode): generated, merged, verified. */
    private void once(String contender, int size) {
        generate(size);
        long audited = switch (contender) {
            case "baseline" -> {
                handSql(); // the data as merged, so the verification holds; its heap is what every child needs
                yield 0;
            }
            case "hand" -> handSql();
            case "safemerge" -> safeMerge();
            case "naive" -> naiveJpa();
            default -> throw new IllegalArgumentException("unknown contender " + contender);
        };
        verify(contender, size, audited);
        System.out.println("completed");
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
            if (others) {
                s.executeUpdate("insert into bn_partner (id, name) select n + 2, concat('other ', n) from "
                        + series(OTHER_PARTNERS));
                for (String table : BenchDomain.RECORD_TABLES) {
                    s.executeUpdate("insert into " + table + " (id, text, partner_id) select n + " + (size + size / 10)
                            + ", 'other', 3 + mod(n, " + OTHER_PARTNERS + ") from " + series(OTHERS));
                }
            }
            return 0;
        });
    }

    private void verify(String contender, int size, long audited) {
        jdbc(s -> {
            BenchSupport.checkPartnerMerged(s, contender, SURVIVOR, DUPLICATE, size + size / 10, TAGS);
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
