package org.safemerge.hibernate.internal.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * MariaDB and MySQL: {@code UPDATE ... JOIN (SELECT ... UNION ALL ...)} to the map; ids of changed rows come from a
 * locking {@code SELECT} first (no {@code RETURNING} on {@code UPDATE}).
 */
final class MariaDbSqlDialect extends SqlDialect {

    MariaDbSqlDialect(Dialect hibernate) {
        super(hibernate);
    }

    /** {@code crc32} (unsigned 32 bits; sums are decimal): the text, and the text salted. */
    @Override
    public List<String> rowHashes(List<String> keyColumns) {
        String text = keyText(keyColumns, "char");
        return List.of("crc32(" + text + ")", "crc32(concat(" + text + ", '#'))");
    }

    /**
     * {@code innodb_lock_wait_timeout} (whole seconds, rounded up; 0 does not wait), session-scoped: the previous
     * value is kept in a session variable by the statement that sets the new one, and put back after the merge.
     */
    @Override
    public LockTimeoutRestore lockTimeout(Connection connection, Duration timeout, boolean callerTransaction,
            SessionFactoryImplementor factory)
            throws SQLException {
        long seconds = (timeout.toMillis() + 999) / 1000;
        execute(connection, "set @sm_lock_wait = @@session.innodb_lock_wait_timeout, session "
                + "innodb_lock_wait_timeout = " + seconds);
        return c -> execute(c, "set session innodb_lock_wait_timeout = @sm_lock_wait");
    }

    @Override
    public boolean locksRowsTogether() {
        return true;
    }

    @Override
    public BulkForm bulkForm() {
        return BulkForm.JOINED_MAP;
    }

    /** A {@code UNION ALL} of selects: MariaDB has no {@code VALUES} list with column names. */
    @Override
    public String map(int pairs) {
        return "(select ? as sm_d, ? as sm_s" + " union all select ?, ?".repeat(pairs - 1) + ") sm_map";
    }

    @Override
    public String repoint(String table, String column, int pairs) {
        return "update " + table + " join " + map(pairs) + " on " + table + "." + column + " = sm_map.sm_d set "
                + table + "." + column + " = sm_map.sm_s";
    }

    @Override
    public boolean correlatedIdenticalTest() {
        return false;
    }
}
