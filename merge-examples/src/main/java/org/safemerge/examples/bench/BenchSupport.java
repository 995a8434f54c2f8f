package org.safemerge.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.hibernate.guard.StatementCounter;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/**
 * What the merge benchmarks share: the session factory on the benchmark model, JDBC work in one transaction, the
 * dialect bits of data generation, verification checks, medians and ratios, and the heap sampler.
 */
final class BenchSupport {
    private BenchSupport() {
    }

    /** A session factory on the benchmark model; its tables are created now and dropped when it closes. */
    static SessionFactory open(String database) {
        return open(database, BenchDomain.ENTITIES, null);
    }

    /** The JDBC URL, user and password of a benchmark database (h2, postgresql or mariadb). */
    static String[] connectionSettings(String database) {
        String url = switch (database) {
            case "h2" -> System.getProperty("bench.url", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
            case "postgresql" -> System.getProperty("bench.url", "jdbc:postgresql://127.0.0.1:5432/test");
            case "mariadb" -> System.getProperty("bench.url", "jdbc:mariadb://127.0.0.1:3306/test");
            default -> throw new IllegalArgumentException("database must be h2, postgresql or mariadb: " + database);
        };
        return new String[] {url, database.equals("h2") ? "sa" : database.equals("postgresql") ? "postgres" : "root",
            ""};
    }

    /**
     * A session factory on the given entities, connections from {@code counter} when it is not null (statements
     * counted); its tables are created now and dropped when it closes.
     */
    static SessionFactory open(String database, List<Class<?>> entities, StatementCounter counter) {
        Map<String, Object> settings = new HashMap<>();
        if (counter != null) {
            settings.put(AvailableSettings.CONNECTION_PROVIDER, counter);
        }
        String[] connection = connectionSettings(database);
        settings.put(AvailableSettings.JAKARTA_JDBC_URL, connection[0]);
        settings.put(AvailableSettings.JAKARTA_JDBC_USER, connection[1]);
        settings.put(AvailableSettings.JAKARTA_JDBC_PASSWORD, connection[2]);
        // create-drop: the benchmark leaves no tables behind in the database it borrows
        settings.put(AvailableSettings.HBM2DDL_AUTO, "create-drop");
        settings.put(AvailableSettings.STATEMENT_BATCH_SIZE, 100);
        settings.put(AvailableSettings.ORDER_UPDATES, true);
        MetadataSources sources = new MetadataSources(new StandardServiceRegistryBuilder().applySettings(settings)
                .build());
        entities.forEach(sources::addAnnotatedClass);
        return sources.buildMetadata().buildSessionFactory();
    }

    /** A derived table {@code s} with one column {@code n} holding 1..n, in the database's dialect. */
    static String series(String database, long n) {
        return switch (database) {
            case "h2" -> "(select x as n from system_range(1, " + n + ")) s";
            case "postgresql" -> "generate_series(1, " + n + ") as s(n)";
            default -> "(select seq as n from seq_1_to_" + n + ") s";
        };
    }

    /**
     * Drops every index whose first column is {@code partner_id} on the given tables; on H2 and MariaDB the FK
     * constraints on that column first (each needs an index there), on PostgreSQL they stay (as Hibernate's schema
     * export leaves them there: without an index).
     */
    static void dropForeignKeyIndexes(SessionFactory factory, String database, List<String> tables) {
        connection(factory, c -> {
            java.sql.DatabaseMetaData meta = c.getMetaData();
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    String stored = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(java.util.Locale.ROOT)
                            : table;
                    if (!database.equals("postgresql")) {
                        List<String> constraints = new ArrayList<>();
                        try (var rs = meta.getImportedKeys(c.getCatalog(), null, stored)) {
                            while (rs.next()) {
                                if (rs.getString("FKCOLUMN_NAME").equalsIgnoreCase("partner_id")) {
                                    constraints.add(rs.getString("FK_NAME"));
                                }
                            }
                        }
                        for (String constraint : constraints) {
                            s.execute("alter table " + table + (database.equals("mariadb") ? " drop foreign key "
                                    : " drop constraint ") + constraint);
                        }
                    }
                    List<String> indexes = new ArrayList<>();
                    try (var rs = meta.getIndexInfo(c.getCatalog(), null, stored, false, false)) {
                        while (rs.next()) {
                            String column = rs.getString("COLUMN_NAME");
                            if (rs.getShort("ORDINAL_POSITION") == 1 && column != null
                                    && column.equalsIgnoreCase("partner_id") && rs.getBoolean("NON_UNIQUE")
                                    && !indexes.contains(rs.getString("INDEX_NAME"))) {
                                indexes.add(rs.getString("INDEX_NAME"));
                            }
                        }
                    }
                    for (String index : indexes) {
                        s.execute(database.equals("mariadb") ? "alter table " + table + " drop index " + index
                                : "drop index " + index);
                    }
                }
            }
            return 0;
        });
    }

    /**
     * Empties every table of the benchmark model. On PostgreSQL with one TRUNCATE: without FK indexes
     * ({@code noindex}), deleting the partners row by row scans every referencing table once per partner.
     */
    static void clear(Statement s) throws SQLException {
        if (s.getConnection().getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL")) {
            s.executeUpdate("truncate table " + String.join(", ", BenchDomain.RECORD_TABLES)
                    + ", bn_partner_tag, bn_partner, bn_tag");
            return;
        }
        for (String table : BenchDomain.RECORD_TABLES) {
            s.executeUpdate("delete from " + table);
        }
        s.executeUpdate("delete from bn_partner_tag");
        s.executeUpdate("delete from bn_partner");
        s.executeUpdate("delete from bn_tag");
    }

    /** Tags 1..count named {@code tag n}. */
    static void insertTags(Statement s, String database, int count) throws SQLException {
        s.executeUpdate("insert into bn_tag (id, name) select n, concat('tag ', n) from " + series(database, count));
    }

    static long count(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Checks one merge of the 8-table partner schema: {@code rowsOnSurvivor} rows of each record table on the
     * survivor, the duplicate gone, the {@code tags} intact and the survivor's links their union.
     */
    static void checkPartnerMerged(Statement s, String contender, long survivor, long duplicate, long rowsOnSurvivor,
            int tags) throws SQLException {
        for (String table : BenchDomain.RECORD_TABLES) {
            check(contender, table + " rows on survivor", count(s, "select count(*) from " + table
                    + " where partner_id = " + survivor), rowsOnSurvivor);
        }
        check(contender, "duplicate gone", count(s, "select count(*) from bn_partner where id = " + duplicate), 0);
        check(contender, "tags intact", count(s, "select count(*) from bn_tag"), tags);
        check(contender, "survivor's links = union", count(s, "select count(*) from bn_partner_tag where "
                + "partner_id = " + survivor), tags);
    }

    static void check(String contender, String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(contender + ": " + what + " is " + actual + ", expected " + expected
                    + " — its time does not count");
        }
    }

    /** Work on one JDBC connection in one transaction. */
    @FunctionalInterface
    interface JdbcWork {
        long run(Statement statement) throws SQLException;
    }

    /** Work on one JDBC connection with the connection itself, in one transaction. */
    @FunctionalInterface
    interface ConnectionWork {
        long run(Connection connection) throws SQLException;
    }

    static long jdbc(SessionFactory factory, JdbcWork work) {
        return connection(factory, c -> {
            try (Statement s = c.createStatement()) {
                return work.run(s);
            }
        });
    }

    static long connection(SessionFactory factory, ConnectionWork work) {
        return factory.fromTransaction(session -> session.doReturningWork(work::run));
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static double mb(List<Long> bytes) {
        return median(bytes) / (1024.0 * 1024.0);
    }

    static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** Counts the row ids of the re-pointed references a merge audits (the per-row audit trail). */
    static final class RepointedRowIds implements AuditListener {
        private final AtomicLong ids = new AtomicLong();

        @Override
        public void onEvent(AuditEvent event) {
            if (event instanceof AuditEvent.ReferencesRepointed r) {
                ids.addAndGet(r.rowIds().size());
            }
        }

        long get() {
            return ids.get();
        }
    }

    /** Samples used heap on a background thread; reports the peak growth over the baseline. */
    static final class HeapSampler implements Runnable {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private final long baseline;
        private volatile boolean running = true;
        private long peak;
        private final Thread thread;

        private HeapSampler() {
            System.gc();
            baseline = MEMORY.getHeapMemoryUsage().getUsed();
            peak = baseline;
            thread = new Thread(this, "heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            sampler.thread.start();
            return sampler;
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, MEMORY.getHeapMemoryUsage().getUsed());
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stop() {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Math.max(0, peak - baseline);
        }
    }
}
