package org.safemerge.hibernate.internal.exec;

import jakarta.persistence.CacheRetrieveMode;
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
import org.safemerge.report.MergeGroup;
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
    /** The executor opened the session for this run: no entity of it is the caller's. */
    private final boolean ownSession;
    /** The merged entity type, once records were locked or read. */
    private EntityType recordType;
    private final SessionImplementor sessionImplementor;
    private final SessionFactoryImplementor factory;
    private final AssociationGraph graph;
    private final RunMode mode;
    private final Duration lockTimeout;
    private final Jdbc jdbc;
    /** The database can report the ids of the rows an UPDATE or DELETE changed ({@code RETURNING}). */
    private final boolean returning;
    /** How one statement re-points the rows of many merge groups (a batch chunk). */
    private final BulkSyntax bulk;
    /** Reference states read ahead for a batch chunk, by reference key and survivor; see {@link #prepare}. */
    private final Map<String, Prepared> prepared = new HashMap<>();
    /** Steps ran since the last prepare(): the records in memory may be stale for the next planning. */
    private boolean changedSincePrepare;
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

    HibernateStore(Session session, boolean ownSession, AssociationGraph graph, RunMode mode, Duration lockTimeout) {
        this.session = session;
        this.ownSession = ownSession;
        this.sessionImplementor = session.unwrap(SessionImplementor.class);
        this.factory = sessionImplementor.getFactory();
        this.graph = graph;
        this.mode = mode;
        this.lockTimeout = lockTimeout;
        this.jdbc = new Jdbc(session);
        this.returning = factory.getJdbcServices().getDialect() instanceof org.hibernate.dialect.PostgreSQLDialect;
        this.bulk = BulkSyntax.of(factory.getJdbcServices().getDialect());
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
        recordType = type;
        RowLocker locker = new RowLocker(session, factory, lockTimeout);
        Set<String> present = locker.lock(type, idsInLockOrder);
        List<Object> load = new ArrayList<>();
        for (Object id : idsInLockOrder) {
            if (!present.contains(Jdbc.sameValue(id))) {
                // gone (e.g. merged by the transaction we waited for): read() must not find it in a stale snapshot
                missingAtLock.add(id);
                continue;
            }
            Object entity = managed(type, id);
            if (entity != null) {
                // Loaded before the lock (by the caller), it may be stale: read the locked row.
                session.refresh(entity);
                remember(id, entity);
            } else {
                // Loaded after the lock, it is the locked row. (Not refreshed: a refresh cascades along
                // cascade=REFRESH/ALL collections and would load every referencing entity into memory.)
                load.add(id);
            }
        }
        load(type, load);
    }

    /** Loads records by id, many per query (a batch chunk locks hundreds). */
    private void load(EntityType type, List<Object> ids) {
        recordType = type;
        Class<?> entityClass = persister(type).getMappedClass();
        for (int from = 0; from < ids.size(); from += RowLocker.SLICE) {
            List<Object> slice = ids.subList(from, Math.min(ids.size(), from + RowLocker.SLICE));
            // from the database, not the second-level cache: the plan must see the rows as locked
            List<?> entities = slice.size() == 1 ? java.util.Collections.singletonList(session.find(entityClass,
                    slice.get(0), CacheRetrieveMode.BYPASS))
                    : session.findMultiple(entityClass, slice, CacheRetrieveMode.BYPASS);
            for (int i = 0; i < slice.size(); i++) {
                if (entities.get(i) != null) {
                    remember(slice.get(i), entities.get(i));
                }
            }
        }
    }

    private void remember(Object id, Object loaded) {
        // find() hands out the proxy when the session has one (e.g. A.parent = B): keep the entity itself, whose
        // fields hold the values
        Object entity = Hibernate.unproxy(loaded);
        records.put(id, entity);
        if (!versionsAtLock.containsKey(id)) {
            EntityPersister concrete = concretePersister(entity);
            versionsAtLock.put(id, concrete.isVersioned() ? concrete.getVersion(entity) : null);
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
        Prepared ahead = prepared.remove(reference.key() + '\u0000' + Jdbc.sameValue(survivorId));
        if (ahead != null && ahead.duplicates().equals(duplicateIds) && ahead.sampleLimit() == sampleLimit) {
            return ahead.state();
        }
        ReferenceSql sql = new ReferenceSql(reference);
        List<Object> records = new ArrayList<>();
        records.add(survivorId);
        records.addAll(duplicateIds);
        return state(sql, survivorId, duplicateIds, pointingAt(sql, records, sampleLimit), null, null, sampleLimit);
    }

    /** A reference state read ahead for one group of a batch chunk. */
    private record Prepared(List<Object> duplicates, int sampleLimit, ReferenceState state) {
    }

    /**
     * Builds one group's state from rows read for the whole chunk; what was not read ahead (identical links of a
     * second duplicate, say) is queried here.
     *
     * @param identicalFirst identical links of each group's first duplicate, by duplicate ({@link Jdbc#sameValue});
     *                       null when not read ahead
     * @param selfRows rows of the survivor pointing at a duplicate, by duplicate; null when not read ahead
     */
    private ReferenceState state(ReferenceSql sql, Object survivorId, List<Object> duplicateIds,
            Map<String, RowSet> pointing, Map<String, RowSet> identicalFirst, Map<String, RowSet> selfRows,
            int sampleLimit) {
        InboundReference reference = sql.reference;
        RowSet survivorRows = pointing.getOrDefault(Jdbc.sameValue(survivorId), RowSet.EMPTY);
        List<RowSet> duplicateRows = new ArrayList<>();
        List<RowSet> identical = new ArrayList<>();
        List<RowSet> self = new ArrayList<>();
        List<Object> earlier = new ArrayList<>();
        earlier.add(survivorId);
        for (Object duplicate : duplicateIds) {
            String key = Jdbc.sameValue(duplicate);
            RowSet rows = pointing.getOrDefault(key, RowSet.EMPTY);
            duplicateRows.add(rows);
            if (reference.kind().isLink()) {
                identical.add(rows.isEmpty() ? RowSet.EMPTY : earlier.size() == 1 && identicalFirst != null
                        ? identicalFirst.getOrDefault(key, RowSet.EMPTY)
                        : rows(sql, sql.identical(duplicate, earlier), sampleLimit));
            }
            if (reference.has(org.safemerge.graph.ReferenceFlag.SELF_REFERENCE) && sql.rowKey.size() == 1) {
                self.add(rows.isEmpty() ? RowSet.EMPTY : selfRows != null
                        ? selfRows.getOrDefault(key, RowSet.EMPTY)
                        : rows(sql, sql.rows(duplicate, RowSelection.only(List.of(survivorId))), sampleLimit));
            }
            earlier.add(duplicate);
        }
        return new ReferenceState(survivorRows, duplicateRows, identical, self);
    }

    /**
     * Reads what {@link #inspect} will be asked for a batch chunk with a few statements per reference for all its
     * groups, instead of a few per group.
     */
    @Override
    public void prepare(EntityType type, List<MergeGroup> groups, int sampleLimit) {
        prepared.clear();
        if (changedSincePrepare) {
            // a later wave plans from rows the earlier one changed
            refreshChangedEntities();
            changedSincePrepare = false;
        }
        List<Object> unread = new ArrayList<>();
        for (MergeGroup group : groups) {
            for (Object id : idsOf(group)) {
                if (!records.containsKey(id) && !missingAtLock.contains(id)) {
                    unread.add(id);
                }
            }
        }
        load(type, unread); // a dry run reads without locking
        for (InboundReference reference : graph.referencesTo(type)) {
            if (reference.columns().size() != 1) {
                continue; // composite keys: inspect() refuses them as for one merge
            }
            ReferenceSql sql = new ReferenceSql(reference);
            for (int from = 0; from < groups.size(); from += bulk.groupsPerStatement()) {
                List<MergeGroup> slice = groups.subList(from, Math.min(groups.size(),
                        from + bulk.groupsPerStatement()));
                List<Object> ids = new ArrayList<>();
                slice.forEach(g -> ids.addAll(idsOf(g)));
                Map<String, RowSet> pointing = pointingAt(sql, ids, sampleLimit);
                Map<String, RowSet> identicalFirst = reference.kind().isLink() && bulk != BulkSyntax.NONE
                        ? identicalOfFirstDuplicates(sql, slice, sampleLimit) : null;
                Map<String, RowSet> selfRows = reference.has(org.safemerge.graph.ReferenceFlag.SELF_REFERENCE)
                        && sql.rowKey.size() == 1 ? survivorRowsPointingAtDuplicates(sql, slice, sampleLimit)
                        : null;
                for (MergeGroup group : slice) {
                    prepared.put(reference.key() + '\u0000' + Jdbc.sameValue(group.survivorId()),
                            new Prepared(group.duplicateIds(), sampleLimit, state(sql, group.survivorId(),
                                    group.duplicateIds(), pointing, identicalFirst, selfRows, sampleLimit)));
                }
            }
        }
    }

    private static List<Object> idsOf(MergeGroup group) {
        List<Object> ids = new ArrayList<>();
        ids.add(group.survivorId());
        ids.addAll(group.duplicateIds());
        return ids;
    }

    /**
     * Links of each group's first duplicate that its survivor has too, for all groups in one statement: a window
     * numbers and counts them per duplicate. A duplicate missing from the map has none.
     */
    private Map<String, RowSet> identicalOfFirstDuplicates(ReferenceSql sql, List<MergeGroup> groups, int limit) {
        List<Object> params = new ArrayList<>();
        BulkSyntax.addPairs(params, groups.stream().map(g -> g.duplicateIds().get(0)).toList(),
                groups.stream().map(MergeGroup::survivorId).toList());
        StringBuilder keys = new StringBuilder();
        StringBuilder outerKeys = new StringBuilder();
        StringBuilder same = new StringBuilder();
        for (int i = 0; i < sql.rowKey.size(); i++) {
            String column = sql.rowKey.get(i);
            keys.append(", sm_t.").append(column).append(" as sm_k").append(i);
            outerKeys.append(", sm_k").append(i);
            same.append(" and sm_e.").append(column).append(" = sm_t.").append(column);
        }
        String order = sql.rowKey.stream().map(c -> "sm_t." + c).collect(java.util.stream.Collectors.joining(", "));
        params.add(limit);
        return jdbc.groupedRows("select sm_d" + outerKeys + ", sm_count from "
                + "(select sm_map.sm_d as sm_d" + keys + ", row_number() over (partition by sm_map.sm_d order by "
                + order + ") as sm_rn, count(*) over (partition by sm_map.sm_d) as sm_count from " + sql.table
                + " sm_t join " + bulk.map(groups.size()) + " on sm_t." + sql.fk + " = sm_map.sm_d where exists "
                + "(select 1 from " + sql.table + " sm_e where sm_e." + sql.fk + " = sm_map.sm_s" + same + ")) "
                + "sm_rows where sm_rn <= ? order by sm_d" + outerKeys, params, sql.rowKey.size());
    }

    /**
     * Rows of the merged table itself (a single-column key) that are a group's survivor and point at one of its
     * duplicates through this reference, for all groups at once. A duplicate missing from the map has none.
     */
    private Map<String, RowSet> survivorRowsPointingAtDuplicates(ReferenceSql sql, List<MergeGroup> groups,
            int limit) {
        Map<String, String> survivorOf = new HashMap<>();
        List<Object> duplicates = new ArrayList<>();
        List<Object> survivors = new ArrayList<>();
        for (MergeGroup group : groups) {
            survivors.add(group.survivorId());
            for (Object duplicate : group.duplicateIds()) {
                duplicates.add(duplicate);
                survivorOf.put(Jdbc.sameValue(duplicate), Jdbc.sameValue(group.survivorId()));
            }
        }
        List<Object> params = new ArrayList<>();
        bulk.addIn(params, duplicates);
        bulk.addIn(params, survivors);
        Map<String, List<Object>> found = new HashMap<>();
        jdbc.forEachRow("select " + sql.fk + ", " + sql.rowKey.get(0) + " from " + sql.table + " where "
                + bulk.in(sql.fk, duplicates.size()) + " and " + bulk.in(sql.rowKey.get(0), survivors.size())
                + " order by " + sql.rowKey.get(0), params, 2, row -> {
                    String duplicate = Jdbc.sameValue(row[0]);
                    if (Jdbc.sameValue(row[1]).equals(survivorOf.get(duplicate))) {
                        found.computeIfAbsent(duplicate, k -> new ArrayList<>()).add(row[1]);
                    }
                });
        Map<String, RowSet> rows = new HashMap<>();
        found.forEach((duplicate, ids) -> rows.put(duplicate, new RowSet(ids.size(),
                ids.subList(0, Math.min(limit, ids.size())))));
        return rows;
    }

    /**
     * Counts and samples the rows pointing at each record in one statement (one scan of the table instead of two
     * per record): a window function numbers each record's rows by key and counts them.
     */
    private Map<String, RowSet> pointingAt(ReferenceSql sql, List<Object> records, int limit) {
        String in = bulk.in(sql.fk, records.size());
        List<Object> params = new ArrayList<>();
        bulk.addIn(params, records);
        if (!sql.hasRowKey()) {
            return jdbc.groupedRows("select " + sql.fk + ", count(*) from " + sql.table + " where " + in
                    + " group by " + sql.fk, params, 0);
        }
        if (limit == 1 && sql.rowKey.size() == 1) {
            // one sample per record (a batch execution): a plain aggregate, no window to compute
            return jdbc.groupedRows("select " + sql.fk + ", min(" + sql.rowKey.get(0) + "), count(*) from "
                    + sql.table + " where " + in + " group by " + sql.fk, params, 1);
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
                + "(partition by " + sql.fk + ") as sm_count from " + sql.table + " where " + in
                + ") sm_rows where sm_rn <= ? order by sm_fk" + outerKeys, params, sql.rowKey.size());
    }

    private RowSet rows(ReferenceSql sql, ReferenceSql.Condition where, int limit) {
        String from = " from " + sql.table + " where " + where.sql();
        return jdbc.rowSet("select count(*)" + from, "select " + (sql.hasRowKey() ? sql.rowKeyList() : "1") + from
                + (sql.hasRowKey() ? " order by " + sql.rowKeyList() : ""), where.params(), sql.rowKey.size(), limit);
    }

    @Override
    public long apply(Step step, StepContext context) {
        changedSincePrepare = true;
        if (step instanceof SetAttribute set) {
            return setAttribute(set);
        }
        flushAttributes();
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

    /** One flush for consecutive attribute steps: one UPDATE per survivor, one version increment. */
    private void flushAttributes() {
        if (attributesWritten) {
            session.flush();
            attributesWritten = false;
        }
    }

    /**
     * The same step of many groups of a batch chunk: re-pointing, unassigning, moving and de-duplicating links of
     * all groups run as one statement per reference, joined to an inline map of duplicate to survivor; duplicates
     * are deleted together. Anything else (row selections, ordered collections, tables without a key, databases
     * without a bulk form) runs step by step, exactly as for one merge.
     */
    @Override
    public long[] applyAll(List<Step> steps, List<StepContext> contexts) {
        changedSincePrepare = true;
        Step first = steps.get(0);
        if (steps.size() > 1 && bulk != BulkSyntax.NONE) {
            if (first instanceof RepointReferences || first instanceof MoveLinks
                    || first instanceof UnassignReferences || first instanceof SkipDuplicateLinks) {
                InboundReference reference = reference(((RowStep) first).reference());
                ReferenceSql sql = new ReferenceSql(reference);
                if (sql.hasRowKey() && reference.orderColumn() == null
                        && steps.stream().allMatch(s -> ((RowStep) s).selection().isAll())) {
                    flushAttributes();
                    return changeRowsOfGroups(sql, steps, contexts);
                }
            } else if (first instanceof DeleteDuplicate) {
                flushAttributes();
                return deleteDuplicates(steps);
            }
        }
        return MergeStore.super.applyAll(steps, contexts);
    }

    /**
     * One row step of many groups in one statement per slice of groups. The rows' ids come back with the
     * duplicate each pointed at (RETURNING on PostgreSQL, a locking SELECT elsewhere), so every group's audit gets
     * its own rows, and every group must find exactly the rows its plan counted.
     */
    private long[] changeRowsOfGroups(ReferenceSql sql, List<Step> steps, List<StepContext> contexts) {
        long[] changed = new long[steps.size()];
        for (int from = 0; from < steps.size(); from += bulk.groupsPerStatement()) {
            GroupSlice slice = new GroupSlice(sql, steps, contexts, from,
                    Math.min(steps.size(), from + bulk.groupsPerStatement()));
            if (bulk == BulkSyntax.H2) {
                changeRowsInJdbcBatches(slice);
            } else {
                changeRowsJoinedToMap(slice);
            }
            slice.finish(changed);
        }
        return changed;
    }

    private void changeRowsJoinedToMap(GroupSlice slice) {
        ReferenceSql sql = slice.sql;
        int keys = sql.rowKey.size();
        int pairs = slice.duplicates.size();
        List<Object> params = new ArrayList<>(slice.duplicates);
        String where;
        if (slice.kind instanceof SkipDuplicateLinks) {
            where = sql.identicalToSurvivors(pairs, bulk.map(pairs), bulk != BulkSyntax.MYSQL);
            BulkSyntax.addPairs(params, slice.duplicates, slice.survivors);
        } else {
            where = sql.fk + " in (" + ReferenceSql.placeholders(pairs) + ")";
        }
        boolean moves = slice.kind instanceof RepointReferences || slice.kind instanceof MoveLinks;
        List<Object> mutationParams = new ArrayList<>();
        String mutation;
        if (moves) {
            // the map's pairs are the parameters; the IN list is not needed
            mutation = bulk.repoint(sql.table, sql.fk, pairs);
            BulkSyntax.addPairs(mutationParams, slice.duplicates, slice.survivors);
        } else if (slice.kind instanceof UnassignReferences && returning) {
            // joined to the map only to return the duplicate each row pointed at (RETURNING sees new values)
            mutation = "update " + sql.table + " set " + sql.fk + " = null from " + bulk.map(pairs) + " where "
                    + sql.table + "." + sql.fk + " = sm_map.sm_d";
            BulkSyntax.addPairs(mutationParams, slice.duplicates, slice.duplicates);
        } else {
            mutation = (slice.kind instanceof UnassignReferences ? "update " + sql.table + " set " + sql.fk
                    + " = null" : "delete from " + sql.table) + " where " + where;
            mutationParams.addAll(params);
        }
        if (returning) {
            String owner = moves || slice.kind instanceof UnassignReferences ? "sm_map.sm_d" : sql.fk;
            jdbc.forEachRow(mutation + " returning " + sql.rowKeyList() + ", " + owner, mutationParams, keys + 1,
                    slice::add);
            return;
        }
        long selected = jdbc.forEachRow("select " + sql.rowKeyList() + ", " + sql.fk + " from " + sql.table
                + " where " + where + " order by " + sql.fk + ", " + sql.rowKeyList() + " for update", params,
                keys + 1, slice::add);
        requireAllChanged(sql, jdbc.update(mutation, mutationParams), selected);
    }

    /**
     * H2 (in the JVM, no round trips) joins an inline map badly (it reads the map once per row), so there the rows
     * are selected for all groups at once and changed by one JDBC batch of per-group statements; identical links
     * are found in memory from the links of the chunk's duplicates and survivors.
     */
    private void changeRowsInJdbcBatches(GroupSlice slice) {
        ReferenceSql sql = slice.sql;
        int keys = sql.rowKey.size();
        boolean skip = slice.kind instanceof SkipDuplicateLinks;
        List<Object> owners = new ArrayList<>(slice.duplicates);
        if (skip) {
            owners.addAll(slice.survivors);
        }
        List<Object> params = new ArrayList<>();
        bulk.addIn(params, owners);
        // survivors' links by survivor, then each duplicate link the survivor has too
        Map<String, Set<List<String>>> survivorLinks = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        jdbc.forEachRow("select " + sql.rowKeyList() + ", " + sql.fk + " from " + sql.table + " where "
                + bulk.in(sql.fk, owners.size()) + " order by " + sql.fk + ", " + sql.rowKeyList() + " for update",
                params, keys + 1, row -> {
                    String owner = Jdbc.sameValue(row[keys]);
                    if (slice.byDuplicate.containsKey(owner)) {
                        rows.add(row);
                    } else {
                        survivorLinks.computeIfAbsent(owner, k -> new HashSet<>()).add(sameValues(row, keys));
                    }
                });
        List<List<Object>> batch = new ArrayList<>();
        long selected = 0;
        for (Object[] row : rows) {
            if (skip && !survivorLinks.getOrDefault(slice.survivorOf(row[keys]), Set.of())
                    .contains(sameValues(row, keys))) {
                continue;
            }
            slice.add(row);
            selected++;
            if (skip) {
                batch.add(java.util.Arrays.asList(row));
            }
        }
        long changed;
        if (skip) {
            changed = jdbc.batchUpdate("delete from " + sql.table + " where " + String.join(" = ? and ", sql.rowKey)
                    + " = ? and " + sql.fk + " = ?", batch);
        } else if (slice.kind instanceof UnassignReferences) {
            List<Object> unassign = new ArrayList<>();
            bulk.addIn(unassign, slice.duplicates);
            changed = jdbc.update("update " + sql.table + " set " + sql.fk + " = null where "
                    + bulk.in(sql.fk, slice.duplicates.size()), unassign);
        } else {
            for (int i = 0; i < slice.duplicates.size(); i++) {
                batch.add(List.of(slice.survivors.get(i), slice.duplicates.get(i)));
            }
            changed = jdbc.batchUpdate("update " + sql.table + " set " + sql.fk + " = ? where " + sql.fk + " = ?",
                    batch);
        }
        requireAllChanged(sql, changed, selected);
    }

    /** The statement changed other rows than were selected (and locked) for it: rows appeared meanwhile. */
    private static void requireAllChanged(ReferenceSql sql, long changed, long selected) {
        if (changed != selected) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, changed + " rows of " + sql.table + " ("
                    + sql.reference.key() + ") changed where " + selected + " were selected: rows were added "
                    + "concurrently; the merge was rolled back, try again");
        }
    }

    /** Where a moving row step sends its rows (null for steps that unassign or remove rows). */
    private static Object target(RowStep step) {
        return step instanceof RepointReferences r ? r.to() : step instanceof MoveLinks m ? m.to() : null;
    }

    /** The survivor a step's rows go to or are compared with (skipping identical links compares). */
    private static Object survivor(RowStep step) {
        return step instanceof SkipDuplicateLinks skip ? skip.to() : target(step);
    }

    /**
     * The steps one bulk statement carries out: the groups' duplicates and survivors, and each group's collector
     * of the row ids it changed, found by the duplicate a row pointed at.
     */
    private final class GroupSlice {
        private final ReferenceSql sql;
        private final List<Step> steps;
        private final Step kind;
        private final List<Object> duplicates = new ArrayList<>();
        private final List<Object> survivors = new ArrayList<>();
        private final Map<String, GroupRows> byDuplicate = new HashMap<>();
        private final Map<String, Object> survivorByDuplicate = new HashMap<>();

        GroupSlice(ReferenceSql sql, List<Step> steps, List<StepContext> contexts, int from, int to) {
            this.sql = sql;
            this.steps = steps;
            this.kind = steps.get(from);
            EntityPersister source = sourcePersister(sql.reference);
            for (int i = from; i < to; i++) {
                RowStep step = (RowStep) steps.get(i);
                String duplicate = Jdbc.sameValue(step.from());
                duplicates.add(step.from());
                Object survivor = survivor(step);
                survivors.add(survivor);
                survivorByDuplicate.put(duplicate, survivor == null ? null : Jdbc.sameValue(survivor));
                byDuplicate.put(duplicate, new GroupRows(i, contexts.get(i), sql.reference, source));
            }
        }

        /** A changed row: its key columns, then the duplicate it pointed at. */
        void add(Object[] row) {
            int keys = sql.rowKey.size();
            byDuplicate.get(Jdbc.sameValue(row[keys])).add(keys == 1 ? row[0]
                    : java.util.Arrays.asList(java.util.Arrays.copyOf(row, keys)));
        }

        /** The survivor (as {@link Jdbc#sameValue}) of the group whose duplicate is {@code duplicate}. */
        Object survivorOf(Object duplicate) {
            return survivorByDuplicate.get(Jdbc.sameValue(duplicate));
        }

        /** Hands on the last row ids and checks that each group changed exactly the rows its plan counted. */
        void finish(long[] changed) {
            for (GroupRows rows : byDuplicate.values()) {
                rows.flush();
                RowStep step = (RowStep) steps.get(rows.index);
                requirePlanned(step, sql.reference, sql, rows.count);
                changed[rows.index] = rows.count;
                touched(sql.reference, step.from(), target(step));
            }
        }
    }

    private static List<String> sameValues(Object[] row, int count) {
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(Jdbc.sameValue(row[i]));
        }
        return values;
    }

    /** Collects one group's changed row ids and hands them on in chunks, ascending within each chunk. */
    private final class GroupRows {
        private final int index;
        private final StepContext context;
        private final InboundReference reference;
        private final EntityPersister source;
        private final List<Object> ids = new ArrayList<>();
        private long count;

        GroupRows(int index, StepContext context, InboundReference reference, EntityPersister source) {
            this.index = index;
            this.context = context;
            this.reference = reference;
            this.source = source;
        }

        void add(Object id) {
            ids.add(id);
            count++;
            if (ids.size() == context.chunkSize()) {
                flush();
            }
        }

        void flush() {
            if (ids.isEmpty()) {
                return;
            }
            List<Object> ordered = ascending(List.copyOf(ids));
            ids.clear();
            context.rowIds().accept(ordered);
            caches.rowsChanged(reference, source, ordered);
        }
    }

    /**
     * Deletes the duplicates of many groups: one check per reference that nothing points at any of them, one
     * re-read of the changed entities, then every removal through the session (firewall, cascades, caches) and one
     * flush, with JDBC batching on for it.
     */
    private long[] deleteDuplicates(List<Step> steps) {
        EntityType type = entityType(((DeleteDuplicate) steps.get(0)).entity());
        List<Object> ids = steps.stream().map(s -> ((DeleteDuplicate) s).id()).toList();
        requireUnreferenced(type, ids);
        for (Object id : ids) {
            caches.evictRecord(concretePersister(records.get(id)), id);
        }
        // re-reads every record, so whatever cascades the mapping has find nothing to cascade to
        refreshChangedEntities();
        for (Object id : ids) {
            Object stale = records.remove(id);
            EntityPersister persister = concretePersister(stale);
            refuseCascadingToOnes(persister, stale, id);
            allowedDeletes.add(DeleteFirewall.key(persister, id));
            session.remove(stale);
        }
        Integer batchSize = session.getJdbcBatchSize();
        session.setJdbcBatchSize(Math.max(batchSize == null ? 0 : batchSize, 100));
        try {
            session.flush();
        } finally {
            session.setJdbcBatchSize(batchSize);
        }
        long[] deleted = new long[steps.size()];
        java.util.Arrays.fill(deleted, 1);
        return deleted;
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
            Object to = target(step);
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
            touched(reference, step.from(), target(step));
            return changed;
        }
        long selected = sql.hasRowKey()
                ? jdbc.stream("select " + sql.rowKeyList() + " from " + sql.table + " where " + where.sql()
                        + " order by " + sql.rowKeyList() + " for update", where.params(), sql.rowKey.size(),
                        context.chunkSize(), ids)
                : jdbc.count("select count(*) from " + sql.table + " where " + where.sql(), where.params());
        requirePlanned(step, reference, sql, selected);
        long changed = jdbc.update(mutation, params);
        requireAllChanged(sql, changed, selected);
        if (!sql.hasRowKey() && changed > 0) {
            context.rowIds().accept(List.of());
        }
        compactOrder(reference, sql, step);
        touched(reference, step.from(), target(step));
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

    /** Rule 3 for many duplicates at once: one grouped count per reference. */
    private void requireUnreferenced(EntityType type, List<Object> ids) {
        for (InboundReference reference : graph.referencesTo(type)) {
            ReferenceSql sql = new ReferenceSql(reference);
            // the duplicate's own row may point at itself; it goes with the duplicate
            String notItself = reference.table().equalsIgnoreCase(type.table())
                    && reference.rowKeyColumns().equals(type.idColumns()) ? " and " + sql.rowKey.get(0) + " <> "
                    + sql.fk : "";
            int step = bulk.groupsPerStatement();
            for (int from = 0; from < ids.size(); from += step) {
                List<Object> slice = ids.subList(from, Math.min(ids.size(), from + step));
                List<Object> params = new ArrayList<>();
                bulk.addIn(params, slice);
                jdbc.forEachRow("select " + sql.fk + ", count(*) from " + sql.table + " where "
                        + bulk.in(sql.fk, slice.size()) + notItself + " group by " + sql.fk, params, 2,
                        row -> {
                            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, row[1] + " rows of "
                                    + sql.table + " (" + reference.key() + ") still point at duplicate "
                                    + type.name() + " " + row[0] + " (added concurrently?); deleting it could "
                                    + "cascade, so the merge was rolled back");
                        });
            }
        }
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
        if (!ownSession) {
            refreshChangedEntities(); // the session is closed right after otherwise
        }
        caches.evictRecords(anyRecordPersister(), records.keySet());
    }

    /**
     * Re-reads managed entities whose rows the SQL steps changed (and the merged records), so none keeps pointing
     * at a duplicate in memory: flushing such an entity after the duplicate is gone would fail or undo the merge.
     */
    private void refreshChangedEntities() {
        session.flush();
        if (ownSession && recordType != null) {
            // No entity of this session is the caller's: start afresh and re-read the records many per query,
            // rather than one refresh per entity (a batch chunk holds hundreds).
            session.clear();
            List<Object> ids = new ArrayList<>(records.keySet());
            records.clear();
            refreshAfter.clear();
            load(recordType, ids);
            return;
        }
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
