package org.safemerge.hibernate.internal.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.JDBCException;
import org.hibernate.PessimisticLockException;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.hibernate.internal.sql.SqlDialect;

/**
 * Locks the id row of a record with {@code SELECT ... FOR UPDATE} on its root table. Hibernate 7.4's locking
 * {@code find} builds follow-on locks over every joined table and fails for entities with an inverse one-to-one
 * ("Unable to determine TableReference"); the row lock is all a merge needs, and this takes it the same way on
 * every dialect, honouring the timeout where the dialect puts it (in the SQL or on the connection).
 */
final class RowLocker {
    /** Up to this many records (one merge, usually), each is locked by a statement of its own. */
    private static final int ONE_BY_ONE = 16;

    private final StoreContext context;
    private final Duration timeout;

    RowLocker(StoreContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /**
     * Locks the rows that exist, in the order given ({@code ORDER BY} the id, so give them sorted), with one
     * statement per slice of ids, and returns the ids found.
     */
    Set<IdKey> lock(EntityType type, List<Object> ids) {
        SessionFactoryImplementor factory = context.factory;
        Dialect dialect = context.dialect.hibernate();
        String table = context.names.table(type);
        String idColumn = context.names.idColumn(type);
        HibernateCompat compat = HibernateSupport.compat();
        // set once for the whole merge where the dialect can (LockWaits); else here, around each statement
        boolean onConnection = !context.lockTimeoutOnConnection;
        Set<IdKey> found = new HashSet<>();
        // one merge locks row by row, so that a timeout names the record another transaction holds
        int step = ids.size() <= ONE_BY_ONE ? 1 : context.dialect.idsPerStatement();
        for (int from = 0; from < ids.size(); from += step) {
            List<Object> slice = ids.subList(from, Math.min(ids.size(), from + step));
            String sql = "select " + idColumn + " from " + table + " where " + idColumn
                    + (slice.size() == 1 ? " = ?" : " in (" + SqlDialect.placeholders(slice.size()) + ") order by "
                    + idColumn) + context.dialect.forUpdate(timeout);
            String what = type.name() + " " + (slice.size() == 1 ? slice.get(0) : slice);
            try {
                context.session.doWork(connection -> {
                    HibernateCompat.LockTimeoutReset reset = onConnection
                            ? compat.setLockTimeout(connection, factory, dialect, timeout)
                            : HibernateCompat.LockTimeoutReset.NONE;
                    try (PreparedStatement ps = connection.prepareStatement(sql)) {
                        for (int i = 0; i < slice.size(); i++) {
                            ps.setObject(i + 1, slice.get(i));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                found.add(IdKey.of(rs.getObject(1)));
                            }
                        }
                    } catch (SQLException e) {
                        throw factory.getJdbcServices().getSqlExceptionHelper().convert(e, "locking " + what, sql);
                    } finally {
                        if (reset != HibernateCompat.LockTimeoutReset.NONE && !connection.isClosed()) {
                            resetQuietly(reset, connection);
                        }
                    }
                });
            } catch (PessimisticLockException e) {
                throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, what + " is locked by another "
                        + "transaction (another merge or an edit) and could not be locked within "
                        + timeout.toMillis() + " ms (waiting on table " + table + "); nothing was changed, try "
                        + "again", e);
            } catch (JDBCException e) {
                if (ConcurrencyErrors.kind(e) != ConcurrencyErrors.Kind.OTHER) {
                    throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, what + " (table " + table
                            + ") could not be locked: "
                            + "another transaction holds it (" + e.getMessage() + "); nothing was changed, try "
                            + "again", e);
                }
                throw new MergeException(MergeErrorCode.DATABASE_ERROR, "could not lock " + what + ": "
                        + e.getMessage(), e);
            }
        }
        return found;
    }

    private static void resetQuietly(HibernateCompat.LockTimeoutReset reset, java.sql.Connection connection) {
        try {
            reset.reset(connection);
        } catch (SQLException | RuntimeException ignored) {
            // PostgreSQL refuses any statement after a failed lock; the transaction is rolled back anyway.
        }
    }
}
