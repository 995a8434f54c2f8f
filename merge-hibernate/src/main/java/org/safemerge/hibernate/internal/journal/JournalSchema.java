package org.safemerge.hibernate.internal.journal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.Session;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;

/**
 * The journal's tables per database: the DDL (the same as the shipped scripts
 * {@code org/safemerge/hibernate/journal/{h2,postgresql,mariadb}.sql} for the default prefix), creating and
 * dropping them, and the check that they exist.
 */
public final class JournalSchema {
    /** The databases the DDL is written for; others get the portable form. */
    public enum Database {
        H2("timestamp(6)", "varchar(1000000)"),
        POSTGRESQL("timestamp(6)", "text"),
        MARIADB("datetime(6)", "longtext"),
        OTHER("timestamp", "varchar(4000)");

        final String timestamp;
        final String text;

        Database(String timestamp, String text) {
            this.timestamp = timestamp;
            this.text = text;
        }

        public static Database of(Dialect dialect) {
            if (dialect instanceof PostgreSQLDialect) {
                return POSTGRESQL;
            } else if (dialect instanceof H2Dialect) {
                return H2;
            } else if (dialect instanceof MySQLDialect) {
                return MARIADB;
            }
            return OTHER;
        }

        public static Database of(SessionFactory factory) {
            return of(factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect());
        }
    }

    /** Factories (by identity) and prefixes whose tables are known to exist. */
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private JournalSchema() {
    }

    /** The CREATE statements, each without its terminating semicolon. */
    public static List<String> statements(Database db, JournalConfig config) {
        String ts = db.timestamp;
        String text = db.text;
        String p = config.tablePrefix();
        return List.of(
                "create table " + config.mergeTable() + " (merge_id varchar(64) not null primary key, "
                        + "entity varchar(255) not null, survivor_id varchar(255), duplicate_ids " + text + ", "
                        + "principal varchar(255), started_at " + ts + " not null, ended_at " + ts + ", "
                        + "outcome varchar(16) not null, error_code varchar(64), reason " + text + ", options "
                        + text + ", undo_of varchar(64), undone_by varchar(64), batch_id varchar(64))",
                "create index " + p + "merge_started on " + config.mergeTable() + " (started_at)",
                "create table " + config.recordTable() + " (merge_id varchar(64) not null, entity varchar(255) "
                        + "not null, record_id varchar(255) not null, role varchar(16) not null, "
                        + "primary key (merge_id, record_id, role))",
                "create index " + p + "merge_record_by_record on " + config.recordTable() + " (entity, record_id)",
                "create table " + config.changeTable() + " (merge_id varchar(64) not null, seq integer not null, "
                        + "kind varchar(32) not null, table_name varchar(255), reference varchar(512), fk_columns "
                        + text + ", from_id varchar(255), to_id varchar(255), attribute varchar(255), "
                        + "before_value " + text + ", after_value " + text + ", row_ids " + text + ", detail "
                        + text + ", primary key (merge_id, seq))",
                "create table " + config.imageTable() + " (merge_id varchar(64) not null, seq integer not null, "
                        + "image_seq integer not null, op varchar(8) not null, table_name varchar(512) not null, row_key " + text + ", "
                        + "image " + text + " not null, primary key (merge_id, image_seq))");
    }

    /** The DDL script: the statements, each ending with a semicolon and a line break. */
    public static String ddl(Database db, JournalConfig config) {
        StringBuilder out = new StringBuilder();
        for (String statement : statements(db, config)) {
            out.append(statement).append(";\n");
        }
        return out.toString();
    }

    /** The DROP statements. */
    public static List<String> dropStatements(JournalConfig config) {
        return List.of("drop table " + config.imageTable(), "drop table " + config.changeTable(),
                "drop table " + config.recordTable(), "drop table " + config.mergeTable());
    }

    /** Creates the tables in a transaction of its own. */
    public static void create(SessionFactory factory, JournalConfig config) {
        Database db = Database.of(factory);
        inOwnTransaction(factory, connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(db, config)) {
                    statement.execute(sql);
                }
            }
        }, "create the journal tables");
        KNOWN.add(key(factory, config));
    }

    /** Drops the tables that exist, in a transaction of its own. */
    public static void drop(SessionFactory factory, JournalConfig config) {
        KNOWN.remove(key(factory, config));
        inOwnTransaction(factory, connection -> {
            List<String> drops = dropStatements(config);
            String[] tables = {config.imageTable(), config.changeTable(), config.recordTable(),
                    config.mergeTable()};
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < tables.length; i++) {
                    if (exists(connection, tables[i])) {
                        statement.execute(drops.get(i));
                    }
                }
            }
        }, "drop the journal tables");
    }

    /**
     * Makes sure the tables exist before a merge writes to them: creates them when the journal auto-creates, else
     * refuses with JOURNAL_FAILED saying how to create them. Checked once per factory and prefix.
     */
    public static void ensure(SessionFactory factory, JournalConfig config) {
        String key = key(factory, config);
        if (KNOWN.contains(key)) {
            return;
        }
        boolean[] exists = new boolean[1];
        inOwnTransaction(factory, connection -> exists[0] = exists(connection, config.mergeTable()),
                "look up the journal tables");
        if (exists[0]) {
            KNOWN.add(key);
        } else if (config.autoCreate()) {
            synchronized (JournalSchema.class) {
                boolean[] again = new boolean[1];
                inOwnTransaction(factory, connection -> again[0] = exists(connection, config.mergeTable()),
                        "look up the journal tables");
                if (!again[0]) {
                    create(factory, config);
                }
                KNOWN.add(key);
            }
        } else {
            throw missing(config, null);
        }
    }

    /** JOURNAL_FAILED saying the tables are missing and how to create them. */
    public static MergeException missing(JournalConfig config, Throwable cause) {
        return new MergeException(MergeErrorCode.JOURNAL_FAILED, "the merge journal's tables ("
                + config.mergeTable() + ", " + config.recordTable() + ", " + config.changeTable() + ", "
                + config.imageTable() + ") are missing or cannot be written; nothing was changed. Create them with "
                + "the journal's DDL (MergeJournal.ddl(sessionFactory), the shipped scripts "
                + "org/safemerge/hibernate/journal/<database>.sql, or the CLI's journal-ddl), or build the journal "
                + "with autoCreate(true)" + (cause == null ? "" : ": " + cause), cause);
    }

    /** Forgets which tables are known to exist (after they were dropped behind the journal's back). */
    public static void forget() {
        KNOWN.clear();
    }

    private static String key(SessionFactory factory, JournalConfig config) {
        return System.identityHashCode(factory) + "/" + config.tablePrefix();
    }

    static boolean exists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
            // this connection's schema only: tables of the same name elsewhere are not ours
            try (ResultSet rs = meta.getTables(connection.getCatalog(), connection.getSchema(), name,
                    new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Work on a connection of its own, in a transaction of its own. */
    interface ConnectionWork {
        void run(Connection connection) throws SQLException;
    }

    /**
     * How many dead connections a pool may hand out before {@link #inOwnTransaction} gives up: after a merge's
     * connection was killed (a network failure, a killed backend) its pool may still hold dead ones, and the record
     * of the rolled-back merge must not be lost to them. Hibernate's own pool discards a dead connection when it
     * comes back; HikariCP and others validate on checkout.
     */
    private static final int DEAD_CONNECTIONS_SKIPPED = 4;
    private static final int CONNECTION_CHECK_SECONDS = 5;

    /** Runs {@code work} on a live connection of its own, in a transaction of its own. */
    static void inOwnTransaction(SessionFactory factory, ConnectionWork work, String what) {
        for (int attempt = 1;; attempt++) {
            boolean[] dead = {false};
            try (Session session = factory.openSession()) {
                session.doWork(connection -> {
                    if (!connection.isValid(CONNECTION_CHECK_SECONDS)) {
                        dead[0] = true; // nothing done on it: safe to try another
                        return;
                    }
                    boolean autoCommit = connection.getAutoCommit();
                    connection.setAutoCommit(false);
                    try {
                        work.run(connection);
                        connection.commit();
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(autoCommit);
                    }
                });
            } catch (MergeException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!dead[0]) {
                    throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "could not " + what + ": " + e, e);
                }
                // giving a dead connection back can fail too; it is discarded either way
            }
            if (!dead[0]) {
                return;
            }
            if (attempt == DEAD_CONNECTIONS_SKIPPED) {
                throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "could not " + what + ": the connection "
                        + "pool handed out " + attempt + " dead connections in a row");
            }
        }
    }

}
