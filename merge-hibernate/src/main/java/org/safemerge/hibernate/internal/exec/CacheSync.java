package org.safemerge.hibernate.internal.exec;

import java.util.Collection;
import java.util.List;
import org.hibernate.cache.spi.CacheImplementor;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.graph.InboundReference;

/**
 * Evicts exactly what a merge changed from the second-level cache: the rows re-pointed (their entity entries), the
 * collections whose membership changed (on both sides of a link) and the query-cache spaces of changed tables.
 * Does nothing when the cache is off.
 */
final class CacheSync {
    private final SessionFactoryImplementor factory;
    private final SessionImplementor session;
    private final boolean enabled;
    private final CollectionRoles collectionRoles;

    CacheSync(SessionFactoryImplementor factory, SessionImplementor session, CollectionRoles collectionRoles) {
        this.factory = factory;
        this.session = session;
        this.enabled = factory.getSessionFactoryOptions().isSecondLevelCacheEnabled();
        this.collectionRoles = collectionRoles;
    }

    /** Rows of {@code reference} whose FK changed: entity rows, or links whose other side's collection changed. */
    void rowsChanged(InboundReference reference, EntityPersister source, List<Object> rowIds) {
        if (!enabled || rowIds.isEmpty()) {
            return;
        }
        CacheImplementor cache = factory.getCache();
        if (!reference.kind().isLink()) {
            if (source != null && source.canWriteToCache()) {
                rowIds.forEach(id -> cache.evictEntityData(source.getEntityName(), id));
            }
        }
        if (reference.rowKeyColumns().size() == 1) {
            for (CollectionPersister role : roles(reference.table(), reference.rowKeyColumns())) {
                rowIds.forEach(id -> cache.evictCollectionData(role.getRole(), id));
            }
        }
    }

    /** Collections keyed by the reference's columns, owned by the records whose rows moved. */
    void ownersChanged(InboundReference reference, Object from, Object to) {
        if (!enabled) {
            return;
        }
        CacheImplementor cache = factory.getCache();
        for (CollectionPersister role : roles(reference.table(), reference.columns())) {
            if (from != null) {
                cache.evictCollectionData(role.getRole(), from);
            }
            if (to != null) {
                cache.evictCollectionData(role.getRole(), to);
            }
        }
        if (factory.getSessionFactoryOptions().isQueryCacheEnabled()) {
            cache.getTimestampsCache().invalidate(new String[] {reference.table()}, session);
        }
    }

    /** A merged record's own entry and its collections. */
    void evictRecord(EntityPersister persister, Object id) {
        if (!enabled || persister == null) {
            return;
        }
        CacheImplementor cache = factory.getCache();
        cache.evictEntityData(persister.getEntityName(), id);
        factory.getMappingMetamodel().forEachCollectionDescriptor(role -> {
            if (role.getOwnerEntityPersister().getRootEntityName().equals(persister.getRootEntityName())) {
                cache.evictCollectionData(role.getRole(), id);
            }
        });
    }

    void evictRecords(EntityPersister persister, Collection<Object> ids) {
        ids.forEach(id -> evictRecord(persister, id));
    }

    private List<CollectionPersister> roles(String table, List<String> keyColumns) {
        return collectionRoles.keyedBy(table, keyColumns).stream().filter(CollectionPersister::hasCache).toList();
    }
}
