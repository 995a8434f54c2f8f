package org.safemerge.hibernate.internal.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Hibernate;
import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.hibernate.engine.spi.PersistentAttributeInterceptor;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.spi.EntitySnapshot;

/**
 * The merged records: locked, loaded through the session (so the caller's session stays the source of truth for
 * them) and read as snapshots for the planner. Keeps each record's entity and its version at the lock. Records of
 * several entity types may be held (rows merged inside a merge, {@code ConflictPolicy.mergeRows()}), each known by
 * its hierarchy and id.
 */
final class Records {
    private final StoreContext context;
    private final Duration lockTimeout;
    /** The types of the records held, by the name of their hierarchy's root; the merged entity type first. */
    private final Map<String, EntityType> types = new LinkedHashMap<>();
    private final Map<RecordKey, Object> entities = new LinkedHashMap<>();
    private final Map<RecordKey, Object> ids = new HashMap<>();
    private final Map<RecordKey, Object> versionsAtLock = new HashMap<>();
    private final Set<RecordKey> missingAtLock = new HashSet<>();

    /** A record: the root of its entity's hierarchy and its id. */
    private record RecordKey(String root, IdKey id) {
    }

    private RecordKey key(EntityType type, Object id) {
        return new RecordKey(context.graph.root(type).name(), IdKey.of(id));
    }

    private RecordKey key(String entity, Object id) {
        return key(context.entityType(entity), id);
    }

    private void held(EntityType type) {
        types.putIfAbsent(context.graph.root(type).name(), type);
    }

    Records(StoreContext context, Duration lockTimeout) {
        this.context = context;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Takes every row lock first and loads the records only then: under REPEATABLE READ (MariaDB) the first plain
     * read fixes the transaction's snapshot, which must not predate a merge that held one of the locks.
     */
    void lock(EntityType type, List<Object> idsInLockOrder) {
        held(type);
        Set<IdKey> present = new RowLocker(context, lockTimeout).lock(type, idsInLockOrder);
        List<Object> load = new ArrayList<>();
        for (Object id : idsInLockOrder) {
            if (!present.contains(IdKey.of(id))) {
                // gone (e.g. merged by the transaction we waited for): read() must not find it in a stale snapshot
                missingAtLock.add(key(type, id));
                continue;
            }
            Object entity = managed(type, id);
            if (entity != null) {
                // Loaded before the lock (by the caller), it may be stale: read the locked row.
                context.session.refresh(entity);
                remember(type, id, entity);
            } else {
                // Loaded after the lock, it is the locked row. (Not refreshed: a refresh cascades along
                // cascade=REFRESH/ALL collections and would load every referencing entity into memory.)
                load.add(id);
            }
        }
        load(type, load);
    }

    /** Loads records by id, many per query (a batch chunk locks hundreds). */
    void load(EntityType type, List<Object> ids) {
        held(type);
        Class<?> entityClass = context.persister(type).getMappedClass();
        int size = context.dialect.idsPerStatement();
        for (int from = 0; from < ids.size(); from += size) {
            List<Object> slice = ids.subList(from, Math.min(ids.size(), from + size));
            // from the database, not the second-level cache: the plan must see the rows as locked
            List<?> loaded = HibernateSupport.compat().findBypassingCache(context.session, entityClass, slice);
            for (int i = 0; i < slice.size(); i++) {
                if (loaded.get(i) != null) {
                    remember(type, slice.get(i), loaded.get(i));
                }
            }
        }
    }

    /** Loads the records of {@code ids} not read (nor found missing) yet: a dry run reads without locking. */
    void loadUnread(EntityType type, List<Object> candidates) {
        List<Object> unread = new ArrayList<>();
        for (Object id : candidates) {
            RecordKey key = key(type, id);
            if (!entities.containsKey(key) && !missingAtLock.contains(key)) {
                unread.add(id);
            }
        }
        load(type, unread);
    }

    private void remember(EntityType type, Object id, Object loaded) {
        // find() hands out the proxy when the session has one (e.g. A.parent = B): keep the entity itself, whose
        // fields hold the values
        Object entity = Hibernate.unproxy(loaded);
        RecordKey key = key(type, id);
        entities.put(key, entity);
        ids.put(key, id);
        if (!versionsAtLock.containsKey(key)) {
            EntityPersister concrete = context.concretePersister(entity);
            versionsAtLock.put(key, concrete.isVersioned() ? concrete.getVersion(entity) : null);
        }
    }

    /** The session's instance of a record if the caller (or an earlier step) loaded it, else null. */
    private Object managed(EntityType type, Object id) {
        EntityPersister persister = context.persister(type);
        return context.sessionImplementor.getPersistenceContextInternal().getEntity(context.sessionImplementor
                .generateEntityKey(id, persister.getRootEntityDescriptor().getEntityPersister()));
    }

    Optional<EntitySnapshot> read(EntityType type, Object id) {
        held(type);
        RecordKey key = key(type, id);
        if (missingAtLock.contains(key)) {
            return ofAnotherType(type, id);
        }
        Object entity = entities.get(key);
        if (entity == null) {
            entity = context.session.find(context.persister(type).getMappedClass(), id);
            if (entity == null) {
                return ofAnotherType(type, id);
            }
            entity = Hibernate.unproxy(entity);
            entities.put(key, entity);
            ids.put(key, id);
        }
        EntityPersister concrete = context.concretePersister(entity);
        Map<String, Object> values = new LinkedHashMap<>();
        for (EntityAttribute attribute : type.attributes()) {
            AttributeKind kind = attribute.kind();
            if (kind == AttributeKind.BASIC || kind == AttributeKind.EMBEDDED || kind == AttributeKind.TO_ONE) {
                Object value = value(concrete, entity, attribute.name());
                if (kind == AttributeKind.TO_ONE && value != null) {
                    value = context.factory.getPersistenceUnitUtil().getIdentifier(value);
                }
                values.put(attribute.name(), value);
            }
        }
        Object version = concrete.isVersioned() ? concrete.getVersion(entity) : null;
        return Optional.of(new EntitySnapshot(context.graphName(concrete), id, version, values));
    }

    /**
     * No record of {@code type} has the id, but one of another type of its hierarchy may (a plain record of the
     * supertype, a sibling subtype's): its type is reported, without values, so that the planner refuses it as
     * WRONG_ENTITY_TYPE instead of calling it missing. Read through the root, which finds every record of the
     * hierarchy; a record of the type itself (e.g. merged away since the lock) stays missing.
     */
    private Optional<EntitySnapshot> ofAnotherType(EntityType type, Object id) {
        EntityPersister persister = context.persister(type);
        EntityPersister root = persister.getRootEntityDescriptor().getEntityPersister();
        if (root == persister) {
            return Optional.empty();
        }
        Object found = context.session.find(root.getMappedClass(), id);
        if (found == null) {
            return Optional.empty();
        }
        String actual = context.graphName(context.concretePersister(Hibernate.unproxy(found)));
        if (actual.equals(type.name()) || type.subTypes().contains(actual)) {
            return Optional.empty();
        }
        return Optional.of(new EntitySnapshot(actual, id, null, Map.of()));
    }

    /**
     * An attribute's current value. A lazy attribute of an enhanced entity that is not loaded yet reads as null
     * through the persister; its interceptor loads it (as the entity's own accessor would).
     */
    private static Object value(EntityPersister persister, Object entity, String attribute) {
        if (entity instanceof PersistentAttributeInterceptable interceptable && !attribute.contains(".")
                && !Hibernate.isPropertyInitialized(entity, attribute)) {
            PersistentAttributeInterceptor interceptor = interceptable.$$_hibernate_getInterceptor();
            if (interceptor != null) {
                return interceptor.readObject(entity, attribute, null);
            }
        }
        return persister.getPropertyValue(entity, attribute);
    }

    /** The record's entity ({@code entity} names its type or a type of its hierarchy), or null. */
    Object entity(String entity, Object id) {
        return entities.get(key(entity, id));
    }

    /** Forgets a record (it is being deleted) and returns its entity. */
    Object remove(String entity, Object id) {
        RecordKey key = key(entity, id);
        ids.remove(key);
        return entities.remove(key);
    }

    Object versionAtLock(String entity, Object id) {
        return versionsAtLock.get(key(entity, id));
    }

    Collection<Object> entities() {
        return entities.values();
    }

    /** The merged entity type, or null before anything was locked or read. */
    EntityType type() {
        return types.isEmpty() ? null : types.values().iterator().next();
    }

    /** Forgets every entity (the session was cleared) and loads the records again, many per query and type. */
    void reload() {
        Map<String, List<Object>> again = idsByRoot();
        entities.clear();
        ids.clear();
        again.forEach((root, list) -> load(types.get(root), list));
    }

    /** For each type of records held: a persister of its hierarchy and the ids held, as they were given. */
    void forEachType(java.util.function.BiConsumer<EntityPersister, List<Object>> action) {
        idsByRoot().forEach((root, list) -> action.accept(context.persister(types.get(root)), list));
    }

    private Map<String, List<Object>> idsByRoot() {
        Map<String, List<Object>> byRoot = new LinkedHashMap<>();
        ids.forEach((key, id) -> byRoot.computeIfAbsent(key.root(), r -> new ArrayList<>()).add(id));
        return byRoot;
    }
}
