package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.report.ChangeRows;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowStep;
import org.safemerge.report.RowStepVisitor;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.MergeStore.StepContext;

/**
 * The same row step of many merge groups (a batch chunk) in one statement per slice of groups, in the dialect's
 * bulk form. The rows' ids come back with the duplicate each pointed at, so every group's audit gets its own rows,
 * and every group must find exactly the rows its plan counted.
 */
final class BulkRowWriter {
    private final StoreContext context;
    private final SessionSync sync;

    /** What a bulk statement does to the rows of the slice's duplicates. */
    private enum Change {
        /** Re-point references or move links to the group's survivor. */
        MOVE,
        /** Null the FK. */
        UNASSIGN,
        /** Delete the duplicate's links that the survivor has too. */
        SKIP_IDENTICAL
    }

    /** The kinds with a bulk form; null for the others (they run group by group). */
    private static final RowStepVisitor<Change> CHANGE = new RowStepVisitor<>() {
        @Override
        public Change repointReferences(RepointReferences step) {
            return Change.MOVE;
        }

        @Override
        public Change moveLinks(MoveLinks step) {
            return Change.MOVE;
        }

        @Override
        public Change unassignReferences(UnassignReferences step) {
            return Change.UNASSIGN;
        }

        @Override
        public Change skipDuplicateLinks(SkipDuplicateLinks step) {
            return Change.SKIP_IDENTICAL;
        }

        @Override
        public Change removeLinks(RemoveLinks step) {
            return null;
        }

        @Override
        public Change deleteReferencingRows(DeleteReferencingRows step) {
            return null;
        }

        @Override
        public Change changeRows(ChangeRows step) {
            return null;
        }
    };

    BulkRowWriter(StoreContext context, SessionSync sync) {
        this.context = context;
        this.sync = sync;
    }

    /**
     * Whether these steps (one kind and reference, disjoint groups) can run as bulk statements: the dialect has a
     * bulk form, the kind has one, every step takes all rows of its duplicate, and rows have a key (to attribute
     * them to their group) and no order column (renumbered per owner).
     */
    boolean handles(List<RowStep> steps) {
        if (steps.size() < 2 || context.dialect.bulkForm() == SqlDialect.BulkForm.ONE_PER_GROUP
                || steps.get(0).accept(CHANGE) == null) {
            return false;
        }
        if (context.images != null && steps.get(0).accept(CHANGE) == Change.SKIP_IDENTICAL) {
            return false; // the journal keeps the deleted links' rows: group by group, through the RowWriter
        }
        ReferenceSql sql = context.sql(steps.get(0).reference());
        return sql.hasRowKey() && sql.orderColumn == null && steps.stream().allMatch(s -> s.selection().isAll());
    }

    long[] apply(List<RowStep> steps, List<StepContext> contexts) {
        ReferenceSql sql = context.sql(steps.get(0).reference());
        Change change = steps.get(0).accept(CHANGE);
        long[] changed = new long[steps.size()];
        int size = context.dialect.groupsPerStatement();
        for (int from = 0; from < steps.size(); from += size) {
            GroupSlice slice = new GroupSlice(sql, steps, contexts, from, Math.min(steps.size(), from + size));
            if (context.dialect.bulkForm() == SqlDialect.BulkForm.JDBC_BATCHES) {
                changeInJdbcBatches(slice, change);
            } else {
                changeJoinedToMap(slice, change);
            }
            slice.finish(changed);
        }
        return changed;
    }

    private void changeJoinedToMap(GroupSlice slice, Change change) {
        ReferenceSql sql = slice.sql;
        SqlDialect dialect = context.dialect;
        int keys = sql.rowKey.size();
        int pairs = slice.duplicates.size();
        List<Object> params = new ArrayList<>(slice.duplicates);
        String where;
        if (change == Change.SKIP_IDENTICAL) {
            where = sql.identicalToSurvivors(pairs);
            SqlDialect.addPairs(params, slice.duplicates, slice.survivors);
        } else {
            where = sql.fk + " in (" + SqlDialect.placeholders(pairs) + ")";
        }
        List<Object> mutationParams = new ArrayList<>();
        String mutation;
        String unassignJoined = dialect.unassignReturningDuplicate(sql.table, sql.fk, pairs);
        if (change == Change.MOVE) {
            // the map's pairs are the parameters; the IN list is not needed
            mutation = dialect.repoint(sql.table, sql.fk, pairs);
            SqlDialect.addPairs(mutationParams, slice.duplicates, slice.survivors);
        } else if (change == Change.UNASSIGN && unassignJoined != null) {
            mutation = unassignJoined;
            SqlDialect.addPairs(mutationParams, slice.duplicates, slice.duplicates);
        } else {
            mutation = (change == Change.UNASSIGN ? "update " + sql.table + " set " + sql.fk + " = null"
                    : "delete from " + sql.table) + " where " + where;
            mutationParams.addAll(params);
        }
        if (dialect.returning()) {
            String owner = change == Change.SKIP_IDENTICAL ? sql.fk : "sm_map.sm_d";
            context.jdbc.forEachRow(mutation + " returning " + sql.rowKeyList() + ", " + owner, mutationParams,
                    keys + 1, slice::add);
            return;
        }
        long selected = context.jdbc.forEachRow("select " + sql.rowKeyList() + ", " + sql.fk + " from " + sql.table
                + " where " + where + " order by " + sql.fk + ", " + sql.rowKeyList() + dialect.forUpdate(), params,
                keys + 1, slice::add);
        RowWriter.requireAllChanged(sql, context.jdbc.update(mutation, mutationParams), selected);
    }

    /**
     * Rows selected for all groups at once and changed by one JDBC batch of per-group statements; identical links
     * are found in memory from the links of the slice's duplicates and survivors.
     */
    private void changeInJdbcBatches(GroupSlice slice, Change change) {
        ReferenceSql sql = slice.sql;
        SqlDialect dialect = context.dialect;
        int keys = sql.rowKey.size();
        boolean skip = change == Change.SKIP_IDENTICAL;
        List<Object> owners = new ArrayList<>(slice.duplicates);
        if (skip) {
            owners.addAll(slice.survivors);
        }
        List<Object> params = new ArrayList<>();
        dialect.addIn(params, owners);
        // survivors' links by survivor, then each duplicate link the survivor has too
        Map<IdKey, Set<List<IdKey>>> survivorLinks = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        context.jdbc.forEachRow("select " + sql.rowKeyList() + ", " + sql.fk + " from " + sql.table + " where "
                + dialect.in(sql.fk, owners.size()) + " order by " + sql.fk + ", " + sql.rowKeyList()
                + dialect.forUpdate(), params, keys + 1, row -> {
                    IdKey owner = IdKey.of(row[keys]);
                    if (slice.byDuplicate.containsKey(owner)) {
                        rows.add(row);
                    } else {
                        survivorLinks.computeIfAbsent(owner, k -> new HashSet<>()).add(IdKey.of(row, keys));
                    }
                });
        List<List<Object>> batch = new ArrayList<>();
        long selected = 0;
        for (Object[] row : rows) {
            if (skip && !survivorLinks.getOrDefault(slice.survivorOf(row[keys]), Set.of())
                    .contains(IdKey.of(row, keys))) {
                continue;
            }
            slice.add(row);
            selected++;
            if (skip) {
                batch.add(Arrays.asList(row));
            }
        }
        long changed;
        if (skip) {
            changed = context.jdbc.batchUpdate("delete from " + sql.table + " where "
                    + String.join(" = ? and ", sql.rowKey) + " = ? and " + sql.fk + " = ?", batch);
        } else if (change == Change.UNASSIGN) {
            List<Object> unassign = new ArrayList<>();
            dialect.addIn(unassign, slice.duplicates);
            changed = context.jdbc.update("update " + sql.table + " set " + sql.fk + " = null where "
                    + dialect.in(sql.fk, slice.duplicates.size()), unassign);
        } else {
            for (int i = 0; i < slice.duplicates.size(); i++) {
                batch.add(List.of(slice.survivors.get(i), slice.duplicates.get(i)));
            }
            changed = context.jdbc.batchUpdate("update " + sql.table + " set " + sql.fk + " = ? where " + sql.fk
                    + " = ?", batch);
        }
        RowWriter.requireAllChanged(sql, changed, selected);
    }

    /**
     * The steps one bulk statement carries out: the groups' duplicates and survivors, and each group's collector
     * of the row ids it changed, found by the duplicate a row pointed at.
     */
    private final class GroupSlice {
        private final ReferenceSql sql;
        private final List<RowStep> steps;
        private final List<Object> duplicates = new ArrayList<>();
        private final List<Object> survivors = new ArrayList<>();
        private final Map<IdKey, GroupRows> byDuplicate = new HashMap<>();
        private final Map<IdKey, IdKey> survivorByDuplicate = new HashMap<>();

        GroupSlice(ReferenceSql sql, List<RowStep> steps, List<StepContext> contexts, int from, int to) {
            this.sql = sql;
            this.steps = steps;
            EntityPersister source = context.sourcePersister(sql.reference);
            for (int i = from; i < to; i++) {
                RowStep step = steps.get(i);
                // rows hold the records' ids, or their values of another unique key: rows are matched by those
                Object held = context.held(sql.reference, step.from());
                IdKey duplicate = IdKey.of(held);
                duplicates.add(held);
                Object survivor = context.held(sql.reference, RowTargets.survivor(step));
                survivors.add(survivor);
                survivorByDuplicate.put(duplicate, survivor == null ? null : IdKey.of(survivor));
                byDuplicate.put(duplicate, new GroupRows(i, contexts.get(i), source));
            }
        }

        /** A changed row: its key columns, then the duplicate it pointed at. */
        void add(Object[] row) {
            int keys = sql.rowKey.size();
            byDuplicate.get(IdKey.of(row[keys])).add(keys == 1 ? row[0] : Arrays.asList(Arrays.copyOf(row, keys)));
        }

        /** The survivor of the group whose duplicate is {@code duplicate}. */
        IdKey survivorOf(Object duplicate) {
            return survivorByDuplicate.get(IdKey.of(duplicate));
        }

        /** Hands on the last row ids and checks that each group changed exactly the rows its plan counted. */
        void finish(long[] changed) {
            for (GroupRows rows : byDuplicate.values()) {
                rows.flush();
                RowStep step = steps.get(rows.index);
                RowWriter.requirePlanned(step, sql, rows.count);
                changed[rows.index] = rows.count;
                sync.touched(sql.reference, context.held(sql.reference, step.from()),
                        context.held(sql.reference, RowTargets.target(step)));
            }
        }

        /** Collects one group's changed row ids and hands them on in chunks, ascending within each chunk. */
        private final class GroupRows {
            private final int index;
            private final StepContext stepContext;
            private final EntityPersister source;
            private final List<Object> ids = new ArrayList<>();
            private long count;

            GroupRows(int index, StepContext stepContext, EntityPersister source) {
                this.index = index;
                this.stepContext = stepContext;
                this.source = source;
            }

            void add(Object id) {
                ids.add(id);
                count++;
                if (ids.size() == stepContext.chunkSize()) {
                    flush();
                }
            }

            void flush() {
                if (ids.isEmpty()) {
                    return;
                }
                List<Object> ordered = RowWriter.ascending(List.copyOf(ids));
                ids.clear();
                stepContext.rowIds().accept(ordered);
                sync.rowsChanged(sql.reference, source, ordered);
            }
        }
    }
}
