package org.safemerge.hibernate.internal.compat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;

/**
 * The connection lock wait for Hibernate generations without {@code ConnectionLockTimeoutStrategy} (6.6, 7.0), on the
 * databases that take the wait on the connection rather than in the SQL, set the way Hibernate 7.1+ sets it:
 * PostgreSQL's {@code lock_timeout} (transaction-local) and MySQL's {@code innodb_lock_wait_timeout}. H2 and MariaDB
 * take the wait in the {@code FOR UPDATE} clause.
 */
final class LegacyLockTimeout {
    private LegacyLockTimeout() {
    }

    static HibernateCompat.LockTimeoutReset set(Connection connection, Dialect dialect, Duration wait)
            throws SQLException {
        long millis = Math.max(1, wait.toMillis());
        if (dialect instanceof PostgreSQLDialect) {
            String previous = read(connection, "select current_setting('lock_timeout', true)");
            execute(connection, "set local lock_timeout = " + millis);
            return previous == null ? HibernateCompat.LockTimeoutReset.NONE
                    : c -> execute(c, "set local lock_timeout = '" + previous.replace("'", "''") + "'");
        }
        if (dialect instanceof MySQLDialect && !(dialect instanceof MariaDBDialect)) {
            String previous = read(connection, "select @@SESSION.innodb_lock_wait_timeout");
            execute(connection, "set @@SESSION.innodb_lock_wait_timeout = " + Math.max(1, (millis + 999) / 1000));
            return previous == null ? HibernateCompat.LockTimeoutReset.NONE
                    : c -> execute(c, "set @@SESSION.innodb_lock_wait_timeout = " + Long.parseLong(previous.trim()));
        }
        return HibernateCompat.LockTimeoutReset.NONE;
    }

    private static String read(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
