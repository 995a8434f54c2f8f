package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.internal.journal.RowImages;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.report.ChangeRows;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowStep;
import org.safemerge.report.RowSelection;
import org.safemerge.report.RowStepVisitor;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.MergeStore.StepContext;

/**
 * Carries out one row step of one merge with set-based SQL: re-points, unassigns, moves or removes the rows it
 * selects, reporting their ids, and checks it changed exactly the rows the plan counted.
 */
final class RowWriter {
    /** A step's rows are sent with others' ({@link #together}) only up to this many. */
    private static final int ROWS_TOGETHER = 256;

    /** Steps run together ({@link #applyTogether}): bounded, so that no statement outgrows a database's limits. */
    private static final int STEPS_TOGETHER = 64;

    /** Key types read alike from an array of them (a smallint array's Shorts are made Integers). */
    private static final Set<Class<?>> KEYS_TOGETHER = Set.of(Long.class, Integer.class, String.class, UUID.class);

    private final StoreContext context;
    private final SessionSync sync;

    RowWriter(StoreContext context, SessionSync sync) {
        this.context = context;
        this.sync = sync;
    }

    /** The statement a row step runs and the rows it selects. */
    private record Mutation(String sql, List<Object> params, ReferenceSql.Condition where) {
    }

    long apply(RowStep step, StepContext stepContext) {
        ReferenceSql sql = context.sql(step.reference());
        // rows hold the records' ids, or their values of another unique key (a legacy number)
        Object from = context.held(sql.reference, step.from());
        Mutation mutation = mutation(step, sql, from);
        if (context.images != null) {
            keepImages(step, sql, mutation.where());
        }
        Consumer<List<Object>> ids = rowIds(sql, stepContext);
        long changed;
        String returning = sql.hasRowKey() ? context.dialect.mutationReturning(mutation.sql(), sql.rowKeyList(),
                mutation.sql().startsWith("delete ")) : null;
        if (returning != null) {
            // one statement changes the rows and reports their ids: no separate locking SELECT
            changed = context.jdbc.stream(returning, mutation.params(), sql.rowKey.size(), stepContext.chunkSize(),
                    ids);
            requirePlanned(step, sql, changed);
        } else {
            ReferenceSql.Condition where = mutation.where();
            long selected = sql.hasRowKey()
                    ? context.jdbc.stream(sql.lockKeys(where), where.params(), sql.rowKey.size(),
                            stepContext.chunkSize(), ids)
                    : context.jdbc.count(sql.count(where), where.params());
            requirePlanned(step, sql, selected);
            changed = context.jdbc.update(mutation.sql(), mutation.params());
            requireAllChanged(sql, changed, selected);
            if (!sql.hasRowKey() && changed > 0) {
                stepContext.rowIds().accept(List.of());
            }
        }
        compactOrder(sql, step);
        // collections are keyed by what the rows hold (a property-ref collection by the key's value)
        sync.touched(sql.reference, from, context.held(sql.reference, RowTargets.target(step)));
        return changed;
    }

    /**
     * Whether {@link #applyTogether} may run this step with others: the dialect sends several mutations as one
     * statement ({@link SqlDialect#sendsMutationsTogether}; the step's key of a type that reads the same from an
     * array as from a column) or locks the rows of several in one ({@link SqlDialect#locksRowsTogether}), and the
     * step's rows are few (the plan counted at most {@value #ROWS_TOGETHER}), keyed by the source entity's one id
     * column, with no ordered list to renumber.
     */
    boolean together(RowStep step) {
        // the one statement runs after a savepoint, which XA connections of a JTA transaction may refuse
        boolean arrays = context.dialect.sendsMutationsTogether() && !context.sessionImplementor
                .getTransactionCoordinator().getTransactionCoordinatorBuilder().isJta();
        if (!arrays && !context.dialect.locksRowsTogether()) {
            return false;
        }
        ReferenceSql sql = context.sql(step.reference());
        EntityPersister source = context.sourcePersister(sql.reference);
        return step.expectedRows() <= ROWS_TOGETHER && sql.rowKey.size() == 1 && sql.orderColumn == null
                && source != null && source.getIdentifierColumnNames().length == 1
                && source.getIdentifierColumnNames()[0].equalsIgnoreCase(sql.reference.rowKeyColumns().get(0))
                && (!arrays || KEYS_TOGETHER.contains(source.getIdentifierType().getReturnedClass()));
    }

    /**
     * Runs {@link #together} steps, each exactly as {@link #apply} would, with fewer round trips: one statement
     * that changes the rows of every step and returns each step's row ids, or (without {@code RETURNING}) one
     * locking {@code SELECT} of every step's rows and then each step's {@code UPDATE}.
     */
    long[] applyTogether(List<RowStep> steps, List<StepContext> contexts) {
        long[] changed = new long[steps.size()];
        for (int from = 0; from < steps.size(); from += STEPS_TOGETHER) {
            int to = Math.min(steps.size(), from + STEPS_TOGETHER);
            List<RowStep> slice = steps.subList(from, to);
            long[] done = context.dialect.locksRowsTogether() ? lockTogether(slice, contexts.subList(from, to))
                    : changeTogether(slice, contexts.subList(from, to));
            if (done == null) {
                Arrays.fill(changed, from, to, NOT_RUN);
            } else {
                System.arraycopy(done, 0, changed, from, done.length);
            }
        }
        return changed;
    }

    /** In {@link #applyTogether}'s result: the step was not run (its statement failed on its own; run it alone). */
    static final long NOT_RUN = -1;

    /** A step of {@link #applyTogether}: its SQL, what its rows hold now and the statement that changes them. */
    private record Planned(RowStep step, ReferenceSql sql, Object from, Mutation mutation) {
    }

    private List<Planned> planned(List<RowStep> steps) {
        List<Planned> planned = new ArrayList<>();
        for (RowStep step : steps) {
            ReferenceSql sql = context.sql(step.reference());
            Object from = context.held(sql.reference, step.from());
            Mutation mutation = mutation(step, sql, from);
            if (context.images != null) {
                keepImages(step, sql, mutation.where());
            }
            planned.add(new Planned(step, sql, from, mutation));
        }
        return planned;
    }

    /**
     * One statement changes every step's rows and returns their ids, an array per step. When the database refuses
     * it for a reason of its own (a constraint, not a concurrent writer), it is undone (a savepoint) and null says
     * so: the steps then run one by one, so that the failure and the audit name the very step, as they would alone.
     */
    private long[] changeTogether(List<RowStep> steps, List<StepContext> contexts) {
        List<Planned> planned = planned(steps);
        List<Object> params = new ArrayList<>();
        planned.forEach(p -> params.addAll(p.mutation().params()));
        String statement = context.dialect.mutationsTogether(planned.stream().map(p -> p.mutation().sql()).toList(),
                planned.stream().map(p -> p.sql().rowKey.get(0)).toList());
        List<List<Object>> changedIds = context.jdbc.savepointed(() -> context.jdbc.arrays(statement, params,
                steps.size()), e -> ConcurrencyErrors.kind(e) != ConcurrencyErrors.Kind.OTHER);
        if (changedIds == null) {
            return null;
        }
        long[] changed = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Planned step = planned.get(i);
            changed[i] = selected(step, changedIds.get(i), contexts.get(i));
            done(step);
        }
        return changed;
    }

    /**
     * One locking {@code SELECT} of every step's rows (a UNION ALL, each step's key in a column of its own, so that
     * each keeps its type), then each step's {@code UPDATE}, which must change exactly the rows selected.
     */
    private long[] lockTogether(List<RowStep> steps, List<StepContext> contexts) {
        List<Planned> planned = planned(steps);
        StringBuilder union = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            ReferenceSql sql = planned.get(i).sql();
            StringBuilder columns = new StringBuilder();
            for (int k = 0; k < planned.size(); k++) {
                columns.append(", ").append(k == i ? sql.rowKey.get(0) : "null").append(" as sm_k").append(k);
            }
            ReferenceSql.Condition where = planned.get(i).mutation().where();
            union.append(i == 0 ? "" : " union all ").append("(select ").append(i).append(" as sm_s").append(columns)
                    .append(" from ").append(sql.table).append(" where ").append(where.sql()).append(" order by ")
                    .append(sql.rowKey.get(0)).append(context.dialect.forUpdate()).append(')');
            params.addAll(where.params());
        }
        List<List<Object>> selectedIds = new ArrayList<>();
        planned.forEach(p -> selectedIds.add(new ArrayList<>()));
        context.jdbc.forEachRow(union.toString(), params, planned.size() + 1, row -> {
            int step = ((Number) row[0]).intValue();
            selectedIds.get(step).add(row[step + 1]);
        });
        long[] changed = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Planned step = planned.get(i);
            long selected = selected(step, selectedIds.get(i), contexts.get(i));
            changed[i] = context.jdbc.update(step.mutation().sql(), step.mutation().params());
            requireAllChanged(step.sql(), changed[i], selected);
            done(step);
        }
        return changed;
    }

    /** A step's rows, as selected or changed: audited in chunks, checked against the plan; how many. */
    private long selected(Planned step, List<Object> ids, StepContext stepContext) {
        Consumer<List<Object>> sink = rowIds(step.sql(), stepContext);
        int chunk = Math.max(1, stepContext.chunkSize());
        for (int from = 0; from < ids.size(); from += chunk) {
            sink.accept(List.copyOf(ids.subList(from, Math.min(ids.size(), from + chunk))));
        }
        requirePlanned(step.step(), step.sql(), ids.size());
        return ids.size();
    }

    /** After a step of {@link #applyTogether}: the session learns which rows moved. */
    private void done(Planned step) {
        sync.touched(step.sql().reference, step.from(), context.held(step.sql().reference,
                RowTargets.target(step.step())));
    }

    /** Where a step's changed row ids go: ascending, to the audit, and their cache entries evicted. */
    private Consumer<List<Object>> rowIds(ReferenceSql sql, StepContext stepContext) {
        EntityPersister source = context.sourcePersister(sql.reference);
        return chunk -> {
            List<Object> ordered = ascending(chunk);
            stepContext.rowIds().accept(ordered);
            sync.rowsChanged(sql.reference, source, ordered);
        };
    }

    /** The statement a row step runs, and the rows it selects. */
    private Mutation mutation(RowStep step, ReferenceSql sql, Object from) {
        return step.accept(new RowStepVisitor<Mutation>() {
            @Override
            public Mutation repointReferences(RepointReferences s) {
                return move(sql, from, s.selection(), context.held(sql.reference, s.to()));
            }

            @Override
            public Mutation moveLinks(MoveLinks s) {
                return move(sql, from, s.selection(), context.held(sql.reference, s.to()));
            }

            @Override
            public Mutation unassignReferences(UnassignReferences s) {
                ReferenceSql.Condition where = sql.rows(from, s.selection());
                return new Mutation("update " + sql.table + " set " + sql.fk + " = null where " + where.sql(),
                        where.params(), where);
            }

            @Override
            public Mutation removeLinks(RemoveLinks s) {
                return delete(sql, sql.rows(from, s.selection()));
            }

            @Override
            public Mutation skipDuplicateLinks(SkipDuplicateLinks s) {
                return delete(sql, sql.identical(from, List.of(context.held(sql.reference, s.to()))));
            }

            @Override
            public Mutation changeRows(ChangeRows s) {
                ReferenceSql.Condition where = sql.rows(s.from(), s.selection());
                List<Object> params = new ArrayList<>(s.values().values());
                params.addAll(where.params());
                return new Mutation("update " + sql.table + " set " + sql.assignments(s.values().keySet())
                        + " where " + where.sql(), params, where);
            }

            @Override
            public Mutation deleteReferencingRows(DeleteReferencingRows s) {
                throw new IllegalStateException("deleting referencing rows is the ReferencingRowDeleter's: " + s);
            }
        });
    }

    /**
     * The journal keeps the rows a step deletes (links removed or skipped) or changes beyond their FK (rows leaving a
     * unique key, list entries renumbered), so that the undo can put them back; mere re-pointing needs no image.
     */
    private void keepImages(RowStep step, ReferenceSql sql, ReferenceSql.Condition where) {
        if (sql.orderColumn != null && sql.hasRowKey()
                && (step instanceof MoveLinks || step instanceof RemoveLinks || step instanceof SkipDuplicateLinks)) {
            // an ordered list is renumbered: keep every row of both owners, so that the undo restores the order
            List<Object> owners = new ArrayList<>();
            owners.add(context.held(sql.reference, step.from()));
            Object to = step instanceof MoveLinks move ? move.to()
                    : step instanceof SkipDuplicateLinks skip ? skip.to() : null;
            if (to != null) {
                owners.add(context.held(sql.reference, to));
            }
            List<String> key = new ArrayList<>(sql.rowKey);
            key.add(0, sql.fk);
            context.images.capture(step.from(), RowImages.Op.LIST, sql.table, key, sql.fk + " in ("
                    + String.join(", ", java.util.Collections.nCopies(owners.size(), "?")) + ")", owners);
            return;
        }
        RowImages.Op op = step instanceof RemoveLinks || step instanceof SkipDuplicateLinks ? RowImages.Op.DELETE
                : step instanceof ChangeRows || (step instanceof MoveLinks && sql.orderColumn != null)
                        ? RowImages.Op.UPDATE : null;
        if (op != null) {
            // a link row is named by its owner and its key within the owner
            List<String> key = sql.rowKey;
            if (sql.reference.kind().isLink() && !key.isEmpty()) {
                key = new ArrayList<>(key);
                key.add(0, sql.fk);
            }
            context.images.capture(step.from(), op, sql.table, key, where.sql(), where.params());
        }
    }

    private Mutation move(ReferenceSql sql, Object from, RowSelection selection, Object to) {
        ReferenceSql.Condition where = sql.rows(from, selection);
        List<Object> params = new ArrayList<>();
        params.add(to);
        String order = "";
        if (sql.orderColumn != null) {
            // appended after the survivor's own entries, keeping their relative order
            long offset = context.jdbc.count("select coalesce(max(" + sql.orderColumn + ") + 1, 0) from "
                    + sql.table + " where " + sql.fk + " = ?", List.of(to));
            order = ", " + sql.orderColumn + " = " + sql.orderColumn + " + " + offset;
        }
        params.addAll(where.params());
        return new Mutation("update " + sql.table + " set " + sql.fk + " = ?" + order + " where " + where.sql(),
                params, where);
    }

    private static Mutation delete(ReferenceSql sql, ReferenceSql.Condition where) {
        return new Mutation("delete from " + sql.table + " where " + where.sql(), where.params(), where);
    }

    /**
     * Renumbers the index of an ordered collection to 0..n-1 after links moved into it or left it: a gap (a skipped
     * identical link, a removed one) would load as a null element of the list. Two passes through values above the
     * current maximum (Hibernate checks the index is not negative), so the (owner, index) key never collides.
     */
    private void compactOrder(ReferenceSql sql, RowStep step) {
        String order = sql.orderColumn;
        if (order == null) {
            return;
        }
        Object owner = context.held(sql.reference, step instanceof MoveLinks move ? move.to() : step.from());
        long above = context.jdbc.count("select coalesce(max(" + order + "), 0) + 1 from " + sql.table + " where "
                + sql.fk + " = ?", List.of(owner));
        context.jdbc.update("update " + sql.table + " set " + order + " = ? + (select count(*) from (select " + order
                + " from " + sql.table + " where " + sql.fk + " = ?) sm_order where sm_order." + order + " < "
                + sql.table + "." + order + ") where " + sql.fk + " = ?", List.of(above, owner, owner));
        context.jdbc.update("update " + sql.table + " set " + order + " = " + order + " - ? where " + sql.fk
                + " = ?", List.of(above, owner));
    }

    /** Audit lines list ids in ascending order (RETURNING delivers them in storage order). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object> ascending(List<Object> ids) {
        if (ids.size() < 2 || !ids.stream().allMatch(id -> id instanceof Comparable
                && id.getClass() == ids.get(0).getClass())) {
            return ids;
        }
        List<Object> sorted = new ArrayList<>(ids);
        sorted.sort((a, b) -> ((Comparable) a).compareTo(b));
        return sorted;
    }

    /** The rows a step finds must be the rows it was planned for; otherwise the data changed underneath. */
    static void requirePlanned(RowStep step, ReferenceSql sql, long found) {
        if (found != step.expectedRows()) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, found + " rows of "
                    + sql.reference.table() + " (" + sql.reference.key() + ") match where the plan counted "
                    + step.expectedRows() + ": the data changed while the merge ran; it was rolled back, try again");
        }
    }

    /** The statement changed other rows than were selected (and locked) for it: rows appeared meanwhile. */
    static void requireAllChanged(ReferenceSql sql, long changed, long selected) {
        if (changed != selected) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, changed + " rows of "
                    + sql.reference.table() + " (" + sql.reference.key() + ") changed where " + selected + " were "
                    + "selected: rows were added concurrently; the merge was rolled back, try again");
        }
    }
}
