package org.safemerge.hibernate.internal.exec;

import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.bytecode.enhance.spi.interceptor.BytecodeLazyAttributeInterceptor;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.CascadingActions;
import org.hibernate.engine.spi.CollectionKey;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.hibernate.engine.spi.PersistentAttributeInterceptor;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.AttributeMappingsList;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowSelection;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RowSet;
import org.safemerge.spi.RunMode;

/**
 * One merge's view of the database through a Hibernate session. Records are locked and read through the session
 * (so the caller's session stays the source of truth for them); references are counted and changed with set-based
 * SQL on the session's connection, never by loading referencing entities.
 */
final class HibernateStore implements MergeStore {
    private final Session session;
    private final SessionImplementor sessionImplementor;
    private final SessionFactoryImplementor factory;
    private final AssociationGraph graph;
    private final RunMode mode;
    private final Duration lockTimeout;
    private final Jdbc jdbc;
    /** The database can report the ids of the rows an UPDATE or DELETE changed ({@code RETURNING}). */
    private final boolean returning;
    private final CacheSync caches;
    private final CollectionRoles collectionRoles;
    private final Set<String> allowedDeletes = ConcurrentHashMap.newKeySet();
    private final Map<Object, Object> records = new HashMap<>();
    private final Map<Object, Object> versionsAtLock = new HashMap<>();
    private final Set<Object> missingAtLock = new HashSet<>();
    /** Attribute steps written to the survivor but not flushed yet (the next other step or the end flushes). */
    private boolean attributesWritten;
    private final Set<String> changedSourceEntities = new LinkedHashSet<>();
    private final Set<Object> refreshAfter = new LinkedHashSet<>();
    private final List<Consumer<Boolean>> completion = new ArrayList<>();
    private boolean completed;

    HibernateStore(Session session, AssociationGraph graph, RunMode mode, Duration lockTimeout) {
        this.session = session;
        this.sessionImplementor = session.unwrap(SessionImplementor.class);
        this.factory = sessionImplementor.getFactory();
        this.graph = graph;
        this.mode = mode;
        this.lockTimeout = lockTimeout;
        this.jdbc = new Jdbc(session);
        this.returning = factory.getJdbcServices().getDialect() instanceof org.hibernate.dialect.PostgreSQLDialect;
        this.collectionRoles = new CollectionRoles(factory);
        this.caches = new CacheSync(factory, sessionImplementor, collectionRoles);
    }

    Set<String> allowedDeletes() {
        return allowedDeletes;
    }

    /**
     * Takes every row lock first and loads the records only then: under REPEATABLE READ (MariaDB) the first plain
     * read fixes the transaction's snapshot, which must not predate a merge that held one of the locks.
     */
    @Override
    public void lock(EntityType type, List<Object> idsInLockOrder) {
        Class<?> entityClass = persister(type).getMappedClass();
        RowLocker locker = new RowLocker(session, factory, lockTimeout);
        List<Object> present = new ArrayList<>();
        for (Object id : idsInLockOrder) {
            if (locker.lock(type, id)) {
                present.add(id);
            } else {
                // gone (e.g. merged by the transaction we waited for): read() must not find it in a stale snapshot
                missingAtLock.add(id);
            }
        }
        for (Object id : present) {
            Object entity = managed(type, id);
            if (entity != null) {
                // Loaded before the lock (by the caller), it may be stale: read the locked row.
                session.refresh(entity);
            } else {
                // Loaded after the lock, it is the locked row. (Not refreshed: a refresh cascades along
                // cascade=REFRESH/ALL collections and would load every referencing entity into memory.)
                entity = session.find(entityClass, id);
            }
            if (entity != null) {
                // find() hands out the proxy when the session has one (e.g. A.parent = B): keep the entity itself,
                // whose fields hold the values
                entity = Hibernate.unproxy(entity);
                records.put(id, entity);
                EntityPersister concrete = concretePersister(entity);
                versionsAtLock.put(id, concrete.isVersioned() ? concrete.getVersion(entity) : null);
            }
        }
    }

    /** The session's instance of a record if the caller (or an earlier step) loaded it, else null. */
    private Object managed(EntityType type, Object id) {
        EntityPersister persister = persister(type);
        return sessionImplementor.getPersistenceContextInternal()
                .getEntity(sessionImplementor.generateEntityKey(id, persister.getRootEntityDescriptor()
                        .getEntityPersister()));
    }

    @Override
    public Optional<EntitySnapshot> read(EntityType type, Object id) {
        if (missingAtLock.contains(id)) {
            return Optional.empty();
        }
        Object entity = records.get(id);
        if (entity == null) {
            entity = session.find(persister(type).getMappedClass(), id);
            if (entity == null) {
                return Optional.empty();
            }
            entity = Hibernate.unproxy(entity);
            records.put(id, entity);
        }
        EntityPersister concrete = concretePersister(entity);
        Map<String, Object> values = new LinkedHashMap<>();
        for (EntityAttribute attribute : type.attributes()) {
            AttributeKind kind = attribute.kind();
            if (kind == AttributeKind.BASIC || kind == AttributeKind.EMBEDDED || kind == AttributeKind.TO_ONE) {
                Object value = value(concrete, entity, attribute.name());
                if (kind == AttributeKind.TO_ONE && value != null) {
                    value = factory.getPersistenceUnitUtil().getIdentifier(value);
                }
                values.put(attribute.name(), value);
            }
        }
        Object version = concrete.isVersioned() ? concrete.getVersion(entity) : null;
        return Optional.of(new EntitySnapshot(graphName(concrete), id, version, values));
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

    @Override
    public ReferenceState inspect(InboundReference reference, Object survivorId, List<Object> duplicateIds,
            int sampleLimit) {
        ReferenceSql sql = new ReferenceSql(reference);
        List<Object> records = new ArrayList<>();
        records.add(survivorId);
        records.addAll(duplicateIds);
        Map<String, RowSet> pointing = pointingAt(sql, records, sampleLimit);
        RowSet survivorRows = pointing.getOrDefault(Jdbc.sameValue(survivorId), RowSet.EMPTY);
        List<RowSet> duplicateRows = new ArrayList<>();
        List<RowSet> identical = new ArrayList<>();
        List<RowSet> selfRows = new ArrayList<>();
        List<Object> earlier = new ArrayList<>();
        earlier.add(survivorId);
        for (Object duplicate : duplicateIds) {
            duplicateRows.add(pointing.getOrDefault(Jdbc.sameValue(duplicate), RowSet.EMPTY));
            if (reference.kind().isLink()) {
                identical.add(rows(sql, sql.identical(duplicate, earlier), sampleLimit));
            }
            if (reference.has(org.safemerge.graph.ReferenceFlag.SELF_REFERENCE) && sql.rowKey.size() == 1) {
                selfRows.add(rows(sql, sql.rows(duplicate, RowSelection.only(List.of(survivorId))), sampleLimit));
            }
            earlier.add(duplicate);
        }
        return new ReferenceState(survivorRows, duplicateRows, identical, selfRows);
    }

    /**
     * Counts and samples the rows pointing at each record in one statement (one scan of the table instead of two
     * per record): a window function numbers each record's rows by key and counts them.
     */
    private Map<String, RowSet> pointingAt(ReferenceSql sql, List<Object> records, int limit) {
        String in = String.join(", ", java.util.Collections.nCopies(records.size(), "?"));
        List<Object> params = new ArrayList<>(records);
        if (!sql.hasRowKey()) {
            return jdbc.groupedRows("select " + sql.fk + ", count(*) from " + sql.table + " where " + sql.fk + " in ("
                    + in + ") group by " + sql.fk, params, 0);
        }
        StringBuilder keys = new StringBuilder();
        StringBuilder outerKeys = new StringBuilder();
        for (int i = 0; i < sql.rowKey.size(); i++) {
            // aliased: a derived-identity key may be the FK column itself
            keys.append(", ").append(sql.rowKey.get(i)).append(" as sm_k").append(i);
            outerKeys.append(", sm_k").append(i);
        }
        String order = String.join(", ", sql.rowKey);
        params.add(limit);
        return jdbc.groupedRows("select sm_fk" + outerKeys + ", sm_count from (select " + sql.fk + " as sm_fk" + keys
                + ", row_number() over (partition by " + sql.fk + " order by " + order + ") as sm_rn, count(*) over "
                + "(partition by " + sql.fk + ") as sm_count from " + sql.table + " where " + sql.fk + " in (" + in
                + ")) sm_rows where sm_rn <= ? order by sm_fk" + outerKeys, params, sql.rowKey.size());
    }

    private RowSet rows(ReferenceSql sql, ReferenceSql.Condition where, int limit) {
        String from = " from " + sql.table + " where " + where.sql();
        return jdbc.rowSet("select count(*)" + from, "select " + (sql.hasRowKey() ? sql.rowKeyList() : "1") + from
                + (sql.hasRowKey() ? " order by " + sql.rowKeyList() : ""), where.params(), sql.rowKey.size(), limit);
    }

    @Override
    public long apply(Step step, StepContext context) {
        if (step instanceof SetAttribute set) {
            return setAttribute(set);
        }
        if (attributesWritten) {
            // one flush for consecutive attribute steps: one UPDATE of the survivor, one version increment
            session.flush();
            attributesWritten = false;
        }
        if (step instanceof DeleteReferencingRows delete) {
            return deleteReferencingRows(delete, context);
        } else if (step instanceof RowStep row) {
            return changeRows(row, context);
        } else if (step instanceof BumpVersion bump) {
            return bumpVersion(bump);
        } else if (step instanceof DeleteDuplicate delete) {
            return deleteDuplicate(delete);
        } else if (step instanceof KeepDuplicate keep) {
            return keepDuplicate(keep, context);
        }
        return 0; // ResolveConflict: a decision, carried out by the row steps around it
    }

    /** Written through the entity, so dirty tracking (also bytecode-enhanced) and entity listeners see it. */
    private long setAttribute(SetAttribute step) {
        Object survivor = records.get(step.id());
        EntityPersister persister = concretePersister(survivor);
        AttributeMapping attribute = persister.findAttributeMapping(step.attribute());
        EntityAttribute model = entityType(step.entity()).attribute(step.attribute()).orElseThrow();
        Object value = step.after();
        if (model.kind() == AttributeKind.TO_ONE && value != null) {
            EntityType target = graph.entity(model.targetEntity()).orElseThrow();
            value = session.getReference(persister(target).getMappedClass(), value);
        } else if (model.kind() == AttributeKind.EMBEDDED && value != null) {
            // B's embeddable instance must not be shared with A: copy it.
            value = persister.getPropertyType(step.attribute()).deepCopy(value, factory);
        }
        attribute.getPropertyAccess().getSetter().set(survivor, value);
        enhancedWrite(survivor, step.attribute());
        attributesWritten = true;
        return 1;
    }

    /**
     * A bytecode-enhanced entity is dirty-checked by its own tracker, which a setter of the persister does not
     * notify: record the change there (else the flush writes nothing and the change is silently lost), and mark a
     * lazy attribute as loaded so that it is not fetched over the new value.
     */
    private static void enhancedWrite(Object entity, String attribute) {
        if (entity instanceof SelfDirtinessTracker tracker) {
            tracker.$$_hibernate_trackChange(attribute);
        }
        if (entity instanceof PersistentAttributeInterceptable interceptable
                && interceptable.$$_hibernate_getInterceptor() instanceof BytecodeLazyAttributeInterceptor lazy) {
            lazy.attributeInitialized(attribute);
        }
    }

    private long changeRows(RowStep step, StepContext context) {
        InboundReference reference = reference(step.reference());
        ReferenceSql sql = new ReferenceSql(reference);
        ReferenceSql.Condition where = step instanceof SkipDuplicateLinks skip
                ? sql.identical(skip.from(), List.of(skip.to()))
                : sql.rows(step.from(), step.selection());
        String mutation;
        List<Object> params = new ArrayList<>();
        if (step instanceof RepointReferences || step instanceof MoveLinks) {
            Object to = step instanceof RepointReferences r ? r.to() : ((MoveLinks) step).to();
            params.add(to);
            String order = "";
            if (reference.orderColumn() != null) {
                // appended after the survivor's own entries, keeping their relative order
                long offset = jdbc.count("select coalesce(max(" + reference.orderColumn() + ") + 1, 0) from "
                        + sql.table + " where " + sql.fk + " = ?", List.of(to));
                order = ", " + reference.orderColumn() + " = " + reference.orderColumn() + " + " + offset;
            }
            mutation = "update " + sql.table + " set " + sql.fk + " = ?" + order + " where " + where.sql();
        } else if (step instanceof UnassignReferences) {
            mutation = "update " + sql.table + " set " + sql.fk + " = null where " + where.sql();
        } else if (step instanceof RemoveLinks || step instanceof SkipDuplicateLinks) {
            mutation = "delete from " + sql.table + " where " + where.sql();
        } else {
            throw new IllegalStateException("unexpected row step " + step);
        }
        params.addAll(where.params());
        EntityPersister source = sourcePersister(reference);
        Consumer<List<Object>> ids = chunk -> {
            List<Object> ordered = ascending(chunk);
            context.rowIds().accept(ordered);
            caches.rowsChanged(reference, source, ordered);
        };
        if (sql.hasRowKey() && returning) {
            // one statement changes the rows and reports their ids (PostgreSQL): no separate locking SELECT
            long changed = jdbc.stream(mutation + " returning " + sql.rowKeyList(), params, sql.rowKey.size(),
                    context.chunkSize(), ids);
            requirePlanned(step, reference, sql, changed);
            compactOrder(reference, sql, step);
            touched(reference, step.from(), step instanceof RepointReferences r ? r.to()
                    : step instanceof MoveLinks m ? m.to() : null);
            return changed;
        }
        long selected = sql.hasRowKey()
                ? jdbc.stream("select " + sql.rowKeyList() + " from " + sql.table + " where " + where.sql()
                        + " order by " + sql.rowKeyList() + " for update", where.params(), sql.rowKey.size(),
                        context.chunkSize(), ids)
                : jdbc.count("select count(*) from " + sql.table + " where " + where.sql(), where.params());
        requirePlanned(step, reference, sql, selected);
        long changed = jdbc.update(mutation, params);
        if (changed != selected) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, changed + " rows of " + sql.table
                    + " (" + reference.key() + ") changed where " + selected + " were selected: rows were added "
                    + "concurrently; the merge was rolled back, try again");
        }
        if (!sql.hasRowKey() && changed > 0) {
            context.rowIds().accept(List.of());
        }
        compactOrder(reference, sql, step);
        touched(reference, step.from(), step instanceof RepointReferences r ? r.to()
                : step instanceof MoveLinks m ? m.to() : null);
        return changed;
    }

    /**
     * Renumbers the index of an ordered collection to 0..n-1 after links moved into it or left it: a gap (a skipped
     * identical link, a removed one) would load as a null element of the list. Two passes through values above the
     * current maximum (Hibernate checks the index is not negative), so the (owner, index) key never collides.
     */
    private void compactOrder(InboundReference reference, ReferenceSql sql, RowStep step) {
        String order = reference.orderColumn();
        if (order == null) {
            return;
        }
        Object owner = step instanceof MoveLinks move ? move.to() : step.from();
        long above = jdbc.count("select coalesce(max(" + order + "), 0) + 1 from " + sql.table + " where " + sql.fk
                + " = ?", List.of(owner));
        jdbc.update("update " + sql.table + " set " + order + " = ? + (select count(*) from (select " + order
                + " from " + sql.table + " where " + sql.fk + " = ?) sm_order where sm_order." + order + " < "
                + sql.table + "." + order + ") where " + sql.fk + " = ?", List.of(above, owner, owner));
        jdbc.update("update " + sql.table + " set " + order + " = " + order + " - ? where " + sql.fk + " = ?",
                List.of(above, owner));
    }

    /** Audit lines list ids in ascending order (RETURNING delivers them in storage order). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object> ascending(List<Object> ids) {
        if (ids.size() < 2 || !ids.stream().allMatch(id -> id instanceof Comparable
                && id.getClass() == ids.get(0).getClass())) {
            return ids;
        }
        List<Object> sorted = new ArrayList<>(ids);
        sorted.sort((a, b) -> ((Comparable) a).compareTo(b));
        return sorted;
    }

    /** The rows a step finds must be the rows it was planned for; otherwise the data changed underneath. */
    private static void requirePlanned(RowStep step, InboundReference reference, ReferenceSql sql, long found) {
        if (found != step.expectedRows()) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, found + " rows of " + sql.table
                    + " (" + reference.key() + ") match where the plan counted " + step.expectedRows() + ": the data "
                    + "changed while the merge ran; it was rolled back, try again");
        }
    }

    /** Only ever planned where the caller allowed deletes; entities go through the session (firewall, caches). */
    private long deleteReferencingRows(DeleteReferencingRows step, StepContext context) {
        InboundReference reference = reference(step.reference());
        ReferenceSql sql = new ReferenceSql(reference);
        ReferenceSql.Condition where = sql.rows(step.from(), step.selection());
        // Only the rows the plan showed may go: a row that appeared since was never in any dry run.
        requirePlanned(step, reference, sql,
                jdbc.count("select count(*) from " + sql.table + " where " + where.sql(), where.params()));
        Optional<EntityType> source = Optional.ofNullable(reference.sourceEntity()).flatMap(graph::entity)
                .filter(e -> e.idColumns().equals(reference.rowKeyColumns()));
        if (source.isEmpty()) {
            return deleteRowsBySql(step, reference, sql, where, context);
        }
        EntityPersister persister = persister(source.get());
        long[] removed = new long[1];
        jdbc.stream("select " + sql.rowKeyList() + " from " + sql.table + " where " + where.sql() + " order by "
                + sql.rowKeyList(), where.params(), 1, context.chunkSize(), chunk -> {
                    context.rowIds().accept(chunk);
                    for (Object id : chunk) {
                        allowedDeletes.add(DeleteFirewall.key(persister, id));
                        Object entity = session.find(persister.getMappedClass(), id);
                        if (entity != null) {
                            releaseFromLoadedCollections(reference, step.from(), entity);
                            session.remove(entity);
                            removed[0]++;
                        }
                    }
                    session.flush();
                });
        long left = jdbc.count("select count(*) from " + sql.table + " where " + where.sql(), where.params());
        if (left > 0) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, left + " rows of " + sql.table
                    + " still point at " + step.from() + " after deleting " + removed[0] + " of them (rows added "
                    + "concurrently?); the merge was rolled back, try again");
        }
        touched(reference, step.from(), null);
        return removed[0];
    }

    /**
     * Takes an entity about to be deleted out of the loaded collections of {@code owner} that hold it. Otherwise a
     * collection that cascades PERSIST would bring it back at flush (a removed entity reached by a cascade is
     * managed again), and the delete would silently not happen.
     */
    private void releaseFromLoadedCollections(InboundReference reference, Object owner, Object entity) {
        PersistenceContext context = sessionImplementor.getPersistenceContextInternal();
        for (CollectionPersister role : collectionRoles.keyedBy(reference.table(), reference.columns())) {
            PersistentCollection<?> collection = context.getCollection(new CollectionKey(role, owner));
            if (collection == null || !collection.wasInitialized()) {
                continue;
            }
            if (collection instanceof java.util.Collection<?> elements) {
                elements.remove(entity);
            } else if (collection instanceof Map<?, ?> map) {
                map.values().remove(entity);
            }
        }
    }

    /** Rows of a table no entity maps (a catalog-only FK): deleted by SQL, ids announced first. */
    private long deleteRowsBySql(DeleteReferencingRows step, InboundReference reference, ReferenceSql sql,
            ReferenceSql.Condition where, StepContext context) {
        long selected = sql.hasRowKey()
                ? jdbc.stream("select " + sql.rowKeyList() + " from " + sql.table + " where " + where.sql()
                        + " for update", where.params(), sql.rowKey.size(), context.chunkSize(), context.rowIds())
                : jdbc.count("select count(*) from " + sql.table + " where " + where.sql(), where.params());
        requirePlanned(step, reference, sql, selected);
        long deleted = jdbc.update("delete from " + sql.table + " where " + where.sql(), where.params());
        if (deleted != selected) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, deleted + " rows of " + sql.table
                    + " (" + reference.key() + ") deleted where " + selected + " were selected; the merge was rolled "
                    + "back, try again");
        }
        touched(reference, null, null);
        return deleted;
    }

    private long bumpVersion(BumpVersion step) {
        Object survivor = records.get(step.id());
        session.flush();
        EntityPersister persister = concretePersister(survivor);
        // Writing an attribute already incremented the version at flush; bump only if nothing else did.
        if (java.util.Objects.equals(persister.getVersion(survivor), versionsAtLock.get(step.id()))) {
            session.lock(survivor, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        }
        return 1;
    }

    /**
     * Deletes a duplicate once nothing points at it. It is re-read fresh (its collections were emptied by SQL), so
     * whatever cascades the mapping has find nothing to cascade to; the firewall checks that nothing else goes.
     */
    private long deleteDuplicate(DeleteDuplicate step) {
        EntityType type = entityType(step.entity());
        requireUnreferenced(type, step.id());
        refreshChangedEntities();
        Object stale = records.remove(step.id());
        EntityPersister persister = concretePersister(stale);
        caches.evictRecord(persister, step.id());
        // Refreshed, not detached: detaching cascades DETACH (cascade=ALL) to entities the survivor still holds.
        session.refresh(stale);
        refuseCascadingToOnes(persister, stale, step.id());
        allowedDeletes.add(DeleteFirewall.key(persister, step.id()));
        session.remove(stale);
        session.flush();
        return 1;
    }

    /**
     * A to-one of the duplicate that cascades REMOVE (its badge, its address) would delete its target with the
     * duplicate. The target does not point at the duplicate, so no step handled it: refuse, naming the association.
     * (The firewall would stop the cascade too; this says why and what to do.)
     */
    private void refuseCascadingToOnes(EntityPersister persister, Object duplicate, Object id) {
        AttributeMappingsList attributes = persister.getAttributeMappings();
        for (int i = 0; i < attributes.size(); i++) {
            AttributeMapping attribute = attributes.get(i);
            if (attribute.isPluralAttributeMapping() || !(attribute instanceof EntityAssociationMapping association)
                    || attribute.getAttributeMetadata() == null
                    || !attribute.getAttributeMetadata().getCascadeStyle().doCascade(CascadingActions.REMOVE)) {
                continue;
            }
            Object target = attribute.getPropertyAccess().getGetter().get(duplicate);
            if (target == null) {
                continue;
            }
            EntityPersister targetPersister = association.getAssociatedEntityMappingType().getEntityPersister();
            Object targetId = factory.getPersistenceUnitUtil().getIdentifier(target);
            String name = persister.getJpaEntityName() + "." + attribute.getAttributeName();
            throw new MergeException(MergeErrorCode.UNEXPECTED_DELETE, "deleting duplicate "
                    + persister.getJpaEntityName() + " " + id + " would delete " + targetPersister.getJpaEntityName()
                    + " " + targetId + " with it: " + name + " cascades REMOVE, and the merge did not plan that "
                    + "delete; nothing was changed. Set " + name + " of " + id + " to null (or point it elsewhere) "
                    + "before merging, or keep the duplicate with keepDuplicates(...)");
        }
    }

    private long keepDuplicate(KeepDuplicate step, StepContext context) {
        Object duplicate = records.get(step.id());
        if (context.tombstoneMarker() != null) {
            context.tombstoneMarker().mark(duplicate, step.survivorId());
        }
        session.flush();
        refreshAfter.add(duplicate);
        return 1;
    }

    /** Rule 3: a database ON DELETE rule must never act on rows the plan did not move. */
    private void requireUnreferenced(EntityType type, Object id) {
        for (InboundReference reference : graph.referencesTo(type)) {
            ReferenceSql sql = new ReferenceSql(reference);
            ReferenceSql.Condition where = sql.rows(id, reference.table().equalsIgnoreCase(type.table())
                    && reference.rowKeyColumns().equals(type.idColumns())
                    ? RowSelection.allExcept(List.of(id)) : RowSelection.all());
            long left = jdbc.count("select count(*) from " + sql.table + " where " + where.sql(), where.params());
            if (left > 0) {
                throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, left + " rows of " + sql.table
                        + " (" + reference.key() + ") still point at duplicate " + type.name() + " " + id
                        + " (added concurrently?); deleting it could cascade, so the merge was rolled back");
            }
        }
    }

    /** After a successful merge: no managed entity may show state the merge changed underneath it. */
    void synchronizeSession() {
        refreshChangedEntities();
        caches.evictRecords(anyRecordPersister(), records.keySet());
    }

    /**
     * Re-reads managed entities whose rows the SQL steps changed (and the merged records), so none keeps pointing
     * at a duplicate in memory: flushing such an entity after the duplicate is gone would fail or undo the merge.
     */
    private void refreshChangedEntities() {
        session.flush();
        Set<String> roots = new LinkedHashSet<>();
        for (String name : changedSourceEntities) {
            graph.entity(name).ifPresent(t -> roots.add(persister(t).getRootEntityName()));
        }
        List<Object> refresh = new ArrayList<>(refreshAfter);
        records.values().forEach(refresh::add);
        for (Map.Entry<Object, EntityEntry> entry : sessionImplementor.getPersistenceContextInternal()
                .reentrantSafeEntityEntries()) {
            EntityEntry state = entry.getValue();
            if (state.getStatus() == Status.MANAGED && roots.contains(state.getPersister().getRootEntityName())) {
                refresh.add(entry.getKey());
            }
        }
        for (Object entity : new LinkedHashSet<>(refresh)) {
            if (session.contains(entity)) {
                session.refresh(entity);
            }
        }
    }

    private void touched(InboundReference reference, Object from, Object to) {
        if (reference.sourceEntity() != null) {
            changedSourceEntities.add(reference.sourceEntity());
        }
        caches.ownersChanged(reference, from, to);
    }

    @Override
    public void onCompletion(Consumer<Boolean> committed) {
        completion.add(committed);
    }

    void completed(boolean committed) {
        if (completed) {
            return;
        }
        completed = true;
        completion.forEach(c -> c.accept(committed));
    }

    RunMode mode() {
        return mode;
    }

    /** The entity whose rows hold the FK, when the mapping knows one (null for links and catalog-only FKs). */
    private EntityPersister sourcePersister(InboundReference reference) {
        if (reference.kind().isLink() || reference.sourceEntity() == null) {
            return null;
        }
        return graph.entity(reference.sourceEntity()).map(this::persister).orElse(null);
    }

    private EntityType entityType(String name) {
        return graph.entity(name).orElseThrow(() -> new IllegalStateException("unknown entity " + name));
    }

    private EntityPersister anyRecordPersister() {
        return records.isEmpty() ? null : concretePersister(records.values().iterator().next());
    }

    private InboundReference reference(String key) {
        return graph.reference(key).orElseThrow(() -> new IllegalStateException("unknown reference " + key));
    }

    private EntityPersister persister(EntityType type) {
        return factory.getMappingMetamodel().getEntityDescriptor(type.javaType());
    }

    private EntityPersister concretePersister(Object entity) {
        return factory.getMappingMetamodel().getEntityDescriptor(Hibernate.getClass(entity));
    }

    /** The graph's name for a persister's entity (graph names may differ from Hibernate's entity names). */
    private String graphName(EntityPersister persister) {
        return graph.entityByJavaType(persister.getMappedClass().getName()).map(EntityType::name)
                .orElse(persister.getEntityName());
    }
}
