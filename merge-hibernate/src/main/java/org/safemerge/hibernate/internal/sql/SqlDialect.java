package org.safemerge.hibernate.internal.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.compat.HibernateSupport;

/**
 * Every decision the executor makes per database: identifier quoting, the row-locking clause, how the ids of
 * changed rows come back, and how one statement changes the rows of many merge groups (a batch chunk). One subclass
 * per database; {@link PortableSqlDialect} serves any other database Hibernate supports, with one statement per
 * group and ids captured by a locking {@code SELECT}. Adding a database means one subclass and its tests.
 *
 * <p>Set the system property {@value #FORCE_PROPERTY} to {@code portable} to run every database with the portable
 * fallback (a test mode: the whole suite also runs that way).
 */
public abstract class SqlDialect {
    /** System property: {@code portable} forces {@link PortableSqlDialect} on every database. */
    public static final String FORCE_PROPERTY = "safemerge.sql.dialect";

    /** How a statement changes the rows of many merge groups at once. */
    public enum BulkForm {
        /** One {@code UPDATE} joined to an inline map of (duplicate, survivor) pairs; see {@link #repoint}. */
        JOINED_MAP,
        /** Rows selected for all groups at once, changed by one JDBC batch of per-group statements. */
        JDBC_BATCHES,
        /** One statement per group, exactly as a single merge. */
        ONE_PER_GROUP
    }

    private final Dialect hibernate;

    protected SqlDialect(Dialect hibernate) {
        this.hibernate = hibernate;
    }

    /** The SQL dialect for Hibernate's dialect of a factory (or the portable one when forced). */
    public static SqlDialect of(Dialect dialect) {
        if ("portable".equalsIgnoreCase(System.getProperty(FORCE_PROPERTY, "").trim())) {
            return new PortableSqlDialect(dialect);
        } else if (dialect instanceof PostgreSQLDialect) {
            return new PostgreSqlDialect(dialect);
        } else if (dialect instanceof H2Dialect) {
            return new H2SqlDialect(dialect);
        } else if (dialect instanceof MySQLDialect) {
            return new MariaDbSqlDialect(dialect); // MariaDBDialect extends MySQLDialect
        }
        return new PortableSqlDialect(dialect);
    }

    /** Hibernate's dialect, for what Hibernate already decides (lock timeouts, exception conversion). */
    public Dialect hibernate() {
        return hibernate;
    }

    /** A name exactly as the database stores it, quoted with the database's quotes (a quote inside doubled). */
    public String quote(String storedName) {
        String close = String.valueOf(hibernate.closeQuote());
        return hibernate.openQuote() + storedName.replace(close, close + close) + close;
    }

    /** Appended to a {@code SELECT} to lock the rows it reads until the transaction ends. */
    public String forUpdate() {
        return " for update";
    }

    /**
     * Appended to a {@code SELECT} of the merged records' id rows: locks them, waiting at most {@code wait} where the
     * database takes the wait in the SQL (Hibernate's clause for the database; others get it on the connection).
     */
    public String forUpdate(Duration wait) {
        return HibernateSupport.compat().forUpdate(hibernate, wait);
    }

    /**
     * Whether {@code UPDATE ... RETURNING} (and {@code DELETE ... RETURNING}) report the changed rows, so that
     * one statement changes rows and names them, without a locking {@code SELECT} first.
     */
    public boolean returning() {
        return false;
    }

    /**
     * One statement that runs {@code mutation} (an {@code UPDATE} or, with {@code delete}, a {@code DELETE} of one
     * table) and returns {@code keys} of every row it changed, without a locking {@code SELECT} first; null where the
     * database has none. Default: {@code RETURNING} where {@link #returning()}.
     */
    public String mutationReturning(String mutation, String keys, boolean delete) {
        return returning() ? mutation + " returning " + keys : null;
    }

    /** Whether {@link #mutationsTogether} sends several mutations as one statement. */
    public boolean sendsMutationsTogether() {
        return false;
    }

    /**
     * One statement that runs every mutation (each an {@code UPDATE} of another table) and returns one row whose
     * column {@code i} is an SQL array of {@code keys[i]} of every row mutation {@code i} changed (NULL for none);
     * only where {@link #sendsMutationsTogether}.
     */
    public String mutationsTogether(List<String> mutations, List<String> keys) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " sends mutations one by one");
    }

    /**
     * Whether one {@code UNION ALL} of parenthesized {@code SELECT ... FOR UPDATE}s locks the rows of every branch,
     * so that row steps on several tables lock their rows in one round trip (where {@link #returning} is missing).
     */
    public boolean locksRowsTogether() {
        return false;
    }

    public abstract BulkForm bulkForm();

    /** Puts a connection's previous lock timeout back ({@link #lockTimeout}). */
    @FunctionalInterface
    public interface LockTimeoutRestore {
        /** Nothing to put back (the setting ends with the transaction). */
        LockTimeoutRestore NONE = connection -> {
        };

        void restore(Connection connection) throws SQLException;
    }

    /**
     * Bounds every wait for a row lock for the rest of the merge on this connection (the records, the referencing
     * rows, the deletes): set once per merge, the previous value read in the same round trip where it must be put
     * back. Null where neither this class nor Hibernate knows such a setting of the database (then only the
     * records' locks are bounded, where Hibernate puts the timeout into the locking SQL).
     *
     * @param callerTransaction the merge runs in the caller's transaction, which goes on after it: a
     *                          transaction-scoped setting must be put back too
     * @return what puts the previous value back, before the connection is given back (also after a failure)
     */
    public LockTimeoutRestore lockTimeout(Connection connection, Duration timeout, boolean callerTransaction,
            SessionFactoryImplementor factory)
            throws SQLException {
        return null;
    }

    /**
     * Hibernate's own way to set a connection's lock timeout where its dialect has one (through the Hibernate
     * generation's adapter), the previous value put back afterwards; null where it has none.
     */
    protected final LockTimeoutRestore hibernateLockTimeout(Connection connection, Duration timeout,
            SessionFactoryImplementor factory) throws SQLException {
        HibernateCompat.LockTimeoutReset reset = HibernateSupport.compat().setLockTimeout(connection, factory,
                hibernate, timeout);
        return reset == HibernateCompat.LockTimeoutReset.NONE ? null : reset::reset;
    }

    /** Runs one statement of the dialect's own SQL (no values from outside: numbers it formatted itself). */
    protected static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Two SQL expressions, each an integer hash of one row's key (its columns, quoted, joined as text), that a
     * query sums per record into the digest of a set of rows ({@code RowSet.digest}): order-independent, computed in
     * the statement that counts the rows, with no id list in memory. Two hashes of 32 bits each: a set of rows
     * replaced by another of the same size goes unnoticed with a chance of about 2^-64 per row. Null where the
     * database has no hash function ({@link PortableSqlDialect}): the rows are then digested as they are read.
     */
    public List<String> rowHashes(List<String> keyColumns) {
        return null;
    }

    /** The key columns as text ({@code textType}), joined with {@code '|'} between them. */
    protected static String keyText(List<String> keyColumns, String textType) {
        return keyColumns.size() == 1 ? "cast(" + keyColumns.get(0) + " as " + textType + ")"
                : "concat_ws('|', " + String.join(", ", keyColumns) + ")";
    }

    /**
     * The map as a derived table {@code sm_map(sm_d, sm_s)} of {@code pairs} rows; its parameters are the pairs
     * (duplicate, survivor) in order ({@link #addPairs}).
     */
    public String map(int pairs) {
        return "(values " + String.join(", ", Collections.nCopies(pairs, "(?, ?)")) + ") as sm_map(sm_d, sm_s)";
    }

    /**
     * Sets {@code column} of the rows of {@code table} whose {@code column} is a duplicate of the map to its
     * survivor (both quoted). Only for {@link BulkForm#JOINED_MAP}.
     */
    public String repoint(String table, String column, int pairs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no joined update");
    }

    /**
     * Nulls {@code column} of the rows pointing at a duplicate of the map and returns, after the row key, the
     * duplicate each pointed at; null where {@link #returning} is false (then rows are selected first).
     */
    public String unassignReturningDuplicate(String table, String column, int pairs) {
        return null;
    }

    /**
     * Whether the identical-link test of a bulk statement may read the changed table in a correlated
     * {@code EXISTS}; otherwise it uses a row-value {@code IN} over a derived table (MariaDB may not read the table
     * it deletes from in a correlated subquery).
     */
    public boolean correlatedIdenticalTest() {
        return true;
    }

    /** {@code column} is one of {@code count} values; the parameters come from {@link #addIn}. */
    public String in(String column, int count) {
        return column + " in (" + placeholders(count) + ")";
    }

    /** The parameters of {@link #in}. */
    public void addIn(List<Object> params, List<Object> values) {
        params.addAll(values);
    }

    /**
     * Ids per statement that locks or loads records by an id list: well inside every database's limits on
     * parameters (SQL Server: 2,100) and IN lists (Oracle: 1,000).
     */
    public int idsPerStatement() {
        return 500;
    }

    /** Merge groups (or records) per statement: well inside the database's limits on parameters and lists. */
    public int groupsPerStatement() {
        return 1000;
    }

    /** {@code ?, ?, ...}: {@code count} parameters. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** The parameters of {@link #map}: (duplicate, survivor) pairs in order. */
    public static void addPairs(List<Object> params, List<Object> duplicates, List<Object> survivors) {
        for (int i = 0; i < duplicates.size(); i++) {
            params.add(duplicates.get(i));
            params.add(survivors.get(i));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
