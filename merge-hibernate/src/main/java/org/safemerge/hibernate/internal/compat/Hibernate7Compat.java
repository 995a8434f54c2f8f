package org.safemerge.hibernate.internal.compat;

import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Timeout;
import jakarta.persistence.metamodel.ManagedType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.lock.spi.ConnectionLockTimeoutStrategy;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.AbstractEvent;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Table;
import org.hibernate.metamodel.mapping.TableDetails;
import org.hibernate.metamodel.model.domain.JpaMetamodel;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate 7.2 and newer (the build's own version): every call straight to the API. The older generations
 * override what they lack.
 */
class Hibernate7Compat implements HibernateCompat {
    @Override
    public String generation() {
        return "7.2+";
    }

    @Override
    public String jpaEntityName(EntityPersister persister) {
        return persister.getJpaEntityName();
    }

    @Override
    public String tableName(CollectionPersister persister) {
        return persister.getTableName();
    }

    @Override
    public ManagedType<?> findEntityType(JpaMetamodel metamodel, String entityName) {
        return metamodel.findEntityType(entityName);
    }

    @Override
    public OnDeleteAction[] propertyOnDeleteActions(EntityPersister persister) {
        return persister.getPropertyOnDeleteActions();
    }

    @Override
    public List<MappedTable> tables(EntityPersister persister) {
        List<MappedTable> tables = new ArrayList<>();
        persister.forEachTableDetails(details -> tables.add(mapped(details)));
        return tables;
    }

    /** A table as the runtime model details it. */
    static MappedTable mapped(TableDetails details) {
        List<String> key = new ArrayList<>();
        details.getKeyDetails().forEachKeyColumn((i, column) -> key.add(column.getColumnName()));
        return new MappedTable(details.getTableName(), key, details.isIdentifierTable());
    }

    @Override
    public Collection<ForeignKey> foreignKeys(Table table) {
        return table.getForeignKeyCollection();
    }

    @Override
    public void forceVersionIncrement(Session session, Object entity) {
        session.lock(entity, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
    }

    @Override
    public SharedSessionContractImplementor session(AbstractEvent event) {
        return event.getSession();
    }

    @Override
    public EventListenerRegistry eventListeners(SessionFactoryImplementor factory) {
        return factory.getEventListenerRegistry();
    }

    @Override
    public List<?> findBypassingCache(Session session, Class<?> entityClass, List<?> ids) {
        return ids.size() == 1
                ? Collections.singletonList(session.find(entityClass, ids.get(0), CacheRetrieveMode.BYPASS))
                : session.findMultiple(entityClass, ids, CacheRetrieveMode.BYPASS);
    }

    @Override
    public String forUpdate(Dialect dialect, Duration wait) {
        return dialect.getWriteLockString(timeout(wait));
    }

    @Override
    public LockTimeoutReset setLockTimeout(Connection connection, SessionFactoryImplementor factory, Dialect dialect,
            Duration wait) throws SQLException {
        ConnectionLockTimeoutStrategy strategy = dialect.getLockingSupport().getConnectionLockTimeoutStrategy();
        if (strategy.getSupportedLevel() == ConnectionLockTimeoutStrategy.Level.NONE) {
            return LockTimeoutReset.NONE;
        }
        Timeout previous = strategy.getLockTimeout(connection, factory);
        strategy.setLockTimeout(timeout(wait), connection, factory);
        return previous == null ? LockTimeoutReset.NONE : c -> strategy.setLockTimeout(previous, c, factory);
    }

    static Timeout timeout(Duration wait) {
        return Timeout.milliseconds(millis(wait));
    }

    static int millis(Duration wait) {
        return (int) Math.min(Integer.MAX_VALUE, wait.toMillis());
    }
}
