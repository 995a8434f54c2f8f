package org.safemerge.examples.bench;

import static org.safemerge.examples.bench.BenchSupport.check;
import static org.safemerge.examples.bench.BenchSupport.count;
import static org.safemerge.examples.bench.BenchSupport.median;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.safemerge.MergeException;
import org.safemerge.examples.bench.BenchDomain.BenchPartner;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/**
 * One merge with many duplicates: one survivor and N duplicates (default 100, 1,000 and 10,000), each partner
 * referenced by a few rows (3, {@code -Dbench.rows=...}) in each of the eight tables of {@link BenchDomain} and
 * linked to two tags (one of them the survivor's), merged by one {@code plan(..).duplicates(all).build()}: its
 * {@code dryRun()} and its {@code execute()} are timed on freshly generated identical data; the execution is
 * verified (every row on the survivor, no row lost, no duplicate left, the survivor's tags the union, every re-pointed
 * row id and every deleted duplicate audited) before its time counts. Prints milliseconds per duplicate and the ratio
 * to the first N (the goal: within 1.5x, i.e. linear).
 *
 * <p>Run: {@code java -cp merge-examples/target/safemerge.jar
 * org.safemerge.examples.bench.ManyDuplicatesBenchmark h2 100 1000 10000} (database: h2, postgresql or mariadb;
 * then the N; {@code -Dbench.repetitions=3} for medians of 3, {@code -Dbench.url=...} for another JDBC URL). One
 * warm-up of both on the first N. Creates its tables on start and drops them on exit. On PostgreSQL the eight FK
 * columns get an index (H2 and MariaDB index FK columns by themselves).
 */
public final class ManyDuplicatesBenchmark {
    private static final int TAGS = 200;
    private static final long SURVIVOR = 1L;
    /** The survivor's tags; duplicate p links tags p mod 200 + 1 and (p + 1) mod 200 + 1. */
    private static final List<Long> SURVIVOR_TAGS = List.of(1L, 2L, 3L, 4L);

    private final String database;
    private final SessionFactory factory;
    private final int rows;

    private ManyDuplicatesBenchmark(String database, SessionFactory factory, int rows) {
        this.database = database;
        this.factory = factory;
        this.rows = rows;
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String database = args.length > 0 ? args[0] : "h2";
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i].replace("_", "").replace(",", "")));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100, 1_000, 10_000);
        }
        int rows = Integer.getInteger("bench.rows", 3);
        int repetitions = Integer.getInteger("bench.repetitions", 1);
        if (rows < 1 || repetitions < 1 || sizes.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("rows, repetitions and every N must be >= 1");
        }
        try (SessionFactory factory = BenchSupport.open(database)) {
            new ManyDuplicatesBenchmark(database, factory, rows).run(sizes, repetitions);
        }
    }

    /** Counts the audited re-pointed row ids and the deleted duplicates. */
    private static final class Audit implements AuditListener {
        final AtomicLong repointedRowIds = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong deletedWithState = new AtomicLong();

        @Override
        public void onEvent(AuditEvent event) {
            if (event instanceof AuditEvent.ReferencesRepointed r) {
                repointedRowIds.addAndGet(r.rowIds().size());
            } else if (event instanceof AuditEvent.EntityDeleted d) {
                deleted.incrementAndGet();
                if (d.lastState().containsKey("name")) {
                    deletedWithState.incrementAndGet();
                }
            }
        }
    }

    private void run(List<Integer> sizes, int repetitions) {
        System.out.printf(Locale.ROOT, "SafeMerge many-duplicates benchmark on %s: one survivor, N duplicates merged "
                + "by one execute() (and one dryRun()); each partner referenced by %d rows in each of 8 tables and "
                + "linked to 2 tags; every run verified, re-pointed row ids and deleted duplicates audited%n",
                database, rows);
        if (database.equals("postgresql")) {
            BenchSupport.jdbc(factory, s -> {
                for (String table : BenchDomain.RECORD_TABLES) {
                    s.execute("create index " + table + "_partner_idx on " + table + " (partner_id)");
                }
                return 0;
            });
        }
        int warmUp = sizes.get(0);
        generate(warmUp);
        dryRun(warmUp);
        execute(warmUp);
        System.out.printf(Locale.ROOT, "warm-up: dryRun and execute once at N = %,d; then %d repetition(s) per N%n%n",
                warmUp, repetitions);
        Map<Integer, long[]> medians = new LinkedHashMap<>();
        for (int n : sizes) {
            List<Long> dry = new ArrayList<>();
            List<Long> exec = new ArrayList<>();
            for (int rep = 0; rep < repetitions; rep++) {
                generate(n);
                dry.add(dryRun(n));
                exec.add(execute(n));
                System.out.printf(Locale.ROOT, "  N = %,6d: dryRun %,9.1f ms, execute %,9.1f ms, verified%n", n,
                        dry.get(rep) / 1e6, exec.get(rep) / 1e6);
            }
            medians.put(n, new long[] {median(dry), median(exec)});
        }
        System.out.printf(Locale.ROOT, "%n%8s | %12s | %10s | %9s | %12s | %10s | %9s%n", "N", "dryRun ms",
                "ms/dup", "/first N", "execute ms", "ms/dup", "/first N");
        long[] first = medians.get(warmUp);
        double firstDry = first[0] / 1e6 / warmUp;
        double firstExec = first[1] / 1e6 / warmUp;
        double worst = 0;
        for (Map.Entry<Integer, long[]> e : medians.entrySet()) {
            int n = e.getKey();
            double dry = e.getValue()[0] / 1e6 / n;
            double exec = e.getValue()[1] / 1e6 / n;
            worst = Math.max(worst, Math.max(dry / firstDry, exec / firstExec));
            System.out.printf(Locale.ROOT, "%,8d | %,12.1f | %10.3f | %9.2f | %,12.1f | %10.3f | %9.2f%n", n,
                    e.getValue()[0] / 1e6, dry, dry / firstDry, e.getValue()[1] / 1e6, exec, exec / firstExec);
        }
        System.out.printf(Locale.ROOT, "%ntime per duplicate within 1.5x of N = %,d's: %s (worst %.2fx)%n", warmUp,
                worst <= 1.5 ? "met" : "missed", worst);
    }

    private List<Object> duplicates(int n) {
        List<Object> ids = new ArrayList<>(n);
        for (long p = 2; p <= n + 1; p++) {
            ids.add(p);
        }
        return ids;
    }

    private long dryRun(int n) {
        long start = System.nanoTime();
        MergeReport report = HibernateMerge.of(factory).plan(BenchPartner.class).survivor(SURVIVOR)
                .duplicates(duplicates(n)).build().dryRun();
        long nanos = System.nanoTime() - start;
        check("dryRun", "blocked", report.blocked() ? 1 : 0, 0);
        check("dryRun", "duplicates to delete", report.stepsOf(DeleteDuplicate.class).size(), n);
        check("dryRun", "partners (nothing written)", BenchSupport.jdbc(factory, s -> count(s,
                "select count(*) from bn_partner")), n + 1L);
        return nanos;
    }

    private long execute(int n) {
        Audit audit = new Audit();
        long start = System.nanoTime();
        try {
            HibernateMerge.of(factory).plan(BenchPartner.class).survivor(SURVIVOR).duplicates(duplicates(n))
                    .audit(audit).build().execute();
        } catch (MergeException e) {
            System.out.printf(Locale.ROOT, "  N = %,d: execute FAILED after %,d ms: %s%n", n,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        verify(n);
        check("execute", "audited re-pointed row ids", audit.repointedRowIds.get(), 8L * rows * n);
        check("execute", "audited deleted duplicates", audit.deleted.get(), n);
        check("execute", "deleted duplicates audited with their last state", audit.deletedWithState.get(), n);
        return nanos;
    }

    /** Partners 1..N+1 (1 the survivor); partner p owns rows (p-1)*rows+1..p*rows of each table. */
    private void generate(int n) {
        BenchSupport.jdbc(factory, s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                s.executeUpdate("truncate table " + table);
            }
            s.executeUpdate("truncate table bn_partner_tag");
            BenchSupport.clear(s);
            s.executeUpdate("insert into bn_partner (id, name) select n, concat('partner ', n) from "
                    + series(n + 1L));
            BenchSupport.insertTags(s, database, TAGS);
            for (long tag : SURVIVOR_TAGS) {
                s.executeUpdate("insert into bn_partner_tag (partner_id, tag_id) values (" + SURVIVOR + ", " + tag
                        + ")");
            }
            for (int k = 0; k < 2; k++) {
                s.executeUpdate("insert into bn_partner_tag (partner_id, tag_id) select n + 1, mod(n + 1 + " + k
                        + ", " + TAGS + ") + 1 from " + series(n));
            }
            for (String table : BenchDomain.RECORD_TABLES) {
                for (int k = 1; k <= rows; k++) {
                    s.executeUpdate("insert into " + table + " (id, text, partner_id) select (n - 1) * " + rows
                            + " + " + k + ", 'row', n from " + series(n + 1L));
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

    private void verify(int n) {
        BenchSupport.jdbc(factory, s -> {
            for (String table : BenchDomain.RECORD_TABLES) {
                check("execute", table + " rows", count(s, "select count(*) from " + table), (n + 1L) * rows);
                check("execute", table + " rows not on the survivor", count(s, "select count(*) from " + table
                        + " where partner_id is null or partner_id <> " + SURVIVOR), 0);
            }
            check("execute", "partners", count(s, "select count(*) from bn_partner"), 1);
            check("execute", "tags", count(s, "select count(*) from bn_tag"), TAGS);
            Set<Long> expected = new TreeSet<>(SURVIVOR_TAGS);
            for (long p = 2; p <= n + 1; p++) {
                expected.add((p + 0) % TAGS + 1);
                expected.add((p + 1) % TAGS + 1);
            }
            Set<Long> actual = new TreeSet<>();
            long links = 0;
            try (ResultSet rs = s.executeQuery("select partner_id, tag_id from bn_partner_tag")) {
                while (rs.next()) {
                    check("execute", "tag link's partner", rs.getLong(1), SURVIVOR);
                    actual.add(rs.getLong(2));
                    links++;
                }
            }
            check("execute", "tag links", links, expected.size());
            if (!actual.equals(expected)) {
                throw new IllegalStateException("execute: the survivor links tags " + actual + ", expected "
                        + expected + " — its time does not count");
            }
            return 0;
        });
    }

    private String series(long n) {
        return BenchSupport.series(database, n);
    }
}
