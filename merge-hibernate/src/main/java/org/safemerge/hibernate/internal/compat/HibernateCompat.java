package org.safemerge.hibernate.internal.compat;

import jakarta.persistence.metamodel.ManagedType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.AbstractEvent;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Table;
import org.hibernate.metamodel.model.domain.JpaMetamodel;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;

/**
 * What differs between the Hibernate generations SafeMerge runs on (6.6, 7.0, 7.1, 7.2 and newer): every call whose
 * name, owner or signature changed goes through here. Get the implementation for the running Hibernate from
 * {@link HibernateSupport#compat()}. Implementations are stateless and thread-safe.
 */
public interface HibernateCompat {
    /** The generation this implementation serves, for messages ("6.6", "7.0", "7.1", "7.2+"). */
    String generation();

    /** The entity's JPA name ({@code @Entity(name)}, or the simple class name). */
    String jpaEntityName(EntityPersister persister);

    /** The (qualified) table a collection's rows live in: the join table, the element table or the child table. */
    String tableName(CollectionPersister persister);

    /** The JPA metamodel type of an entity by its Hibernate entity name, or null when the metamodel has none. */
    ManagedType<?> findEntityType(JpaMetamodel metamodel, String entityName);

    /** The {@code @OnDelete} action per attribute state position, or null when this generation does not keep them. */
    OnDeleteAction[] propertyOnDeleteActions(EntityPersister persister);

    /** Every table the entity is mapped to (root, JOINED subclass and secondary tables) with its key columns. */
    List<MappedTable> tables(EntityPersister persister);

    /** The table the runtime model maps the entity to ({@code getMappedTableDetails}), as a {@link MappedTable}. */
    default MappedTable mappedTable(EntityPersister persister) {
        return Hibernate7Compat.mapped(persister.getMappedTableDetails());
    }

    /** The foreign keys of a boot-model table. */
    Collection<ForeignKey> foreignKeys(Table table);

    /** The JPA metamodel of a factory. */
    default JpaMetamodel jpaMetamodel(SessionFactoryImplementor factory) {
        // the same binary signature in 6.6 and 7.x (SessionFactoryImplementor.getJpaMetamodel() is not)
        return factory.getRuntimeMetamodels().getJpaMetamodel();
    }

    /**
     * Increments the version of a managed entity now (one {@code UPDATE}, the row being locked already), and shows
     * the new version in the entity and the persistence context.
     */
    void forceVersionIncrement(Session session, Object entity);

    /** Whether the session holds changes not flushed yet. */
    default boolean isDirty(Session session) {
        return session.isDirty();
    }

    /** The session an entity event (a pre-delete event) happens in. */
    SharedSessionContractImplementor session(AbstractEvent event);

    /** The factory's event listener registry (where the deletion firewall is installed). */
    EventListenerRegistry eventListeners(SessionFactoryImplementor factory);

    /**
     * Loads entities by id from the database, never from the second-level cache; the list has one element per id, in
     * order, null where no row exists.
     */
    List<?> findBypassingCache(Session session, Class<?> entityClass, List<?> ids);

    /**
     * Appended to a {@code SELECT} of the merged records' id rows: locks them, waiting at most {@code wait} where the
     * database takes the wait in the SQL (Hibernate's clause for the database).
     */
    String forUpdate(Dialect dialect, Duration wait);

    /**
     * Sets the lock wait on the connection, where the database takes it there rather than in the SQL, and returns
     * how to put the previous value back ({@link LockTimeoutReset#NONE} when nothing was set).
     */
    LockTimeoutReset setLockTimeout(Connection connection, SessionFactoryImplementor factory, Dialect dialect,
            Duration wait) throws SQLException;

    /**
     * A table of an entity and its key (primary key) columns, as the mapping spells them; {@code identifierTable}:
     * the table that holds the id (the root table), not one joined to it by its key.
     */
    record MappedTable(String name, List<String> keyColumns, boolean identifierTable) {
        public MappedTable {
            keyColumns = List.copyOf(keyColumns);
        }
    }

    /** Puts a connection's previous lock wait back. */
    @FunctionalInterface
    interface LockTimeoutReset {
        LockTimeoutReset NONE = connection -> { };

        void reset(Connection connection) throws SQLException;
    }
}
