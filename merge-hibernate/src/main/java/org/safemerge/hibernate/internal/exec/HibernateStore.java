package org.safemerge.hibernate.internal.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.hibernate.internal.sql.SqlNames;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.ChangeRows;
import org.safemerge.hibernate.internal.journal.JournalWriter;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RecordStep;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.StepVisitor;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.ChangeJournal;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RunMode;
import org.safemerge.spi.UniqueConflicts;
import org.safemerge.graph.UniqueKey;

/**
 * One merge's view of the database through a Hibernate session: hands each part of the {@link MergeStore}
 * contract to the class whose job it is. Records are locked and read through the session ({@link Records});
 * references are counted ({@link ReferenceInspector}) and changed ({@link RowWriter}, {@link BulkRowWriter},
 * {@link ReferencingRowDeleter}) with set-based SQL on the session's connection, never by loading referencing
 * entities; the duplicates go through the session ({@link DuplicateRemover}); {@link SessionSync} keeps the session
 * and caches showing the database's state.
 */
final class HibernateStore implements MergeStore {
    private final StoreContext context;
    private final RunMode mode;
    private final Records records;
    private final SessionSync sync;
    private final ReferenceInspector inspector;
    private final AttributeWriter attributes;
    private final RowWriter rows;
    private final BulkRowWriter bulkRows;
    private final ReferencingRowDeleter referencingRows;
    private final DuplicateRemover duplicates;
    private final LockWaits lockWaits;
    private final List<Consumer<Boolean>> completion = new ArrayList<>();
    private boolean completed;
    /** Steps ran since the last prepare(): the records in memory may be stale for the next planning. */
    private boolean changedSincePrepare;
    /** The merge journal's writer of this run, or null. */
    private JournalWriter journal;

    HibernateStore(Session session, boolean ownSession, AssociationGraph graph, SqlNames names, RunMode mode,
            Duration lockTimeout) {
        this.context = new StoreContext(session, ownSession, graph, names);
        this.mode = mode;
        this.records = new Records(context, lockTimeout);
        this.sync = new SessionSync(context, records);
        this.inspector = new ReferenceInspector(context, records, sync);
        this.attributes = new AttributeWriter(context, records);
        this.rows = new RowWriter(context, sync);
        this.bulkRows = new BulkRowWriter(context, sync);
        this.referencingRows = new ReferencingRowDeleter(context, sync);
        this.duplicates = new DuplicateRemover(context, records, sync);
        this.lockWaits = new LockWaits(context, lockTimeout);
    }

    /** Journals this run (executions only): events through {@link #journal()}, deleted rows through its images. */
    void journalTo(JournalWriter writer) {
        this.journal = writer;
        context.images = writer;
    }

    @Override
    public ChangeJournal journal() {
        return journal;
    }

    /** Writes the journal's merge rows: just before the commit, in the run's transaction. */
    void journalBeforeCommit() {
        if (journal != null) {
            journal.beforeCommit();
        }
    }

    /** Bounds every lock wait of this merge by its lock timeout, from here on; see {@link LockWaits}. */
    void boundLockWaits(boolean callerTransaction) {
        context.lockTimeoutOnConnection = lockWaits.begin(callerTransaction);
    }

    /** Puts the connection's previous lock timeout back (before the connection is given back). */
    void endLockWaits() {
        lockWaits.end();
    }

    /** {@code e} as CONCURRENT_MODIFICATION when a concurrent writer caused it, else {@code e} itself. */
    RuntimeException translated(RuntimeException e, String table) {
        return ConcurrencyErrors.translate(e, table, lockWaits.timeout(), context.graph)
                .map(RuntimeException.class::cast).orElse(e);
    }

    /**
     * Runs one operation on {@code table} (null: not known): a failure a concurrent writer caused becomes
     * CONCURRENT_MODIFICATION, and any other database error that may quote row values leaves it scrubbed.
     */
    private <R> R on(String table, Supplier<R> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw DatabaseErrors.scrubbed(translated(e, table), mode, table);
        }
    }

    private String table(EntityType type) {
        return context.names.table(type);
    }

    /** The table a step works on: a row step's, else its record's. */
    private String table(Step step) {
        if (step instanceof RowStep row) {
            return row.table();
        }
        if (step instanceof ResolveConflict conflict) {
            return conflict.table();
        }
        String entity = step instanceof RecordStep record ? record.entity() : ((SetAttribute) step).entity();
        return table(context.entityType(entity));
    }

    Set<DeleteFirewall.EntityKey> allowedDeletes() {
        return context.allowedDeletes;
    }

    @Override
    public void lock(EntityType type, List<Object> idsInLockOrder) {
        on(table(type), () -> {
            records.lock(type, idsInLockOrder);
            return null;
        });
    }

    @Override
    public Optional<EntitySnapshot> read(EntityType type, Object id) {
        return on(table(type), () -> records.read(type, id));
    }

    /** The record's managed entity in the merge's session (the caller's when it gave one), for merge guards. */
    @Override
    public Optional<Object> entity(EntityType type, Object id) {
        return on(table(type), () -> records.read(type, id).map(read -> records.entity(type.name(), id)));
    }

    /** The merge's session, as {@code Session} or {@code EntityManager} (or any type it implements). */
    @Override
    public <X> Optional<X> unwrap(Class<X> type) {
        if (journal != null && type == JournalWriter.class) {
            return Optional.of(type.cast(journal));
        }
        return type.isInstance(context.session) ? Optional.of(type.cast(context.session)) : Optional.empty();
    }

    @Override
    public ReferenceState inspect(InboundReference reference, Object survivorId, List<Object> duplicateIds,
            int sampleLimit) {
        return on(reference.table(), () -> inspector.inspect(reference, survivorId, duplicateIds, sampleLimit));
    }

    @Override
    public UniqueConflicts conflicts(InboundReference reference, UniqueKey key, Object survivorId,
            List<Object> duplicateIds, int limit) {
        return on(reference.table(), () -> inspector.conflicts(reference, key, survivorId, duplicateIds, limit));
    }

    @Override
    public void prepare(EntityType type, List<MergeGroup> groups, int sampleLimit) {
        if (changedSincePrepare) {
            context.keys.forget();
        }
        on(table(type), () -> {
            inspector.prepare(type, groups, sampleLimit, changedSincePrepare);
            return null;
        });
        changedSincePrepare = false;
    }

    @Override
    public long apply(Step step, StepContext stepContext) {
        changedSincePrepare = true;
        inspector.forgetAhead(); // read for the plan; a write makes it stale
        return on(table(step), () -> applyOne(step, stepContext));
    }

    private long applyOne(Step step, StepContext stepContext) {
        return step.accept(new StepVisitor<Long>() {
            @Override
            public Long setAttribute(SetAttribute s) {
                context.keys.forget(); // it may be a key other references hold
                return attributes.set(s);
            }

            @Override
            public Long resolveConflict(ResolveConflict s) {
                return 0L; // a decision, carried out by the row steps around it
            }

            @Override
            public Long bumpVersion(BumpVersion s) {
                attributes.flush();
                return attributes.bumpVersion(s);
            }

            @Override
            public Long deleteDuplicate(DeleteDuplicate s) {
                attributes.flush();
                return duplicates.delete(s);
            }

            @Override
            public Long keepDuplicate(KeepDuplicate s) {
                attributes.flush();
                return duplicates.keep(s, stepContext);
            }

            @Override
            public Long deleteReferencingRows(DeleteReferencingRows s) {
                attributes.flush();
                return referencingRows.apply(s, stepContext);
            }

            @Override
            public Long repointReferences(RepointReferences s) {
                return changeRows(s);
            }

            @Override
            public Long unassignReferences(UnassignReferences s) {
                return changeRows(s);
            }

            @Override
            public Long moveLinks(MoveLinks s) {
                return changeRows(s);
            }

            @Override
            public Long removeLinks(RemoveLinks s) {
                return changeRows(s);
            }

            @Override
            public Long skipDuplicateLinks(SkipDuplicateLinks s) {
                return changeRows(s);
            }

            @Override
            public Long changeRows(ChangeRows s) {
                return changeRows((RowStep) s);
            }

            private long changeRows(RowStep s) {
                attributes.flush();
                return rows.apply(s, stepContext);
            }
        });
    }

    /**
     * Consecutive re-points of one merge: those {@link RowWriter#together} allows in one statement, the others one
     * by one (they touch other tables, so the order between them does not matter).
     */
    @Override
    public long[] applyTogether(List<RowStep> steps, List<StepContext> contexts) {
        List<Integer> joint = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (rows.together(steps.get(i))) {
                joint.add(i);
            }
        }
        if (joint.size() < 2) {
            return MergeStore.super.applyTogether(steps, contexts);
        }
        changedSincePrepare = true;
        inspector.forgetAhead();
        List<RowStep> together = joint.stream().map(steps::get).toList();
        long[] changed;
        try {
            attributes.flush();
            changed = rows.applyTogether(together, joint.stream().map(contexts::get).toList());
        } catch (RuntimeException e) {
            String tables = ConcurrencyErrors.blamedTable(e, together.stream().map(RowStep::table).toList());
            throw DatabaseErrors.scrubbed(translated(e, tables), mode, tables);
        }
        long[] all = new long[steps.size()];
        Arrays.fill(all, RowWriter.NOT_RUN);
        for (int k = 0; k < joint.size(); k++) {
            all[joint.get(k)] = changed[k];
        }
        for (int i = 0; i < steps.size(); i++) {
            if (all[i] == RowWriter.NOT_RUN) {
                all[i] = apply(steps.get(i), contexts.get(i));
            }
        }
        return all;
    }

    /**
     * The same step of many groups of a batch chunk: row steps with a bulk form run as one statement per reference
     * and slice of groups ({@link BulkRowWriter}); duplicates are deleted together. Anything else (row selections,
     * ordered collections, tables without a key, dialects without a bulk form) runs step by step, exactly as for
     * one merge.
     */
    @Override
    public long[] applyAll(List<Step> steps, List<StepContext> contexts) {
        changedSincePrepare = true;
        inspector.forgetAhead();
        return on(steps.isEmpty() ? null : table(steps.get(0)), () -> applyAllSteps(steps, contexts));
    }

    private long[] applyAllSteps(List<Step> steps, List<StepContext> contexts) {
        // duplicates are deleted, and versions bumped, together on every database: one by one, each flushes (and
        // deleting re-reads) every record of the chunk
        boolean bulk = steps.size() > 1 && (context.dialect.bulkForm() != SqlDialect.BulkForm.ONE_PER_GROUP
                || steps.get(0) instanceof DeleteDuplicate || steps.get(0) instanceof BumpVersion);
        long[] done = bulk ? steps.get(0).accept(new BulkSteps(steps, contexts)) : null;
        return done != null ? done : MergeStore.super.applyAll(steps, contexts);
    }

    /** The bulk form of a bucket of steps of one kind, or null where there is none (then step by step). */
    private final class BulkSteps implements StepVisitor<long[]> {
        private final List<Step> steps;
        private final List<StepContext> contexts;

        BulkSteps(List<Step> steps, List<StepContext> contexts) {
            this.steps = steps;
            this.contexts = contexts;
        }

        private long[] rowsInBulk() {
            List<RowStep> rowSteps = steps.stream().map(RowStep.class::cast).toList();
            if (!bulkRows.handles(rowSteps)) {
                return null;
            }
            attributes.flush();
            return bulkRows.apply(rowSteps, contexts);
        }

        @Override
        public long[] repointReferences(RepointReferences step) {
            return rowsInBulk();
        }

        @Override
        public long[] unassignReferences(UnassignReferences step) {
            return rowsInBulk();
        }

        @Override
        public long[] moveLinks(MoveLinks step) {
            return rowsInBulk();
        }

        @Override
        public long[] skipDuplicateLinks(SkipDuplicateLinks step) {
            return rowsInBulk();
        }

        @Override
        public long[] removeLinks(RemoveLinks step) {
            return rowsInBulk();
        }

        @Override
        public long[] deleteReferencingRows(DeleteReferencingRows step) {
            return null; // entity by entity through the session
        }

        @Override
        public long[] changeRows(ChangeRows step) {
            return null; // exact rows of one group: step by step
        }

        @Override
        public long[] deleteDuplicate(DeleteDuplicate step) {
            attributes.flush();
            return duplicates.deleteAll(steps.stream().map(DeleteDuplicate.class::cast).toList());
        }

        @Override
        public long[] setAttribute(SetAttribute step) {
            return null;
        }

        @Override
        public long[] resolveConflict(ResolveConflict step) {
            return null;
        }

        @Override
        public long[] bumpVersion(BumpVersion step) {
            attributes.flush();
            return attributes.bumpVersions(steps.stream().map(BumpVersion.class::cast).toList());
        }

        @Override
        public long[] keepDuplicate(KeepDuplicate step) {
            return null;
        }
    }

    /** After a successful merge: no managed entity may show state the merge changed underneath it. */
    void synchronizeSession() {
        sync.synchronizeSession();
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
}
