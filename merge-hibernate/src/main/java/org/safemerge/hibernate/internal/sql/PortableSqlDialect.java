package org.safemerge.hibernate.internal.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Any database Hibernate supports: standard SQL only, one statement per merge group, ids of changed rows captured
 * by a locking {@code SELECT} (the locking clause is Hibernate's for the database), identifiers quoted with the
 * database's quotes. Slower than a database's own dialect for batches, never wrong.
 */
final class PortableSqlDialect extends SqlDialect {

    PortableSqlDialect(Dialect hibernate) {
        super(hibernate);
    }

    @Override
    public String forUpdate() {
        return hibernate().getForUpdateString();
    }

    /** Hibernate's connection lock timeout for the database, where it has one. */
    @Override
    public LockTimeoutRestore lockTimeout(Connection connection, Duration timeout, boolean callerTransaction,
            SessionFactoryImplementor factory) throws SQLException {
        return hibernateLockTimeout(connection, timeout, factory);
    }

    @Override
    public BulkForm bulkForm() {
        return BulkForm.ONE_PER_GROUP;
    }

    /** Short lists: some databases cap parameters per statement (SQL Server: 2,100) or list lengths (Oracle: 1,000). */
    @Override
    public int groupsPerStatement() {
        return 500;
    }
}
