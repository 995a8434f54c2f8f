package org.safemerge.testing;

import static org.safemerge.testing.InMemoryDatabase.norm;
import static org.safemerge.testing.InMemoryDatabase.same;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowSelection;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.StepVisitor;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RowSet;
import org.safemerge.spi.RunMode;
import org.safemerge.spi.TombstoneMarker;
import org.safemerge.spi.UniqueConflict;
import org.safemerge.spi.UniqueConflicts;
import org.safemerge.graph.UniqueKey;
import org.safemerge.report.ChangeRows;
import org.safemerge.testing.InMemoryDatabase.Row;

/**
 * A {@link MergeExecutor} over an {@link InMemoryDatabase}, with the exact semantics the SPI documents: transactions
 * by snapshot and restore ({@code EXECUTE} commits, {@code READ_ONLY} and {@code REHEARSE} and failures restore),
 * the caller's transaction joined when one is open ({@link #inCallerTransaction}), every step checked against the
 * database's constraints as it is applied. It is strict where a real database would be lenient too: a dry run that
 * writes, a step before the lock, a selection naming rows that do not point at the step's record, a stale
 * {@code SetAttribute}, or deleting a duplicate that something still references (which would cascade) all fail.
 *
 * <p>Entity tables: id in the id columns, attributes in columns of their name, to-ones in the FK column of the
 * reference named {@code Entity.attribute}, the concrete type in {@value InMemoryDatabase#TYPE_COLUMN} (absent:
 * the table's root type), the version in the version attribute's column, soft deletion as {@code TRUE} in the
 * soft-delete column. Merge guards get a record's row values as its entity and the database through
 * {@code unwrap(InMemoryDatabase.class)}. Test hooks: {@link #failAfter}, {@link #failOnCommit},
 * {@link #lockUnavailable}, {@link #ignoreChunkSize}, {@link #holdsLock}. Not thread-safe: one test, one thread.
 */
public final class InMemoryExecutor implements MergeExecutor {
    private final AssociationGraph graph;
    private final InMemoryDatabase db;
    private Transaction callerTransaction;
    private Predicate<Step> failAfter = step -> false;
    private boolean failOnCommit;
    private boolean oneChunk;
    private final Set<Object> unavailable = new HashSet<>();
    /** The records the running merge has locked, until its run ends. */
    private final Set<Object> held = new HashSet<>();
    private final List<RunMode> runs = new ArrayList<>();
    private final List<List<Object>> locks = new ArrayList<>();
    private final List<Step> applied = new ArrayList<>();
    private final List<List<Step>> together = new ArrayList<>();

    public InMemoryExecutor(AssociationGraph graph, InMemoryDatabase db) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The graph and a database whose schema follows it. */
    public static InMemoryExecutor of(AssociationGraph graph) {
        return new InMemoryExecutor(graph, InMemoryDatabase.of(graph));
    }

    public InMemoryDatabase db() {
        return db;
    }

    /** After applying the first step that matches, fail as a database would (the step's writes happened). */
    public InMemoryExecutor failAfter(Predicate<Step> step) {
        this.failAfter = Objects.requireNonNull(step, "step");
        return this;
    }

    /** Fail when committing a transaction of our own, after the work returned (like a failing final flush). */
    public InMemoryExecutor failOnCommit() {
        this.failOnCommit = true;
        return this;
    }

    /** Misbehave: hand every step's row ids over in one chunk, whatever {@code chunkSize()} says. */
    public InMemoryExecutor ignoreChunkSize() {
        this.oneChunk = true;
        return this;
    }

    /** Another transaction holds the lock on this record: {@code lock} fails with CONCURRENT_MODIFICATION. */
    public InMemoryExecutor lockUnavailable(Object id) {
        unavailable.add(norm(id));
        return this;
    }

    /** Whether a merge running right now holds the lock on this record (e.g. asked from a merge guard). */
    public boolean holdsLock(Object id) {
        return held.contains(norm(id));
    }

    /** The modes of every {@link #run}, in order. */
    public List<RunMode> runs() {
        return List.copyOf(runs);
    }

    /** The ids of every {@code lock} call, in the order given. */
    public List<List<Object>> locks() {
        return List.copyOf(locks);
    }

    /** The steps of every {@code applyTogether} call, in order. */
    public List<List<Step>> appliedTogether() {
        return List.copyOf(together);
    }

    /** Every step applied, in order, including those later rolled back. */
    public List<Step> appliedSteps() {
        return List.copyOf(applied);
    }

    /**
     * Runs {@code body} in a transaction of the caller: merges inside it join it, and its end (commit, or rollback
     * when {@code body} throws or a merge failed) is when their completion callbacks run.
     */
    public void inCallerTransaction(Runnable body) {
        Transaction tx = new Transaction(db.snapshot());
        callerTransaction = tx;
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            callerTransaction = null;
            tx.rollback();
            throw e;
        }
        callerTransaction = null;
        if (tx.rollbackOnly) {
            tx.rollback();
        } else {
            tx.commit();
        }
    }

    @Override
    public AssociationGraph graph() {
        return graph;
    }

    @Override
    public boolean joinsCallerTransaction() {
        return callerTransaction != null;
    }

    @Override
    public <R> R run(RunMode mode, Function<MergeStore, R> work) {
        runs.add(mode);
        db.check(); // a broken fixture must not look like a merge bug
        boolean joined = callerTransaction != null && mode != RunMode.REHEARSE;
        Transaction tx = joined ? callerTransaction : new Transaction(db.snapshot());
        Store store = new Store(mode, tx);
        R result;
        try {
            result = work.apply(store);
        } catch (RuntimeException | Error e) {
            store.open = false;
            held.clear();
            if (joined) {
                tx.rollbackOnly |= mode != RunMode.READ_ONLY;
            } else {
                tx.rollback();
            }
            throw e;
        }
        store.open = false;
        held.clear();
        if (!joined) {
            if (mode != RunMode.EXECUTE) {
                tx.rollback();
            } else if (failOnCommit) {
                tx.rollback();
                throw new IllegalStateException("injected failure on commit");
            } else {
                tx.commit();
            }
        }
        return result;
    }

    /** A transaction: the data before it, and who wants to hear how it ended. */
    private final class Transaction {
        private final InMemoryDatabase.Snapshot before;
        private final List<Consumer<Boolean>> callbacks = new ArrayList<>();
        private boolean rollbackOnly;

        Transaction(InMemoryDatabase.Snapshot before) {
            this.before = before;
        }

        void commit() {
            callbacks.forEach(c -> c.accept(true));
        }

        void rollback() {
            db.restore(before);
            callbacks.forEach(c -> c.accept(false));
        }
    }

    private final class Store implements MergeStore {
        private final RunMode mode;
        private final Transaction tx;
        private boolean open = true;
        private boolean locked;

        Store(RunMode mode, Transaction tx) {
            this.mode = mode;
            this.tx = tx;
        }

        @Override
        public void lock(EntityType type, List<Object> idsInLockOrder) {
            requireOpen();
            if (mode == RunMode.READ_ONLY) {
                throw new IllegalStateException("a read-only run takes no locks");
            }
            locks.add(List.copyOf(idsInLockOrder));
            for (Object id : idsInLockOrder) {
                if (unavailable.contains(norm(id))) {
                    throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, type.name() + " " + id
                            + " is locked by another transaction");
                }
            }
            locked = true;
            idsInLockOrder.forEach(id -> held.add(norm(id)));
        }

        @Override
        public Optional<EntitySnapshot> read(EntityType type, Object id) {
            requireOpen();
            Row row = entityRow(type, id);
            if (row == null) {
                return Optional.empty();
            }
            EntityType concrete = concreteType(type, row);
            if (concrete.softDeleted() && Boolean.TRUE.equals(row.values.get(concrete.softDeleteColumn()))) {
                return Optional.empty();
            }
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (EntityAttribute attribute : concrete.attributes()) {
                AttributeKind kind = attribute.kind();
                if (kind == AttributeKind.BASIC || kind == AttributeKind.EMBEDDED) {
                    values.put(attribute.name(), row.values.get(column(concrete, attribute)));
                } else if (kind == AttributeKind.TO_ONE) {
                    // a to-one holds the target's id, typed like ids (Long), as an ORM would return it
                    values.put(attribute.name(), norm(row.values.get(column(concrete, attribute))));
                }
            }
            Object version = concrete.versioned() ? row.values.get(concrete.versionAttribute()) : null;
            return Optional.of(new EntitySnapshot(concrete.name(), id, version, values));
        }

        @Override
        public ReferenceState inspect(InboundReference reference, Object survivorId, List<Object> duplicateIds,
                int sampleLimit) {
            requireOpen();
            List<Row> survivorRows = pointingAt(reference, survivorId);
            Set<Object> seenLinks = new HashSet<>(rowIds(reference, survivorRows));
            List<RowSet> duplicates = new ArrayList<>();
            List<RowSet> identical = new ArrayList<>();
            List<RowSet> selfRows = new ArrayList<>();
            for (Object duplicate : duplicateIds) {
                List<Row> rows = pointingAt(reference, duplicate);
                duplicates.add(rowSet(reference, rows, sampleLimit));
                if (reference.kind().isLink()) {
                    identical.add(rowSet(reference, rows.stream()
                            .filter(r -> seenLinks.contains(rowId(reference, r))).toList(), sampleLimit));
                    seenLinks.addAll(rowIds(reference, rows));
                }
                if (reference.has(ReferenceFlag.SELF_REFERENCE)) {
                    selfRows.add(rowSet(reference, rows.stream()
                            .filter(r -> same(rowId(reference, r), survivorId)).toList(), sampleLimit));
                }
            }
            return new ReferenceState(rowSet(reference, survivorRows, sampleLimit), duplicates, identical, selfRows);
        }

        /** Every pair, compared in memory; the rows of each record in row-id order, the survivor's first. */
        @Override
        public UniqueConflicts conflicts(InboundReference reference, UniqueKey key, Object survivorId,
                List<Object> duplicateIds, int limit) {
            requireOpen();
            List<String> others = key.otherColumns(reference.columns());
            List<Object> owners = new ArrayList<>();
            owners.add(survivorId);
            owners.addAll(duplicateIds);
            List<UniqueConflict> found = new ArrayList<>();
            for (int d = 0; d < duplicateIds.size(); d++) {
                for (Row row : keyed(reference, key, others, duplicateIds.get(d))) {
                    List<Object> values = others.stream().map(c -> norm(row.values.get(c))).toList();
                    for (int o = 0; o <= d; o++) {
                        for (Row other : keyed(reference, key, others, owners.get(o))) {
                            if (others.stream().map(c -> norm(other.values.get(c))).toList().equals(values)) {
                                found.add(new UniqueConflict(duplicateIds.get(d), rowId(reference, row),
                                        owners.get(o), rowId(reference, other), values));
                            }
                        }
                    }
                }
            }
            return new UniqueConflicts(found.size(), found.subList(0, Math.min(limit, found.size())));
        }

        /** Rows pointing at {@code owner} that are in the key: no NULL in its other columns, predicate matched. */
        private List<Row> keyed(InboundReference reference, UniqueKey key, List<String> others, Object owner) {
            return pointingAt(reference, owner).stream()
                    .filter(r -> others.stream().noneMatch(c -> r.values.get(c) == null))
                    .filter(r -> InMemoryDatabase.matches(key.predicate(), r.values))
                    .sorted((a, b) -> InMemoryDatabase.ROW_ID_ORDER.compare(rowId(reference, a), rowId(reference, b)))
                    .toList();
        }

        @Override
        public long[] applyTogether(List<RowStep> steps, List<StepContext> contexts) {
            together.add(List.copyOf(steps));
            return MergeStore.super.applyTogether(steps, contexts);
        }

        @Override
        public long apply(Step step, StepContext context) {
            requireOpen();
            if (mode == RunMode.READ_ONLY) {
                throw new IllegalStateException("a read-only run must not write, but got " + step);
            }
            if (!locked) {
                throw new IllegalStateException("apply before lock: " + step);
            }
            long rows = step.accept(new Applier(context));
            applied.add(step);
            db.check();
            if (failAfter.test(step)) {
                throw new IllegalStateException("injected failure after " + step.kind() + " " + step.subject());
            }
            return rows;
        }

        /** A record's row as the application sees it in this store: its column values, read only. */
        @Override
        public Optional<Object> entity(EntityType type, Object id) {
            requireOpen();
            return Optional.ofNullable(entityRow(type, id)).map(row -> Collections.unmodifiableMap(row.values));
        }

        /** The {@link InMemoryDatabase}, for guards that query it. */
        @Override
        public <X> Optional<X> unwrap(Class<X> type) {
            requireOpen();
            return type.isInstance(db) ? Optional.of(type.cast(db)) : Optional.empty();
        }

        @Override
        public void onCompletion(Consumer<Boolean> committed) {
            requireOpen();
            tx.callbacks.add(committed);
        }

        private void requireOpen() {
            if (!open) {
                throw new IllegalStateException("the store is used outside its run()");
            }
        }
    }

    /** Carries out one step on the database; returns the rows it changed. */
    private final class Applier implements StepVisitor<Long> {
        private final MergeStore.StepContext context;

        Applier(MergeStore.StepContext context) {
            this.context = context;
        }

        @Override
        public Long repointReferences(RepointReferences step) {
            return point(step, step.to());
        }

        @Override
        public Long moveLinks(MoveLinks step) {
            return point(step, step.to());
        }

        @Override
        public Long unassignReferences(UnassignReferences step) {
            return point(step, null);
        }

        @Override
        public Long deleteReferencingRows(DeleteReferencingRows step) {
            return delete(step, selected(step));
        }

        @Override
        public Long removeLinks(RemoveLinks step) {
            return delete(step, selected(step));
        }

        @Override
        public Long skipDuplicateLinks(SkipDuplicateLinks step) {
            InboundReference reference = reference(step);
            List<Row> rows = selected(step);
            Set<Object> kept = new HashSet<>(rowIds(reference, pointingAt(reference, step.to())));
            return delete(step, rows.stream().filter(r -> kept.contains(rowId(reference, r))).toList());
        }

        @Override
        public Long changeRows(ChangeRows step) {
            InboundReference reference = reference(step);
            List<Row> rows = selected(step);
            reportIds(rowIds(reference, rows), context);
            rows.forEach(r -> r.values.putAll(step.values()));
            return (long) rows.size();
        }

        @Override
        public Long resolveConflict(ResolveConflict step) {
            return 0L; // a decision; its row changes are separate steps
        }

        @Override
        public Long setAttribute(SetAttribute set) {
            EntityType type = entity(set.entity());
            Row row = requireRow(type, set.id());
            EntityType concrete = concreteType(type, row);
            String column = column(concrete, concrete.attribute(set.attribute()).orElseThrow());
            if (!same(row.values.get(column), set.before())) {
                throw new IllegalStateException("stale " + set + ": " + column + " is " + row.values.get(column));
            }
            row.values.put(column, set.after());
            return 1L;
        }

        @Override
        public Long bumpVersion(BumpVersion bump) {
            Row row = requireRow(entity(bump.entity()), bump.id());
            Object version = row.values.get(bump.versionAttribute());
            row.values.put(bump.versionAttribute(), version == null ? 0L : ((Number) version).longValue() + 1);
            return 1L;
        }

        @Override
        public Long deleteDuplicate(DeleteDuplicate delete) {
            EntityType type = entity(delete.entity());
            Row row = requireRow(type, delete.id());
            List<String> referencing = db.referencesTo(type.table(), row);
            if (!referencing.isEmpty()) {
                throw new IllegalStateException("deleting duplicate " + delete.id() + " would cascade or fail: "
                        + "still referenced by " + referencing);
            }
            if (delete.soft()) {
                row.values.put(type.softDeleteColumn(), true);
            } else {
                db.delete(type.table(), List.of(row));
            }
            return 1L;
        }

        @Override
        public Long keepDuplicate(KeepDuplicate keep) {
            TombstoneMarker<Object> marker = context.tombstoneMarker();
            if (marker == null) {
                throw new IllegalStateException("KeepDuplicate without a tombstone marker");
            }
            marker.mark(requireRow(entity(keep.entity()), keep.id()).values, keep.survivorId());
            return 1L;
        }

        private InboundReference reference(RowStep step) {
            return graph.reference(step.reference()).orElseThrow(
                    () -> new IllegalStateException("step names unknown reference " + step.reference()));
        }

        /** The rows the step selects, of those pointing at its record. */
        private List<Row> selected(RowStep step) {
            return select(reference(step), step.from(), step.selection());
        }

        /** Points the selected rows at {@code to} (null: unassigns them), their ids reported first. */
        private long point(RowStep step, Object to) {
            InboundReference reference = reference(step);
            List<Row> rows = selected(step);
            reportIds(rowIds(reference, rows), context);
            rows.forEach(r -> InMemoryExecutor.point(reference, r, to));
            return rows.size();
        }

        /** Deletes {@code rows} of the step's table, their ids reported first. */
        private long delete(RowStep step, List<Row> rows) {
            InboundReference reference = reference(step);
            reportIds(rowIds(reference, rows), context);
            db.delete(reference.table(), rows);
            return rows.size();
        }
    }

    private EntityType entity(String name) {
        return graph.entity(name).orElseThrow(() -> new IllegalStateException("unknown entity " + name));
    }

    private Row entityRow(EntityType type, Object id) {
        return db.live(type.table()).stream().filter(r -> same(db.keyOf(type.table(), r), id)).findFirst()
                .orElse(null);
    }

    private Row requireRow(EntityType type, Object id) {
        Row row = entityRow(type, id);
        if (row == null) {
            throw new IllegalStateException(type.name() + " " + id + " does not exist");
        }
        return row;
    }

    private EntityType concreteType(EntityType type, Row row) {
        Object name = row.values.get(InMemoryDatabase.TYPE_COLUMN);
        if (name == null) {
            return graph.root(type);
        }
        return graph.entity(name.toString()).orElseGet(() -> new EntityType(name.toString(), "unknown",
                type.table(), type.idColumns(), type.idAttribute(), null, null, List.of(), List.of(), null));
    }

    /** The column of an attribute: a to-one's FK column (its reference is named {@code Type.attribute}). */
    private String column(EntityType type, EntityAttribute attribute) {
        if (attribute.kind() == AttributeKind.TO_ONE) {
            for (EntityType t : graph.typeAndSupertypes(type)) {
                String name = t.name() + "." + attribute.name();
                for (InboundReference reference : graph.references()) {
                    if (reference.table().equals(type.table()) && reference.names().contains(name)) {
                        return reference.columns().get(0);
                    }
                }
            }
        }
        return attribute.name();
    }

    private List<Row> pointingAt(InboundReference reference, Object id) {
        return db.live(reference.table()).stream().filter(r -> same(fkValue(reference, r), id)).toList();
    }

    private List<Row> select(InboundReference reference, Object from, RowSelection selection) {
        List<Row> rows = pointingAt(reference, from);
        if (selection.only() != null) {
            List<Row> chosen = rows.stream().filter(r -> contains(selection.only(), rowId(reference, r))).toList();
            if (chosen.size() != selection.only().size()) {
                throw new IllegalStateException("selection " + selection.only() + " names rows of "
                        + reference.key() + " that do not point at " + from);
            }
            return chosen;
        }
        return rows.stream().filter(r -> !contains(selection.except(), rowId(reference, r))).toList();
    }

    private static boolean contains(List<Object> ids, Object id) {
        return ids.stream().anyMatch(candidate -> same(candidate, id));
    }

    private static Object fkValue(InboundReference reference, Row row) {
        List<String> columns = reference.columns();
        return columns.size() == 1 ? norm(row.values.get(columns.get(0)))
                : columns.stream().map(c -> norm(row.values.get(c))).toList();
    }

    private static void point(InboundReference reference, Row row, Object id) {
        List<String> columns = reference.columns();
        if (columns.size() == 1) {
            row.values.put(columns.get(0), id);
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            row.values.put(columns.get(i), id == null ? null : ((List<?>) id).get(i));
        }
    }

    /** A row's id: its row key columns (one value, or a list); null when the reference has none. */
    private static Object rowId(InboundReference reference, Row row) {
        List<String> key = reference.rowKeyColumns();
        if (key.isEmpty()) {
            return null;
        }
        return key.size() == 1 ? norm(row.values.get(key.get(0)))
                : key.stream().map(c -> norm(row.values.get(c))).toList();
    }

    /** Row ids ascending; rows without ids are left out (they are still counted). */
    private static List<Object> rowIds(InboundReference reference, List<Row> rows) {
        List<Object> ids = new ArrayList<>();
        for (Row row : rows) {
            Object id = rowId(reference, row);
            if (id != null) {
                ids.add(id);
            }
        }
        ids.sort(InMemoryDatabase.ROW_ID_ORDER);
        return ids;
    }

    private static RowSet rowSet(InboundReference reference, List<Row> rows, int limit) {
        List<Object> ids = rowIds(reference, rows);
        return new RowSet(rows.size(), ids.subList(0, Math.min(limit, ids.size())));
    }

    private void reportIds(List<Object> ids, MergeStore.StepContext context) {
        int size = oneChunk ? Math.max(1, ids.size()) : context.chunkSize();
        for (int i = 0; i < ids.size(); i += size) {
            context.rowIds().accept(List.copyOf(ids.subList(i, Math.min(ids.size(), i + size))));
        }
    }
}
