package org.safemerge.hibernate.internal.exec;

import jakarta.persistence.Timeout;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.hibernate.JDBCException;
import org.hibernate.PessimisticLockException;
import org.hibernate.Session;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.lock.spi.ConnectionLockTimeoutStrategy;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.EntityType;

/**
 * Locks the id row of a record with {@code SELECT ... FOR UPDATE} on its root table. Hibernate 7.4's locking
 * {@code find} builds follow-on locks over every joined table and fails for entities with an inverse one-to-one
 * ("Unable to determine TableReference"); the row lock is all a merge needs, and this takes it the same way on
 * every dialect, honouring the timeout where the dialect puts it (in the SQL or on the connection).
 */
final class RowLocker {
    private final Session session;
    private final SessionFactoryImplementor factory;
    private final Duration timeout;

    RowLocker(Session session, SessionFactoryImplementor factory, Duration timeout) {
        this.session = session;
        this.factory = factory;
        this.timeout = timeout;
    }

    /** Returns whether the row exists. */
    boolean lock(EntityType type, Object id) {
        Dialect dialect = factory.getJdbcServices().getDialect();
        Timeout wait = Timeout.milliseconds((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        String idColumn = type.idColumns().get(0);
        String sql = "select " + idColumn + " from " + type.table() + " where " + idColumn + " = ?"
                + dialect.getWriteLockString(wait);
        ConnectionLockTimeoutStrategy strategy = dialect.getLockingSupport().getConnectionLockTimeoutStrategy();
        boolean onConnection = strategy.getSupportedLevel() != ConnectionLockTimeoutStrategy.Level.NONE;
        try {
            return session.doReturningWork(connection -> {
                Timeout previous = onConnection ? strategy.getLockTimeout(connection, factory) : null;
                if (onConnection) {
                    strategy.setLockTimeout(wait, connection, factory);
                }
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setObject(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                } catch (SQLException e) {
                    throw factory.getJdbcServices().getSqlExceptionHelper().convert(e, "locking " + type.name()
                            + " " + id, sql);
                } finally {
                    if (onConnection && previous != null && !connection.isClosed()) {
                        resetQuietly(strategy, previous, connection);
                    }
                }
            });
        } catch (PessimisticLockException e) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, type.name() + " " + id + " is locked by "
                    + "another transaction (another merge or an edit) and could not be locked within "
                    + timeout.toMillis() + " ms; nothing was changed, try again", e);
        } catch (JDBCException e) {
            throw new MergeException(MergeErrorCode.DATABASE_ERROR, "could not lock " + type.name() + " " + id + ": "
                    + e.getMessage(), e);
        }
    }

    private void resetQuietly(ConnectionLockTimeoutStrategy strategy, Timeout previous,
            java.sql.Connection connection) {
        try {
            strategy.setLockTimeout(previous, connection, factory);
        } catch (RuntimeException ignored) {
            // PostgreSQL refuses any statement after a failed lock; the transaction is rolled back anyway.
        }
    }
}
