package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.internal.journal.RowImages;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
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
        Mutation mutation = step.accept(new RowStepVisitor<Mutation>() {
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
        if (context.images != null) {
            keepImages(step, sql, mutation.where());
        }
        EntityPersister source = context.sourcePersister(sql.reference);
        Consumer<List<Object>> ids = chunk -> {
            List<Object> ordered = ascending(chunk);
            stepContext.rowIds().accept(ordered);
            sync.rowsChanged(sql.reference, source, ordered);
        };
        long changed;
        if (sql.hasRowKey() && context.dialect.returning()) {
            // one statement changes the rows and reports their ids: no separate locking SELECT
            changed = context.jdbc.stream(mutation.sql() + " returning " + sql.rowKeyList(), mutation.params(),
                    sql.rowKey.size(), stepContext.chunkSize(), ids);
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
