package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.Status;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.graph.InboundReference;

/**
 * Keeps the session and the second-level cache showing what the merge's SQL changed underneath them: remembers
 * which entities' rows changed, re-reads them when the plan or the caller must see the database's state, and
 * evicts the changed cache entries.
 */
final class SessionSync {
    private final StoreContext context;
    private final Records records;
    final CacheSync caches;
    final CollectionRoles collectionRoles;
    private final Set<String> changedSourceEntities = new LinkedHashSet<>();
    private final Set<Object> refreshAfter = new LinkedHashSet<>();

    SessionSync(StoreContext context, Records records) {
        this.context = context;
        this.records = records;
        this.collectionRoles = new CollectionRoles(context.factory);
        this.caches = new CacheSync(context.factory, context.sessionImplementor, collectionRoles);
    }

    /** Rows of {@code reference} moved from {@code from} to {@code to} (either may be null). */
    void touched(InboundReference reference, Object from, Object to) {
        if (reference.sourceEntity() != null) {
            changedSourceEntities.add(reference.sourceEntity());
        }
        caches.ownersChanged(reference, from, to);
    }

    /** Rows of {@code reference} changed: their cache entries go. */
    void rowsChanged(InboundReference reference, EntityPersister source, List<Object> rowIds) {
        caches.rowsChanged(reference, source, rowIds);
    }

    /** An entity to re-read at the end (a tombstone the caller's marker changed). */
    void refreshLater(Object entity) {
        refreshAfter.add(entity);
    }

    /** After a successful merge: no managed entity may show state the merge changed underneath it. */
    void synchronizeSession() {
        if (!context.ownSession) {
            refreshChangedEntities(); // the session is closed right after otherwise
        }
        records.forEachType(caches::evictRecords);
    }

    /**
     * Re-reads managed entities whose rows the SQL steps changed (and the merged records), so none keeps pointing
     * at a duplicate in memory: flushing such an entity after the duplicate is gone would fail or undo the merge.
     * The merged records' entities that are still managed afterwards show the database's state: a caller need not
     * refresh them again.
     */
    void refreshChangedEntities() {
        context.session.flush();
        Set<String> roots = changedRoots();
        if (context.ownSession && records.type() != null) {
            if (refreshAfter.isEmpty() && onlyFreshRecords(roots)) {
                return; // the common small merge: the SQL changed no row the session holds
            }
            // No entity of this session is the caller's: start afresh and re-read the records many per query,
            // rather than one refresh per entity (a batch chunk holds hundreds).
            context.session.clear();
            refreshAfter.clear();
            records.reload();
            return;
        }
        List<Object> refresh = new ArrayList<>(refreshAfter);
        refresh.addAll(records.entities());
        for (Map.Entry<Object, EntityEntry> entry : context.sessionImplementor.getPersistenceContextInternal()
                .reentrantSafeEntityEntries()) {
            EntityEntry state = entry.getValue();
            if (state.getStatus() == Status.MANAGED && roots.contains(state.getPersister().getRootEntityName())) {
                refresh.add(entry.getKey());
            }
        }
        for (Object entity : new LinkedHashSet<>(refresh)) {
            if (context.session.contains(entity)) {
                context.session.refresh(entity);
            }
        }
    }

    /** The hierarchies (root entity names) some of whose rows the SQL steps changed. */
    private Set<String> changedRoots() {
        Set<String> roots = new LinkedHashSet<>();
        for (String name : changedSourceEntities) {
            context.graph.entity(name).ifPresent(t -> roots.add(context.persister(t).getRootEntityName()));
        }
        return roots;
    }

    /**
     * Whether the session holds nothing but the records, none of whose rows the SQL steps changed (no
     * self-reference among them), and no initialized collection: then nothing it holds is stale, and the records'
     * lazy collections, read when a removal cascades, come from the database as the steps left it.
     */
    private boolean onlyFreshRecords(Set<String> changedRoots) {
        Set<Object> held = Collections.newSetFromMap(new IdentityHashMap<>());
        held.addAll(records.entities());
        for (Map.Entry<Object, EntityEntry> entry : context.sessionImplementor.getPersistenceContextInternal()
                .reentrantSafeEntityEntries()) {
            EntityEntry state = entry.getValue();
            if (state.getStatus() != Status.MANAGED || !held.contains(entry.getKey())
                    || changedRoots.contains(state.getPersister().getRootEntityName())) {
                return false;
            }
        }
        boolean[] initialized = {false};
        context.sessionImplementor.getPersistenceContextInternal().forEachCollectionEntry(
                (collection, entry) -> initialized[0] |= collection.wasInitialized(), false);
        return !initialized[0];
    }
}
