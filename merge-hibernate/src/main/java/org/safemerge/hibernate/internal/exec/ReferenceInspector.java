package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.RowSelection;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RowSet;
import org.safemerge.spi.UniqueConflict;
import org.safemerge.spi.UniqueConflicts;
import org.safemerge.graph.UniqueKey;

/**
 * Counts and samples the rows of each reference that point at the merged records: for one merge every reference
 * of the entity at the first question, as one UNION ALL where the references' statements have equal result types
 * (a round trip per merge, not per referencing table); for a batch chunk read ahead with a few statements per
 * reference for all its groups.
 */
final class ReferenceInspector {
    private final StoreContext context;
    private final Records records;
    private final SessionSync sync;
    /** Reference states read ahead for a batch chunk; see {@link #prepare}. */
    private final Map<PreparedKey, Prepared> prepared = new HashMap<>();

    private record PreparedKey(String reference, IdKey survivor) {
    }

    /** A reference state read ahead for one group of a batch chunk. */
    private record Prepared(List<Object> duplicates, int sampleLimit, ReferenceState state) {
    }

    /**
     * Reference states of one merge read ahead for every reference of its entity on the first {@link #inspect}
     * (one UNION ALL for many references); dropped before anything is written ({@link #forgetAhead}).
     */
    private final Map<PreparedKey, Prepared> ahead = new HashMap<>();
    /** A batch chunk reads ahead with {@link #prepare}; then nothing is read ahead here. */
    private boolean batch;

    /**
     * The result column types of each reference's counting statement, learned from its first run, per factory:
     * statements of equal types can be read as one UNION ALL and give the same values (samples, digests) as alone.
     */
    private static final Map<SessionFactoryImplementor, Map<String, String>> SHAPES = Collections.synchronizedMap(
            new WeakHashMap<>());

    /** References read by one UNION ALL: bounded, so that no statement outgrows a database's limits. */
    private static final int BRANCHES_PER_STATEMENT = 64;

    /** Parameters of one UNION ALL (a single branch may have more: at most a slice of records and a few). */
    private static final int PARAMETERS_PER_STATEMENT = 2000;

    ReferenceInspector(StoreContext context, Records records, SessionSync sync) {
        this.context = context;
        this.records = records;
        this.sync = sync;
    }

    ReferenceState inspect(InboundReference reference, Object survivorId, List<Object> duplicateIds,
            int sampleLimit) {
        PreparedKey key = new PreparedKey(reference.key(), IdKey.of(survivorId));
        Prepared ahead = batch ? prepared.remove(key) : this.ahead.remove(key);
        if (ahead != null && ahead.duplicates().equals(duplicateIds) && ahead.sampleLimit() == sampleLimit) {
            return ahead.state();
        }
        if (!batch) {
            ReferenceState read = readAhead(reference, survivorId, duplicateIds, sampleLimit);
            if (read != null) {
                return read;
            }
        }
        ReferenceSql sql = context.sql(reference);
        List<Object> ids = new ArrayList<>();
        ids.add(survivorId);
        ids.addAll(duplicateIds);
        List<Object> held = context.keys.of(reference, ids);
        // many duplicates: bounded lists per statement (H2 tests each row against the whole list)
        int step = context.dialect.groupsPerStatement();
        Map<IdKey, RowSet> pointing = held.size() <= step ? pointingAt(sql, held, sampleLimit) : new HashMap<>();
        for (int from = 0; held.size() > step && from < held.size(); from += step) {
            pointing.putAll(pointingAt(sql, held.subList(from, Math.min(held.size(), from + step)), sampleLimit));
        }
        Map<IdKey, RowSet> identical = reference.kind().isLink() && duplicateIds.size() > 1
                ? IdenticalLinks.read(context, sql, held, pointing, sampleLimit) : null;
        return state(sql, survivorId, duplicateIds, pointing, null, null, sampleLimit, identical);
    }

    /**
     * Reads what {@link #inspect} will be asked for a batch chunk with a few statements per reference for all its
     * groups, instead of a few per group.
     *
     * @param changedSince steps ran since the last call: a later wave plans from rows the earlier one changed
     */
    void prepare(EntityType type, List<MergeGroup> groups, int sampleLimit, boolean changedSince) {
        batch = true;
        ahead.clear();
        prepared.clear();
        if (changedSince) {
            sync.refreshChangedEntities();
        }
        List<Object> ids = new ArrayList<>();
        groups.forEach(g -> ids.addAll(idsOf(g)));
        records.loadUnread(type, ids);
        SqlDialect dialect = context.dialect;
        for (InboundReference reference : context.graph.referencesTo(type)) {
            if (reference.columns().size() != 1 || reference.has(ReferenceFlag.UNSUPPORTED)) {
                continue; // composite keys: inspect() refuses them as for one merge; the planner never asks
            }
            ReferenceSql sql = context.sql(reference);
            context.keys.load(reference, ids);
            for (int from = 0; from < groups.size(); from += dialect.groupsPerStatement()) {
                List<MergeGroup> slice = groups.subList(from, Math.min(groups.size(),
                        from + dialect.groupsPerStatement()));
                List<Object> sliceIds = new ArrayList<>();
                slice.forEach(g -> sliceIds.addAll(idsOf(g)));
                Map<IdKey, RowSet> pointing = pointingAt(sql, context.keys.of(reference, sliceIds), sampleLimit);
                Map<IdKey, RowSet> identicalFirst = reference.kind().isLink()
                        && dialect.bulkForm() != SqlDialect.BulkForm.ONE_PER_GROUP
                        ? identicalOfFirstDuplicates(sql, slice, sampleLimit) : null;
                Map<IdKey, RowSet> selfRows = selfReferencing(reference, sql)
                        ? survivorRowsPointingAtDuplicates(sql, slice, sampleLimit) : null;
                for (MergeGroup group : slice) {
                    prepared.put(new PreparedKey(reference.key(), IdKey.of(group.survivorId())),
                            new Prepared(group.duplicateIds(), sampleLimit, state(sql, group.survivorId(),
                                    group.duplicateIds(), pointing, identicalFirst, selfRows, sampleLimit)));
                }
            }
        }
    }

    /** Drops what was read ahead for one merge: called before anything is written. */
    void forgetAhead() {
        ahead.clear();
    }

    /**
     * Reads the states of every reference to the entity {@code asked} points at, for one merge, in as few
     * statements as the references' shapes allow (one UNION ALL per shape and 64 references; a reference whose
     * shape is not known yet is read alone once per factory, to learn it), keeps them for the planner's next
     * questions and returns the one asked for; null when {@code asked} has no shared form or the
     * merge has more records than one statement takes ({@link SqlDialect#groupsPerStatement}).
     */
    private ReferenceState readAhead(InboundReference asked, Object survivorId, List<Object> duplicateIds,
            int sampleLimit) {
        List<Object> ids = new ArrayList<>();
        ids.add(survivorId);
        ids.addAll(duplicateIds);
        if (!shared(asked) || ids.size() > context.dialect.groupsPerStatement()) {
            return null; // many duplicates: each reference by bounded slices of records (inspect)
        }
        Map<String, String> shapes = SHAPES.computeIfAbsent(context.factory, f -> new ConcurrentHashMap<>());
        List<ReferenceSql> done = new ArrayList<>();
        List<Map<IdKey, RowSet>> doneRows = new ArrayList<>();
        // a few records: their rows first, as they are (cheap to plan and run); the aggregate for references with many
        boolean rowsFirst = summed(ids, sampleLimit);
        List<Branch> branches = new ArrayList<>();
        for (InboundReference reference : context.graph.referencesTo(context.entityType(asked.targetEntity()))) {
            if (!shared(reference) || (reference != asked && ahead.containsKey(new PreparedKey(reference.key(),
                    IdKey.of(survivorId))))) {
                continue;
            }
            ReferenceSql sql = context.sql(reference);
            List<Object> held = context.keys.of(reference, ids).stream().filter(Objects::nonNull).toList();
            if (held.isEmpty()) {
                done.add(sql);
                doneRows.add(Map.of());
                continue;
            }
            branches.add(new Branch(sql, rowsFirst ? rowsForm(sql, held) : sharedForm(sql, held, sampleLimit), held));
        }
        if (rowsFirst) {
            List<Branch> many = new ArrayList<>();
            readBranches(branches, "/r", shapes, done, doneRows, many, (union, params, shape) -> {
                java.util.Set<Integer> capped = new java.util.HashSet<>();
                Map<Integer, Map<IdKey, RowSet>> rows = context.jdbc.rowsByBranch(union, params, sampleLimit,
                        ROWS_FIRST_CAP, capped, shape);
                return new BranchRows(rows, capped);
            });
            branches = many.stream().map(b -> new Branch(b.sql(), sharedForm(b.sql(), b.held(), sampleLimit),
                    b.held())).toList();
        }
        String form = sampleLimit == 1 ? "/1" : rowsFirst ? "/s" : "/n";
        readBranches(branches, form, shapes, done, doneRows, null, (union, params, shape) -> new BranchRows(
                context.jdbc.groupedRowsByBranch(union, params, 1, true, shape), java.util.Set.of()));
        ReferenceState answer = null;
        for (int i = 0; i < done.size(); i++) {
            ReferenceSql sql = done.get(i);
            ReferenceState state = state(sql, survivorId, duplicateIds, doneRows.get(i), null, null, sampleLimit);
            if (sql.reference == asked) {
                answer = state;
            } else {
                ahead.put(new PreparedKey(sql.reference.key(), IdKey.of(survivorId)), new Prepared(duplicateIds,
                        sampleLimit, state));
            }
        }
        return answer;
    }

    /** One reference's statement in a UNION ALL, and the values of the records its rows hold. */
    private record Branch(ReferenceSql sql, ReferenceSql.Condition query, List<Object> held) {
    }

    /** What one UNION ALL of branches read: rows by branch number, and the branches that had too many to read. */
    private record BranchRows(Map<Integer, Map<IdKey, RowSet>> rows, java.util.Set<Integer> capped) {
    }

    /** Runs one UNION ALL of branches (its SQL, its parameters); tells {@code shape} its result types if not null. */
    private interface UnionReader {
        BranchRows read(String union, List<Object> params, java.util.function.Consumer<String> shape);
    }

    /** A reference's rows read as they are ({@link #rowsForm}) only up to this many; more are read by the aggregate. */
    private static final int ROWS_FIRST_CAP = 256;

    /**
     * Reads branches of one form ({@code form}: the shape key's suffix), as one UNION ALL per learned shape and 64
     * branches; a branch whose shape is not known yet runs alone once per factory, to learn it. Each branch read
     * goes to {@code done} / {@code doneRows}; a capped one to {@code capped}.
     */
    private void readBranches(List<Branch> branches, String form, Map<String, String> shapes, List<ReferenceSql> done,
            List<Map<IdKey, RowSet>> doneRows, List<Branch> capped, UnionReader reader) {
        Map<String, List<Branch>> byShape = new LinkedHashMap<>();
        for (Branch branch : branches) {
            String shapeKey = branch.sql().reference.key() + form;
            String shape = shapes.get(shapeKey);
            if (shape == null) {
                // alone, as a UNION ALL of one: its result types are learned for the next merges
                BranchRows rows = reader.read(union(List.of(branch), form), branch.query().params(),
                        learned -> shapes.put(shapeKey, learned));
                if (capped != null && rows.capped().contains(0)) {
                    capped.add(branch);
                } else {
                    done.add(branch.sql());
                    doneRows.add(rows.rows().getOrDefault(0, Map.of()));
                }
            } else {
                byShape.computeIfAbsent(shape, k -> new ArrayList<>()).add(branch);
            }
        }
        for (List<Branch> sameShape : byShape.values()) {
            for (int from = 0, to; from < sameShape.size(); from = to) {
                // bounded by branches and by parameters (PostgreSQL's driver sends at most 65,535 per statement)
                int parameters = sameShape.get(from).query().params().size();
                for (to = from + 1; to < sameShape.size() && to - from < BRANCHES_PER_STATEMENT
                        && parameters + sameShape.get(to).query().params().size() <= PARAMETERS_PER_STATEMENT; to++) {
                    parameters += sameShape.get(to).query().params().size();
                }
                List<Branch> slice = sameShape.subList(from, to);
                List<Object> params = new ArrayList<>();
                slice.forEach(b -> params.addAll(b.query().params()));
                BranchRows rows = reader.read(union(slice, form), params, null);
                for (int i = 0; i < slice.size(); i++) {
                    if (capped != null && rows.capped().contains(i)) {
                        capped.add(slice.get(i));
                    } else {
                        done.add(slice.get(i).sql());
                        doneRows.add(rows.rows().getOrDefault(i, Map.of()));
                    }
                }
            }
        }
    }

    /** The branches as one UNION ALL whose first column numbers them, ordered by branch, record and key. */
    private static String union(List<Branch> slice, String form) {
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < slice.size(); i++) {
            if (i > 0) {
                union.append(" union all ");
            }
            if (form.equals("/r")) {
                // a parenthesized branch, not a derived table: H2 parses each derived table twice (its view's query)
                union.append("(select ").append(i).append(" as sm_ref, ").append(slice.get(i).query().sql())
                        .append(')');
            } else {
                union.append("select ").append(i).append(" as sm_ref, sm_fk, sm_k0, sm_count, sm_h0, sm_h1 from (")
                        .append(slice.get(i).query().sql()).append(") sm_b").append(i);
            }
        }
        return union.append(" order by 1, 2, 3").toString();
    }

    /**
     * A few records' rows of a reference as they are, each with its two hashes, at most {@link #ROWS_FIRST_CAP} + 1
     * of them (more: the caller reads the reference by {@link #sharedForm} instead): columns {@code sm_fk, sm_k0,
     * sm_h0, sm_h1}. Far cheaper for a database to plan and run than the aggregate joined to samples, which is what
     * most of a small merge's references need: a few rows or none. Its SQL is a select list's tail: {@link #union}
     * puts the branch number first.
     */
    private ReferenceSql.Condition rowsForm(ReferenceSql sql, List<Object> ids) {
        List<String> hashes = context.dialect.rowHashes(sql.rowKey);
        List<Object> params = new ArrayList<>();
        context.dialect.addIn(params, ids);
        params.add(ROWS_FIRST_CAP + 1);
        return new ReferenceSql.Condition(sql.fk + " as sm_fk, " + sql.rowKey.get(0) + " as sm_k0, " + hashes.get(0)
                + " as sm_h0, " + hashes.get(1) + " as sm_h1 from " + sql.table + " where "
                + context.dialect.in(sql.fk, ids.size()) + " limit ?", params);
    }

    /** Whether a reference's rows are counted by the statement form a UNION ALL can share ({@link #sharedForm}). */
    private boolean shared(InboundReference reference) {
        if (reference.columns().size() != 1 || reference.has(ReferenceFlag.UNSUPPORTED)) {
            return false;
        }
        ReferenceSql sql = context.sql(reference);
        return sql.hasRowKey() && sql.rowKey.size() == 1 && context.dialect.rowHashes(sql.rowKey) != null;
    }

    private static String ordered(int limit) {
        return limit == 1 ? "" : " order by sm_fk, sm_k0";
    }

    /**
     * The statement that counts, samples and digests the rows holding each value, for a single-column row key and a
     * dialect with hashes in SQL: columns {@code sm_fk, sm_k0, sm_count, sm_h0, sm_h1}, unordered.
     */
    private ReferenceSql.Condition sharedForm(ReferenceSql sql, List<Object> ids, int limit) {
        List<String> hashes = context.dialect.rowHashes(sql.rowKey);
        String in = context.dialect.in(sql.fk, ids.size());
        List<Object> params = new ArrayList<>();
        context.dialect.addIn(params, ids);
        String key = sql.rowKey.get(0);
        if (limit == 1) {
            // one sample per record (a batch execution): a plain aggregate, no window to compute
            return new ReferenceSql.Condition("select " + sql.fk + " as sm_fk, min(" + key + ") as sm_k0, count(*) "
                    + "as sm_count, sum(" + hashes.get(0) + ") as sm_h0, sum(" + hashes.get(1) + ") as sm_h1 from "
                    + sql.table + " where " + in + " group by " + sql.fk, params);
        }
        if (summed(ids, limit)) {
            return summedAndSampled(sql, ids, hashes, limit);
        }
        params.add(limit);
        // the digest of all rows comes from the statement that counts them: one scan, the ids stay in the database
        return new ReferenceSql.Condition("select sm_fk, sm_k0, sm_count, sm_h0, sm_h1 from (select " + sql.fk
                + " as sm_fk, " + key + " as sm_k0, row_number() over (partition by " + sql.fk + " order by " + key
                + ") as sm_rn, count(*) over (partition by " + sql.fk + ") as sm_count, sum(" + hashes.get(0)
                + ") over (partition by " + sql.fk + ") as sm_h0, sum(" + hashes.get(1) + ") over (partition by "
                + sql.fk + ") as sm_h1 from " + sql.table + " where " + in + ") sm_rows where sm_rn <= ?", params);
    }

    private static boolean selfReferencing(InboundReference reference, ReferenceSql sql) {
        return reference.has(ReferenceFlag.SELF_REFERENCE) && sql.rowKey.size() == 1;
    }

    /**
     * Builds one group's state from rows read for the whole chunk; what was not read ahead (identical links of a
     * second duplicate, say) is queried here.
     *
     * @param identicalFirst identical links of each group's first duplicate, by duplicate; null when not read ahead
     * @param selfRows rows of the survivor pointing at a duplicate, by duplicate; null when not read ahead
     */
    private ReferenceState state(ReferenceSql sql, Object survivorId, List<Object> duplicateIds,
            Map<IdKey, RowSet> pointing, Map<IdKey, RowSet> identicalFirst, Map<IdKey, RowSet> selfRows,
            int sampleLimit) {
        return state(sql, survivorId, duplicateIds, pointing, identicalFirst, selfRows, sampleLimit, null);
    }

    /** As above; {@code identicalAll}: identical links of every duplicate, by duplicate ({@link IdenticalLinks}). */
    private ReferenceState state(ReferenceSql sql, Object survivorId, List<Object> duplicateIds,
            Map<IdKey, RowSet> pointing, Map<IdKey, RowSet> identicalFirst, Map<IdKey, RowSet> selfRows,
            int sampleLimit, Map<IdKey, RowSet> identicalAll) {
        InboundReference reference = sql.reference;
        // rows hold each record's id, or its value of the referenced key: the maps are keyed by what rows hold
        Object survivorHeld = context.held(reference, survivorId);
        RowSet survivorRows = held(pointing, survivorHeld);
        List<RowSet> duplicateRows = new ArrayList<>();
        List<RowSet> identical = new ArrayList<>();
        List<RowSet> self = new ArrayList<>();
        List<Object> earlier = new ArrayList<>();
        earlier.add(survivorHeld);
        List<Object> keys = new ArrayList<>();
        keys.add(survivorHeld);
        for (Object duplicate : duplicateIds) {
            Object value = context.held(reference, duplicate);
            keys.add(value);
            RowSet rows = held(pointing, value);
            duplicateRows.add(rows);
            if (reference.kind().isLink()) {
                identical.add(rows.isEmpty() ? RowSet.EMPTY : identicalAll != null ? held(identicalAll, value)
                        : earlier.size() == 1 && identicalFirst != null
                        ? held(identicalFirst, value) : rows(sql, sql.identical(value, earlier), sampleLimit));
            }
            if (selfReferencing(reference, sql)) {
                self.add(rows.isEmpty() ? RowSet.EMPTY : selfRows != null ? held(selfRows, value)
                        : rows(sql, sql.rows(value, RowSelection.only(List.of(survivorId))), sampleLimit));
            }
            earlier.add(value);
        }
        return new ReferenceState(survivorRows, duplicateRows, identical, self,
                reference.byAlternateKey() ? keys : List.of());
    }

    /** The rows holding {@code value}; none for a record without a value of the referenced key. */
    private static RowSet held(Map<IdKey, RowSet> rows, Object value) {
        return value == null ? RowSet.EMPTY : rows.getOrDefault(IdKey.of(value), RowSet.EMPTY);
    }

    static List<Object> idsOf(MergeGroup group) {
        List<Object> ids = new ArrayList<>();
        ids.add(group.survivorId());
        ids.addAll(group.duplicateIds());
        return ids;
    }

    /**
     * Links of each group's first duplicate that its survivor has too, for all groups in one statement: a window
     * numbers and counts them per duplicate. A duplicate missing from the map has none.
     */
    private Map<IdKey, RowSet> identicalOfFirstDuplicates(ReferenceSql sql, List<MergeGroup> groups, int limit) {
        List<Object> params = new ArrayList<>();
        SqlDialect.addPairs(params, groups.stream().map(g -> context.held(sql.reference, g.duplicateIds().get(0)))
                .toList(), groups.stream().map(g -> context.held(sql.reference, g.survivorId())).toList());
        StringBuilder keys = new StringBuilder();
        StringBuilder outerKeys = new StringBuilder();
        StringBuilder same = new StringBuilder();
        for (int i = 0; i < sql.rowKey.size(); i++) {
            String column = sql.rowKey.get(i);
            keys.append(", sm_t.").append(column).append(" as sm_k").append(i);
            outerKeys.append(", sm_k").append(i);
            same.append(" and sm_e.").append(column).append(" = sm_t.").append(column);
        }
        params.add(limit);
        return context.jdbc.groupedRows("select sm_d" + outerKeys + ", sm_count from "
                + "(select sm_map.sm_d as sm_d" + keys + ", row_number() over (partition by sm_map.sm_d order by "
                + sql.rowKeyList("sm_t") + ") as sm_rn, count(*) over (partition by sm_map.sm_d) as sm_count from "
                + sql.table + " sm_t join " + context.dialect.map(groups.size()) + " on sm_t." + sql.fk
                + " = sm_map.sm_d where exists (select 1 from " + sql.table + " sm_e where sm_e." + sql.fk
                + " = sm_map.sm_s" + same + ")) sm_rows where sm_rn <= ? order by sm_d" + outerKeys, params,
                sql.rowKey.size());
    }

    /**
     * Rows of the merged table itself (a single-column key) that are a group's survivor and point at one of its
     * duplicates through this reference, for all groups at once. A duplicate missing from the map has none.
     */
    private Map<IdKey, RowSet> survivorRowsPointingAtDuplicates(ReferenceSql sql, List<MergeGroup> groups,
            int limit) {
        Map<IdKey, IdKey> survivorOf = new HashMap<>();
        List<Object> duplicates = new ArrayList<>();
        List<Object> survivors = new ArrayList<>();
        for (MergeGroup group : groups) {
            survivors.add(group.survivorId());
            for (Object duplicate : group.duplicateIds()) {
                // the FK holds the duplicate's id or its referenced key; the row key is the survivor's id
                Object held = context.held(sql.reference, duplicate);
                if (held != null) {
                    duplicates.add(held);
                    survivorOf.put(IdKey.of(held), IdKey.of(group.survivorId()));
                }
            }
        }
        if (duplicates.isEmpty()) {
            return Map.of();
        }
        SqlDialect dialect = context.dialect;
        List<Object> params = new ArrayList<>();
        dialect.addIn(params, duplicates);
        dialect.addIn(params, survivors);
        Map<IdKey, List<Object>> found = new HashMap<>();
        String key = sql.rowKey.get(0);
        context.jdbc.forEachRow("select " + sql.fk + ", " + key + " from " + sql.table + " where "
                + dialect.in(sql.fk, duplicates.size()) + " and " + dialect.in(key, survivors.size()) + " order by "
                + key, params, 2, row -> {
                    IdKey duplicate = IdKey.of(row[0]);
                    if (IdKey.of(row[1]).equals(survivorOf.get(duplicate))) {
                        found.computeIfAbsent(duplicate, k -> new ArrayList<>()).add(row[1]);
                    }
                });
        Map<IdKey, RowSet> rows = new HashMap<>();
        found.forEach((duplicate, ids) -> rows.put(duplicate, new RowSet(ids.size(),
                ids.subList(0, Math.min(limit, ids.size())))));
        return rows;
    }

    /**
     * Counts and samples the rows holding each value (records' ids, or their values of a referenced key) in one
     * statement (one scan of the table instead of two per record): a window function numbers each value's rows by
     * key and counts them.
     */
    private Map<IdKey, RowSet> pointingAt(ReferenceSql sql, List<Object> held, int limit) {
        List<Object> ids = held.stream().filter(Objects::nonNull).toList();
        if (ids.isEmpty()) {
            return Map.of(); // no record has a value of the referenced key: no row can point at one
        }
        String in = context.dialect.in(sql.fk, ids.size());
        List<Object> params = new ArrayList<>();
        context.dialect.addIn(params, ids);
        if (!sql.hasRowKey()) {
            return context.jdbc.groupedRows("select " + sql.fk + ", count(*) from " + sql.table + " where " + in
                    + " group by " + sql.fk, params, 0);
        }
        List<String> hashes = context.dialect.rowHashes(sql.rowKey);
        if (hashes == null) {
            // no hash function in SQL: every key is read (streamed, never held) and digested as it passes
            return context.jdbc.digestedRows("select " + sql.fk + ", " + sql.rowKeyList() + " from " + sql.table
                    + " where " + in + " order by " + sql.fk + ", " + sql.rowKeyList(), params, sql.rowKey.size(),
                    limit);
        }
        if (limit == 1 && sql.rowKey.size() == 1) {
            // one sample per record (a batch execution): a plain aggregate, no window to compute
            return context.jdbc.groupedRows("select " + sql.fk + ", min(" + sql.rowKey.get(0) + "), count(*), sum("
                    + hashes.get(0) + "), sum(" + hashes.get(1) + ") from " + sql.table + " where " + in
                    + " group by " + sql.fk, params, 1, true);
        }
        if (summed(ids, limit)) {
            ReferenceSql.Condition query = summedAndSampled(sql, ids, hashes, limit);
            return context.jdbc.summedAndSampled(query.sql() + " order by sm_fk" + sampleKeys(sql), query.params(),
                    sql.rowKey.size());
        }
        StringBuilder keys = new StringBuilder();
        StringBuilder outerKeys = new StringBuilder();
        for (int i = 0; i < sql.rowKey.size(); i++) {
            // aliased: a derived-identity key may be the FK column itself
            keys.append(", ").append(sql.rowKey.get(i)).append(" as sm_k").append(i);
            outerKeys.append(", sm_k").append(i);
        }
        params.add(limit);
        // the digest of all rows comes from the statement that counts them: one scan, the ids stay in the database
        return context.jdbc.groupedRows("select sm_fk" + outerKeys + ", sm_count, sm_h0, sm_h1 from (select "
                + sql.fk + " as sm_fk" + keys + ", row_number() over (partition by " + sql.fk + " order by "
                + sql.rowKeyList() + ") as sm_rn, count(*) over (partition by " + sql.fk + ") as sm_count, sum("
                + hashes.get(0) + ") over (partition by " + sql.fk + ") as sm_h0, sum(" + hashes.get(1)
                + ") over (partition by " + sql.fk + ") as sm_h1 from " + sql.table + " where " + in
                + ") sm_rows where sm_rn <= ? order by sm_fk" + outerKeys, params, sql.rowKey.size(), true);
    }

    /** Up to this many records, {@link #summedAndSampled} replaces the window (one sample branch per record). */
    private static final int SUMMED_AND_SAMPLED_RECORDS = 8;

    /** Whether the rows of these records are read by {@link #summedAndSampled} rather than a window. */
    private static boolean summed(List<Object> ids, int limit) {
        return limit > 1 && ids.size() <= SUMMED_AND_SAMPLED_RECORDS;
    }

    /** {@code , sm_s.sm_k0, sm_s.sm_k1...}: the sample columns of {@link #summedAndSampled}'s result. */
    private static String sampleKeys(ReferenceSql sql) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < sql.rowKey.size(); i++) {
            keys.append(", sm_k").append(i);
        }
        return keys.toString();
    }

    /**
     * As the windowed query of {@link #pointingAt}, for a few records: one statement, a plain aggregate (count and
     * hash sums per record) joined to a {@code LIMIT}ed sample per record ({@code UNION ALL}). A window over a
     * large merge's rows sorts and materializes them all (MariaDB: 0.79 s against 0.16 s for the aggregate at
     * 100,000 rows); the aggregate reads only the FK index and the samples stop at the limit. One statement, so
     * the count covers the samples (one read view, also under READ COMMITTED).
     */
    private ReferenceSql.Condition summedAndSampled(ReferenceSql sql, List<Object> ids, List<String> hashes,
            int limit) {
        int keyCount = sql.rowKey.size();
        StringBuilder keys = new StringBuilder();
        StringBuilder outerKeys = new StringBuilder();
        for (int i = 0; i < keyCount; i++) {
            // aliased: a derived-identity key may be the FK column itself
            keys.append(", ").append(sql.rowKey.get(i)).append(" as sm_k").append(i);
            outerKeys.append(", sm_s.sm_k").append(i).append(" as sm_k").append(i);
        }
        List<Object> params = new ArrayList<>();
        context.dialect.addIn(params, ids);
        String aggregate = "select " + sql.fk + " as sm_fk, count(*) as sm_count, sum(" + hashes.get(0)
                + ") as sm_h0, sum(" + hashes.get(1) + ") as sm_h1 from " + sql.table + " where "
                + context.dialect.in(sql.fk, ids.size()) + " group by " + sql.fk;
        StringBuilder samples = new StringBuilder();
        for (Object id : ids) {
            samples.append(samples.length() == 0 ? "" : " union all ").append("select * from (select ")
                    .append(sql.fk).append(" as sm_fk").append(keys).append(" from ").append(sql.table)
                    .append(" where ").append(sql.fk).append(" = ? order by ").append(sql.rowKeyList())
                    .append(" limit ?) sm_s").append(params.size());
            params.add(id);
            params.add(limit);
        }
        // named as the windowed statement's columns: both forms are read alike, also in one UNION ALL
        String select = "select sm_a.sm_fk as sm_fk" + outerKeys + ", sm_a.sm_count as sm_count, sm_a.sm_h0 as "
                + "sm_h0, sm_a.sm_h1 as sm_h1 from (" + aggregate + ") sm_a left join (" + samples + ") sm_s on "
                + "sm_s.sm_fk = sm_a.sm_fk";
        return new ReferenceSql.Condition(select, params);
    }

    /**
     * The rows of the duplicates that conflict on a unique key, with the row of the survivor or of an earlier
     * duplicate they conflict with: one self-join of the table, streamed; at most {@code limit} pairs are kept per
     * duplicate (the rows come ordered by duplicate and row key), every pair is counted.
     */
    UniqueConflicts conflicts(InboundReference reference, UniqueKey key, Object survivorId,
            List<Object> duplicateIds, int limit) {
        ReferenceSql sql = context.sql(reference);
        List<String> others = key.otherColumns(reference.columns());
        List<Object> owners = new ArrayList<>();
        owners.add(survivorId);
        owners.addAll(duplicateIds);
        Map<IdKey, Integer> ownerIndex = new HashMap<>();
        for (int i = owners.size() - 1; i >= 0; i--) {
            ownerIndex.put(IdKey.of(owners.get(i)), i);
        }
        List<Object> params = new ArrayList<>(duplicateIds);
        params.addAll(owners);
        int keys = sql.rowKey.size();
        List<List<Found>> byDuplicate = new ArrayList<>();
        duplicateIds.forEach(d -> byDuplicate.add(new ArrayList<>()));
        long[] count = new long[1];
        Object[] lastRow = new Object[1];
        int[] group = new int[1];
        context.jdbc.forEachRow(sql.conflicts(others, key.predicate(), duplicateIds.size()), params,
                2 + 2 * keys + others.size(), row -> {
                    int duplicate = ownerIndex.getOrDefault(IdKey.of(row[0]), 0) - 1;
                    int occupant = ownerIndex.getOrDefault(IdKey.of(row[1 + keys]), Integer.MAX_VALUE);
                    if (duplicate < 0 || occupant > duplicate) {
                        return; // a row meets only the survivor's and earlier duplicates' rows
                    }
                    count[0]++;
                    Object duplicateRow = rowId(row, 1, keys);
                    List<Found> found = byDuplicate.get(duplicate);
                    boolean sameRow = !found.isEmpty() && java.util.Objects.equals(lastRow[0], duplicateRow);
                    if (!sameRow) {
                        group[0]++;
                        lastRow[0] = duplicateRow;
                    }
                    if (found.size() < limit || sameRow) {
                        List<Object> values = java.util.Arrays.asList(row).subList(2 + 2 * keys, row.length);
                        found.add(new Found(group[0], occupant, new UniqueConflict(duplicateIds.get(duplicate),
                                duplicateRow, owners.get(occupant), rowId(row, 2 + keys, keys), values)));
                    }
                });
        List<UniqueConflict> first = new ArrayList<>();
        for (List<Found> found : byDuplicate) {
            found.stream().sorted(java.util.Comparator.comparingInt(Found::group).thenComparingInt(Found::occupant))
                    .limit(Math.max(0, limit - first.size())).forEach(f -> first.add(f.conflict()));
        }
        return new UniqueConflicts(count[0], first);
    }

    /** A conflict as read: the group of its duplicate row (in read order) and the index of the other row's record. */
    private record Found(int group, int occupant, UniqueConflict conflict) {
    }

    /** The row key at {@code from} of a selected row: one value, a list, or null without a key. */
    private static Object rowId(Object[] row, int from, int keys) {
        if (keys == 0) {
            return null;
        }
        return keys == 1 ? row[from] : List.of(java.util.Arrays.copyOfRange(row, from, from + keys));
    }

    /** Counted and sampled by one statement, so that the count covers every sampled row. */
    private RowSet rows(ReferenceSql sql, ReferenceSql.Condition where, int limit) {
        String from = " from " + sql.table + " where " + where.sql();
        if (!sql.hasRowKey()) {
            return new RowSet(context.jdbc.count("select count(*)" + from, where.params()), List.of());
        }
        return context.jdbc.rowSet("select " + sql.rowKeyList() + ", count(*) over ()" + from + " order by "
                + sql.rowKeyList(), where.params(), sql.rowKey.size(), limit);
    }
}
