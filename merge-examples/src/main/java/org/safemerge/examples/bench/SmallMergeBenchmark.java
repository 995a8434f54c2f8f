package org.safemerge.examples.bench;

import static org.safemerge.examples.bench.BenchSupport.check;
import static org.safemerge.examples.bench.BenchSupport.count;
import static org.safemerge.examples.bench.BenchSupport.median;
import static org.safemerge.examples.bench.BenchSupport.ratio;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.hibernate.SessionFactory;
import org.safemerge.examples.bench.BenchDomain.BenchPartner;
import org.safemerge.examples.bench.BenchErpDomain.ErpAccount;
import org.safemerge.examples.bench.BenchErpDomain.ErpRecord;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.guard.StatementCounter;

/**
 * The fixed cost of a small merge: many merges of different pairs per repetition, so that the time per merge is
 * stable, for three contenders interleaved in one run: hand-written SQL (the floor), naive JPA (select the
 * referencing entities, set the FK, remove; JDBC batching on) and SafeMerge (every re-pointed row id captured by
 * an audit listener). Two cases: the ERP-like schema ({@link BenchErpDomain}: an account referenced from 60 tables,
 * 0-3 rows each) and the 8-table schema of {@link MergeBenchmark} at R = 10 and R = 100 rows per table (20 tags,
 * half shared). Every result is verified before its time counts; medians; statements per merge counted at the
 * JDBC driver ({@link StatementCounter}; a JDBC batch counts once).
 *
 * <p>Run: {@code java -cp merge-examples/target/safemerge.jar org.safemerge.examples.bench.SmallMergeBenchmark
 * postgresql 5 erp,10,100} (database: h2, postgresql or mariadb; repetitions; cases).
 */
public final class SmallMergeBenchmark {
    private static final int ERP_PAIRS = Integer.getInteger("bench.pairs", 200);
    private static final int TAGS = 20;
    private static final List<String> CONTENDERS = List.of(System.getProperty("bench.contenders",
            "hand,safemerge,naive").split(","));

    private final String database;
    private final SessionFactory factory;
    private final StatementCounter counter;

    private SmallMergeBenchmark(String database, SessionFactory factory, StatementCounter counter) {
        this.database = database;
        this.factory = factory;
        this.counter = counter;
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String database = args.length > 0 ? args[0] : "h2";
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] cases = (args.length > 2 ? args[2] : "erp,10,100").split(",");
        String[] connection = BenchSupport.connectionSettings(database);
        StatementCounter counter = new StatementCounter(connection[0], connection[1], connection[2]);
        List<Class<?>> entities = new ArrayList<>(BenchErpDomain.ENTITIES);
        entities.addAll(BenchDomain.ENTITIES);
        try (SessionFactory factory = BenchSupport.open(database, entities, counter)) {
            new SmallMergeBenchmark(database, factory, counter).run(repetitions, cases);
        } finally {
            counter.closeAll();
        }
    }

    private void run(int repetitions, String[] cases) {
        System.out.printf("SafeMerge small-merge benchmark on %s: %d repetition(s) after 1 warm-up, contenders "
                + "interleaved, each a series of merges of different pairs; medians of ms per merge; statements per "
                + "merge as sent through JDBC (a batch counts once)%n%n", database, repetitions);
        System.out.printf("%-26s | %-16s | %-16s | %-16s | %-7s | %-8s%n", "case (merges/repetition)",
                "hand ms (stmts)", "SafeMerge ms (st)", "naive JPA ms (st)", "SM/hand", "SM/naive");
        for (String c : cases) {
            Case scenario = c.equals("erp") ? new ErpCase() : new PartnerCase(Integer.parseInt(c));
            Map<String, List<Double>> millis = new LinkedHashMap<>();
            Map<String, Double> statements = new HashMap<>();
            for (int rep = 0; rep <= repetitions; rep++) {
                for (String contender : CONTENDERS) {
                    scenario.generate();
                    long before = counter.statements();
                    long start = System.nanoTime();
                    long audited = 0;
                    for (int pair = 1; pair <= scenario.pairs(); pair++) {
                        audited += scenario.merge(contender, 2L * pair - 1, 2L * pair);
                    }
                    double perMerge = (System.nanoTime() - start) / 1e6 / scenario.pairs();
                    double stmts = (double) (counter.statements() - before) / scenario.pairs();
                    if (Boolean.getBoolean("bench.trace")) {
                        counter.executedSince(before).forEach(sql -> System.out.println("SQL " + sql));
                    }
                    scenario.verify(contender, audited);
                    if (rep > 0) {
                        millis.computeIfAbsent(contender, k -> new ArrayList<>()).add(perMerge);
                        statements.put(contender, stmts);
                    }
                }
            }
            double hand = medianOf(millis.get("hand"));
            double sm = medianOf(millis.get("safemerge"));
            double naive = millis.containsKey("naive") ? medianOf(millis.get("naive")) : Double.NaN;
            System.out.printf(Locale.ROOT, "%-26s | %7.2f (%6.1f) | %7.2f (%6.1f) | %7.2f (%6.1f) | %7.2f | %8.2f%n",
                    scenario.name(), hand, statements.get("hand"), sm, statements.get("safemerge"), naive,
                    statements.get("naive"), sm / hand, sm / naive);
        }
    }

    private static double medianOf(List<Double> values) {
        List<Long> nanos = values.stream().map(v -> Math.round(v * 1e6)).toList();
        return median(nanos) / 1e6;
    }

    /** One scenario: its data for all pairs, one merge of a pair by a contender, the check of the result. */
    private interface Case {
        String name();

        int pairs();

        void generate();

        /** Merges duplicate into survivor; the number of re-pointed row ids SafeMerge audited (else 0). */
        long merge(String contender, long survivor, long duplicate);

        void verify(String contender, long audited);
    }

    /** An account referenced from 60 tables, 0-3 rows each; accounts 2p-1 (survivor) and 2p (duplicate). */
    private final class ErpCase implements Case {
        @Override
        public String name() {
            return "60 tables, 0-3 rows (" + ERP_PAIRS + ")";
        }

        @Override
        public int pairs() {
            return ERP_PAIRS;
        }

        /** The number of rows of table t (1-based) on account a: 0 to 3, varied. */
        private static int rows(int table, long account) {
            return (int) ((account * 7 + table * 13 + account / 3) % 4);
        }

        @Override
        public void generate() {
            jdbc(s -> {
                for (String table : BenchErpDomain.TABLES) {
                    s.executeUpdate("delete from " + table);
                }
                s.executeUpdate("delete from erp_account");
                StringJoiner accounts = new StringJoiner(", ", "insert into erp_account (id, name) values ", "");
                for (long a = 1; a <= 2L * ERP_PAIRS; a++) {
                    accounts.add("(" + a + ", 'account " + (a + 1) / 2 + "')");
                }
                s.executeUpdate(accounts.toString());
                for (int t = 1; t <= BenchErpDomain.TABLE_COUNT; t++) {
                    StringJoiner rows = new StringJoiner(", ", "insert into " + BenchErpDomain.TABLES.get(t - 1)
                            + " (id, text, account_id) values ", "").setEmptyValue("");
                    for (long a = 1; a <= 2L * ERP_PAIRS; a++) {
                        for (int j = 1; j <= rows(t, a); j++) {
                            rows.add("(" + ((a - 1) * 3 + j) + ", 'row', " + a + ")");
                        }
                    }
                    if (rows.length() > 0) {
                        s.executeUpdate(rows.toString());
                    }
                }
                return 0;
            });
        }

        @Override
        public long merge(String contender, long survivor, long duplicate) {
            switch (contender) {
                case "hand" -> jdbc(s -> {
                    for (String table : BenchErpDomain.TABLES) {
                        s.executeUpdate("update " + table + " set account_id = " + survivor + " where account_id = "
                                + duplicate);
                    }
                    s.executeUpdate("delete from erp_account where id = " + duplicate);
                    return 0;
                });
                case "naive" -> factory.inTransaction(session -> {
                    ErpAccount s = session.find(ErpAccount.class, survivor);
                    ErpAccount d = session.find(ErpAccount.class, duplicate);
                    for (Class<? extends ErpRecord> type : BenchErpDomain.RECORD_TYPES) {
                        session.createSelectionQuery("from " + type.getAnnotation(jakarta.persistence.Entity.class)
                                .name() + " r where r.account = :a", type).setParameter("a", d).getResultList()
                                .forEach(r -> r.account(s));
                    }
                    session.remove(d);
                });
                default -> {
                    BenchSupport.RepointedRowIds ids = new BenchSupport.RepointedRowIds();
                    HibernateMerge.of(factory).plan(ErpAccount.class).survivor(survivor).duplicates(duplicate)
                            .audit(ids).build().execute();
                    return ids.get();
                }
            }
            return 0;
        }

        @Override
        public void verify(String contender, long audited) {
            jdbc(s -> {
                check(contender, "accounts left", count(s, "select count(*) from erp_account"), ERP_PAIRS);
                long moved = 0;
                for (int t = 1; t <= BenchErpDomain.TABLE_COUNT; t++) {
                    Map<Long, Long> expected = new HashMap<>();
                    for (long p = 1; p <= ERP_PAIRS; p++) {
                        long n = rows(t, 2 * p - 1) + rows(t, 2 * p);
                        moved += rows(t, 2 * p);
                        if (n > 0) {
                            expected.put(2 * p - 1, n);
                        }
                    }
                    Map<Long, Long> actual = new HashMap<>();
                    try (ResultSet rs = s.executeQuery("select account_id, count(*) from "
                            + BenchErpDomain.TABLES.get(t - 1) + " group by account_id")) {
                        while (rs.next()) {
                            actual.put(rs.getLong(1), rs.getLong(2));
                        }
                    }
                    if (!actual.equals(expected)) {
                        throw new IllegalStateException(contender + ": rows of " + BenchErpDomain.TABLES.get(t - 1)
                                + " per account are not the merged ones — its time does not count");
                    }
                }
                if (contender.equals("safemerge")) {
                    check(contender, "re-pointed row ids audited", audited, moved);
                }
                return 0;
            });
        }
    }

    /** The 8-table schema: duplicate 2p with R rows per table, survivor 2p-1 with R/10; 20 tags, half shared. */
    private final class PartnerCase implements Case {
        private final int size;
        private final int pairs;

        PartnerCase(int size) {
            this.size = size;
            this.pairs = Integer.getInteger("bench.pairs", size <= 10 ? 200 : Math.max(10, 5000 / size));
        }

        @Override
        public String name() {
            return "8 tables, R = " + size + " (" + pairs + ")";
        }

        @Override
        public int pairs() {
            return pairs;
        }

        @Override
        public void generate() {
            jdbc(s -> {
                BenchSupport.clear(s);
                BenchSupport.insertTags(s, database, TAGS);
                StringJoiner partners = new StringJoiner(", ", "insert into bn_partner (id, name) values ", "");
                StringJoiner links = new StringJoiner(", ", "insert into bn_partner_tag (partner_id, tag_id) values ",
                        "");
                for (long p = 1; p <= 2L * pairs; p++) {
                    partners.add("(" + p + ", 'partner " + (p + 1) / 2 + "')");
                    boolean duplicate = p % 2 == 0;
                    for (int tag = 1; tag <= TAGS; tag++) {
                        if (duplicate ? tag <= TAGS * 3 / 4 : tag > TAGS / 4) {
                            links.add("(" + p + ", " + tag + ")");
                        }
                    }
                }
                s.executeUpdate(partners.toString());
                s.executeUpdate(links.toString());
                int perPair = size + size / 10;
                for (String table : BenchDomain.RECORD_TABLES) {
                    StringJoiner rows = new StringJoiner(", ", "insert into " + table
                            + " (id, text, partner_id) values ", "");
                    for (long pair = 1; pair <= pairs; pair++) {
                        for (int j = 1; j <= perPair; j++) {
                            long owner = j <= size ? 2 * pair : 2 * pair - 1;
                            rows.add("(" + ((pair - 1) * perPair + j) + ", 'row', " + owner + ")");
                        }
                    }
                    s.executeUpdate(rows.toString());
                }
                return 0;
            });
        }

        @Override
        public long merge(String contender, long survivor, long duplicate) {
            switch (contender) {
                case "hand" -> jdbc(s -> {
                    for (String table : BenchDomain.RECORD_TABLES) {
                        s.executeUpdate("update " + table + " set partner_id = " + survivor + " where partner_id = "
                                + duplicate);
                    }
                    s.executeUpdate("delete from bn_partner_tag where partner_id = " + duplicate + " and tag_id in "
                            + "(select tag_id from (select tag_id from bn_partner_tag where partner_id = " + survivor
                            + ") x)");
                    s.executeUpdate("update bn_partner_tag set partner_id = " + survivor + " where partner_id = "
                            + duplicate);
                    s.executeUpdate("delete from bn_partner where id = " + duplicate);
                    return 0;
                });
                case "naive" -> factory.inTransaction(session -> {
                    BenchPartner s = session.find(BenchPartner.class, survivor);
                    BenchPartner d = session.find(BenchPartner.class, duplicate);
                    for (Class<? extends BenchDomain.Record> type : BenchDomain.RECORD_TYPES) {
                        session.createSelectionQuery("from " + type.getAnnotation(jakarta.persistence.Entity.class)
                                .name() + " r where r.partner = :p", type).setParameter("p", d).getResultList()
                                .forEach(r -> r.partner(s));
                    }
                    s.tags.addAll(d.tags);
                    d.tags.clear();
                    session.remove(d);
                });
                default -> {
                    BenchSupport.RepointedRowIds ids = new BenchSupport.RepointedRowIds();
                    HibernateMerge.of(factory).plan(BenchPartner.class).survivor(survivor).duplicates(duplicate)
                            .audit(ids).build().execute();
                    return ids.get();
                }
            }
            return 0;
        }

        @Override
        public void verify(String contender, long audited) {
            jdbc(s -> {
                check(contender, "partners left", count(s, "select count(*) from bn_partner"), pairs);
                for (String table : BenchDomain.RECORD_TABLES) {
                    check(contender, table + " rows on duplicates", count(s, "select count(*) from " + table
                            + " where mod(partner_id, 2) = 0"), 0);
                    check(contender, table + " survivors with every row", count(s, "select count(*) from (select "
                            + "partner_id from " + table + " group by partner_id having count(*) = "
                            + (size + size / 10) + ") x"), pairs);
                }
                check(contender, "tags intact", count(s, "select count(*) from bn_tag"), TAGS);
                check(contender, "survivors' links = union", count(s, "select count(*) from (select partner_id "
                        + "from bn_partner_tag group by partner_id having count(*) = " + TAGS + ") x"), pairs);
                check(contender, "links of survivors only", count(s, "select count(*) from bn_partner_tag"),
                        (long) TAGS * pairs);
                if (contender.equals("safemerge")) {
                    check(contender, "re-pointed row ids audited", audited, 8L * size * pairs);
                }
                return 0;
            });
        }
    }

    private long jdbc(BenchSupport.JdbcWork work) {
        return BenchSupport.jdbc(factory, work);
    }
}
