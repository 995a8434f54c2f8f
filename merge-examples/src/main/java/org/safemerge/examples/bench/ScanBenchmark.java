package org.safemerge.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hibernate.SessionFactory;
import org.safemerge.graph.IntegrityFinding;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.IntegrityScan;

/**
 * The integrity scan on N referencing rows against a hand-written {@code LEFT JOIN ... IS NULL} count, side by side
 * in one run: {@code bn_note} holds N rows pointing at N/10 partners, every 100th at a partner that does not exist
 * (inserted with the FK constraint switched off, as a replication load does). Contenders: the hand-written count
 * (one statement), the scan of that reference with its default chunk size (1,000,000 key values: one statement
 * for 1,000,000 rows), and the scan in chunks of 100,000 key values (10 statements). Every result is checked against the planted count before its time counts; medians
 * of the repetitions after a warm-up. A benchmark, not a test: run it with
 * {@code ./mvnw -q -Pexample package -Dexample.mainClass=org.safemerge.examples.bench.ScanBenchmark
 * -Dexec.args="postgresql 1000000 3"} (database: h2, postgresql or mariadb; rows; repetitions).
 */
public final class ScanBenchmark {
    private static final String REFERENCE = "bn_note(partner_id)";
    private static final long SMALL_CHUNKS = 100_000;

    private final String database;
    private final SessionFactory factory;

    private ScanBenchmark(String database, SessionFactory factory) {
        this.database = database;
        this.factory = factory;
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String database = args.length > 0 ? args[0] : "h2";
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (SessionFactory factory = BenchSupport.open(database)) {
            new ScanBenchmark(database, factory).run(rows, repetitions);
        }
    }

    private void run(long rows, int repetitions) {
        long dangling = generate(rows);
        AssociationGraphs.of(factory); // the graph is built once per factory; not part of the scan's time
        List<Long> hand = new ArrayList<>();
        List<Long> chunked = new ArrayList<>();
        List<Long> whole = new ArrayList<>();
        int statements = 0;
        int smallStatements = 0;
        for (int i = 0; i <= repetitions; i++) {
            // a condition true for every row, different each round: H2 would answer a repeated query from its cache
            String everyRow = " and r.id > " + (-1 - i);
            long start = System.nanoTime();
            long count = BenchSupport.jdbc(factory, s -> BenchSupport.count(s, "select count(*) from bn_note r "
                    + "left join bn_partner p on p.id = r.partner_id where r.partner_id is not null and p.id is null"
                    + everyRow));
            long handNanos = System.nanoTime() - start;
            BenchSupport.check("hand SQL", "dangling rows", count, dangling);

            start = System.nanoTime();
            IntegrityFinding finding = scan(IntegrityScan.DEFAULT_CHUNK_SIZE);
            long chunkedNanos = System.nanoTime() - start;
            BenchSupport.check("scan", "dangling rows", finding.danglingRows(), dangling);
            statements = finding.statements();

            start = System.nanoTime();
            finding = scan(SMALL_CHUNKS);
            long wholeNanos = System.nanoTime() - start;
            BenchSupport.check("scan in small chunks", "dangling rows", finding.danglingRows(), dangling);
            smallStatements = finding.statements();
            if (i > 0) { // the first round warms up
                hand.add(handNanos);
                chunked.add(chunkedNanos);
                whole.add(wholeNanos);
            }
        }
        long handMedian = BenchSupport.median(hand);
        long chunkedMedian = BenchSupport.median(chunked);
        long wholeMedian = BenchSupport.median(whole);
        System.out.printf(Locale.ROOT, "%s, %,d referencing rows (%,d dangling), median of %d:%n", database, rows,
                dangling, repetitions);
        System.out.printf(Locale.ROOT, "  hand-written LEFT JOIN ... IS NULL count: %8.1f ms%n", ms(handMedian));
        System.out.printf(Locale.ROOT, "  IntegrityScan, chunks of %,d (%d statements): %8.1f ms  ratio %.2f%n",
                IntegrityScan.DEFAULT_CHUNK_SIZE, statements, ms(chunkedMedian),
                BenchSupport.ratio(chunkedMedian, handMedian));
        System.out.printf(Locale.ROOT, "  IntegrityScan, chunks of %,d (%d statements): %8.1f ms  ratio %.2f%n",
                SMALL_CHUNKS, smallStatements, ms(wholeMedian), BenchSupport.ratio(wholeMedian, handMedian));
    }

    private IntegrityFinding scan(long chunkSize) {
        return IntegrityScan.of(factory).only(REFERENCE).samples(5).chunkSize(chunkSize).run().findings().get(0);
    }

    /** N/10 partners; N notes, every 100th pointing at a partner id above them all; returns how many dangle. */
    private long generate(long rows) {
        long partners = Math.max(1, rows / 10);
        BenchSupport.jdbc(factory, s -> {
            BenchSupport.clear(s);
            s.executeUpdate("insert into bn_partner (id, name) select n, concat('partner ', n) from "
                    + BenchSupport.series(database, partners));
            s.execute(switchChecks(false));
            s.executeUpdate("insert into bn_note (id, text, partner_id) select n, 'row', case when mod(n, 100) = 0 "
                    + "then " + partners + " + n else mod(n, " + partners + ") + 1 end from "
                    + BenchSupport.series(database, rows));
            s.execute(switchChecks(true));
            return 0;
        });
        if (database.equals("postgresql")) {
            BenchSupport.jdbc(factory, s -> {
                s.execute("analyze bn_partner");
                s.execute("analyze bn_note");
                return 0;
            });
        }
        return rows / 100;
    }

    /** The FK check off while loading (every 100th row points at nothing), on again afterwards. */
    private String switchChecks(boolean on) {
        return switch (database) {
            case "h2" -> "set referential_integrity " + on;
            case "postgresql" -> "set session_replication_role = " + (on ? "origin" : "replica");
            default -> "set foreign_key_checks = " + (on ? 1 : 0);
        };
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
