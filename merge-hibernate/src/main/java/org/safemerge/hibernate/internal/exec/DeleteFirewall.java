package org.safemerge.hibernate.internal.exec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.DeleteContext;
import org.hibernate.event.spi.DeleteEvent;
import org.hibernate.event.spi.DeleteEventListener;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.sql.IdKey;

/**
 * While a merge runs in a session, any entity delete that the merge did not plan (a cascade REMOVE or an orphan
 * removal the mapping would trigger) aborts the merge. Listeners are installed by {@link FirewallIntegrator}; they
 * do nothing for sessions without a running merge.
 */
public final class DeleteFirewall implements DeleteEventListener, PreDeleteEventListener {
    private static final Map<SharedSessionContractImplementor, Set<EntityKey>> ARMED = new ConcurrentHashMap<>();

    /** An entity, the same whatever subtype name it is seen under. */
    record EntityKey(String rootEntity, IdKey id) {
    }

    static EntityKey key(EntityPersister persister, Object id) {
        return new EntityKey(persister.getRootEntityName(), IdKey.of(id));
    }

    /** Starts guarding a session; deletes whose {@link #key} is in {@code allowed} pass. */
    static Guard arm(Session session, Set<EntityKey> allowed) {
        SharedSessionContractImplementor target = session.unwrap(SessionImplementor.class);
        ARMED.put(target, allowed);
        return () -> ARMED.remove(target);
    }

    /** Stops guarding. */
    @FunctionalInterface
    interface Guard {
        void disarm();
    }

    @Override
    public void onDelete(DeleteEvent event) {
        check(event.getSession(), event.getEntityName(), event.getObject());
    }

    @Override
    public void onDelete(DeleteEvent event, DeleteContext transientEntities) {
        check(event.getSession(), event.getEntityName(), event.getObject());
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        Set<EntityKey> allowed = ARMED.get(HibernateSupport.compat().session(event));
        if (allowed != null && !allowed.contains(key(event.getPersister(), event.getId()))) {
            throw refused(event.getPersister().getEntityName(), event.getId());
        }
        return false;
    }

    private static void check(EventSource session, String entityName, Object entity) {
        Set<EntityKey> allowed = ARMED.get(session);
        if (allowed == null || entity == null) {
            return;
        }
        EntityPersister persister;
        Object id;
        LazyInitializer proxy = HibernateProxy.extractLazyInitializer(entity);
        if (proxy != null) {
            // a proxy's class is not an entity type: ask its initializer (without initializing it)
            persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(proxy.getEntityName());
            id = proxy.getInternalIdentifier();
        } else {
            persister = session.getEntityPersister(entityName, entity);
            id = persister.getIdentifier(entity, session);
        }
        if (!allowed.contains(key(persister, id))) {
            throw refused(persister.getEntityName(), id);
        }
    }

    private static MergeException refused(String entityName, Object id) {
        return new MergeException(MergeErrorCode.UNEXPECTED_DELETE, "the merge was about to delete " + entityName
                + " " + id + ", which it did not plan: a cascade REMOVE or orphanRemoval in the mapping reaches it "
                + "from a record the merge deletes. The merge was rolled back; nothing was changed. Unlink it from "
                + "the duplicate before merging, or keep the duplicate with keepDuplicates(...)");
    }
}
