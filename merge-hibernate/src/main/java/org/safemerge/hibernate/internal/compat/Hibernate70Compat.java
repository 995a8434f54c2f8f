package org.safemerge.hibernate.internal.compat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.hibernate.Session;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate 7.0: besides what 7.1 lacks, no per-attribute {@code @OnDelete} actions at run time (the boot model's
 * foreign keys and the catalog supply them) and no connection lock-timeout strategy (SafeMerge sets the wait
 * itself, {@link LegacyLockTimeout}).
 */
class Hibernate70Compat extends Hibernate71Compat {
    @Override
    public String generation() {
        return "7.0";
    }

    /**
     * 7.0's dirty check fails with a {@code NullPointerException} on some persistence contexts (an entity without
     * its entry); then the session counts as dirty, so that nothing unflushed can be taken down by a merge.
     */
    @Override
    public boolean isDirty(Session session) {
        try {
            return session.isDirty();
        } catch (NullPointerException e) {
            return true;
        }
    }

    @Override
    public OnDeleteAction[] propertyOnDeleteActions(EntityPersister persister) {
        return null;
    }

    @Override
    @SuppressWarnings("deprecation")
    public String forUpdate(Dialect dialect, Duration wait) {
        return dialect.getWriteLockString(millis(wait));
    }

    @Override
    public LockTimeoutReset setLockTimeout(Connection connection, SessionFactoryImplementor factory, Dialect dialect,
            Duration wait) throws SQLException {
        return LegacyLockTimeout.set(connection, dialect, wait);
    }
}
