package org.safemerge.hibernate.internal.scan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.DanglingRow;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.IntegrityFinding;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.sql.Jdbc;
import org.safemerge.hibernate.internal.sql.SqlNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans every reference of a factory's graph for dangling rows, in sessions of its own. Each chunk is one statement
 * in a short read transaction of its own, so that a scan of a large table holds no snapshot or lock for long; the
 * counts of different chunks may therefore see different moments of a table that is being written to.
 */
public final class IntegrityScanner {
    private static final Logger log = LoggerFactory.getLogger(IntegrityScanner.class);
    /** Ranges cut at most into this many chunks (a sparse key must not make millions of empty ones). */
    private static final long MAX_CHUNKS = 10_000;

    private final SessionFactory factory;
    private final int samples;
    private final long chunkSize;
    private final Predicate<InboundReference> selected;

    public IntegrityScanner(SessionFactory factory, int samples, long chunkSize,
            Predicate<InboundReference> selected) {
        this.factory = factory;
        this.samples = samples;
        this.chunkSize = chunkSize;
        this.selected = selected;
    }

    public IntegrityReport scan() {
        long start = System.nanoTime();
        AssociationGraph graph = GraphCache.graph(factory);
        SqlNames names = SqlNames.of(factory);
        List<IntegrityFinding> findings = new ArrayList<>();
        try (Session session = factory.openSession()) {
            for (InboundReference reference : graph.references()) {
                if (selected.test(reference)) {
                    findings.add(scan(graph, reference, names, session));
                }
            }
        }
        IntegrityReport report = new IntegrityReport(findings, samples, millisSince(start));
        log.debug("integrity scan: {} dangling rows in {} references, {} ms", report.danglingRowsTotal(),
                report.dangling().size(), report.millis());
        return report;
    }

    private IntegrityFinding scan(AssociationGraph graph, InboundReference reference, SqlNames names,
            Session session) {
        long start = System.nanoTime();
        EntityType target = graph.entity(reference.targetEntity()).orElseThrow();
        List<String> targetColumns = reference.byAlternateKey() ? reference.targetColumns() : target.idColumns();
        String skip = skipReason(reference, targetColumns);
        if (skip != null) {
            return finding(reference, target, targetColumns, skip, 0, List.of(), 0, start);
        }
        DanglingSql sql = new DanglingSql(reference, target, targetColumns, names);
        Scan scan = new Scan(sql, session);
        List<Object[]> chunks = chunks(sql, scan, reference);
        for (Object[] chunk : chunks) {
            scan.chunk(chunk == null ? null : chunk.length == 0 ? sql.nullKey() : sql.between(),
                    chunk == null ? List.of() : Arrays.asList(chunk));
        }
        return finding(reference, target, targetColumns, null, scan.count, scan.rows, scan.statements, start);
    }

    private static String skipReason(InboundReference reference, List<String> targetColumns) {
        if (reference.has(ReferenceFlag.UNSUPPORTED)) {
            return "the target key cannot be told apart: " + String.join("; ", reference.notes());
        }
        if (targetColumns.size() != reference.columns().size()) {
            return reference.columns().size() + " columns point at a key of " + targetColumns.size();
        }
        return null;
    }

    /**
     * The chunks of the referencing table: key ranges {@code [lo, hi)} over a single numeric row key (then, for a
     * link table whose key column may be NULL, an empty array: the NULL rows), or a single null: the whole table.
     */
    private List<Object[]> chunks(DanglingSql sql, Scan scan, InboundReference reference) {
        List<Object[]> chunks = new ArrayList<>();
        if (sql.chunkColumn() == null) {
            chunks.add(null);
            return chunks;
        }
        Object[] range = scan.range();
        BigInteger min = integral(range[0]);
        BigInteger max = integral(range[1]);
        if (min == null || max == null) {
            chunks.add(null); // an empty table, or a key that is not a whole number: one statement
            return chunks;
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger step = BigInteger.valueOf(chunkSize).max(span.add(BigInteger.valueOf(MAX_CHUNKS - 1))
                .divide(BigInteger.valueOf(MAX_CHUNKS)));
        for (BigInteger lo = min; lo.compareTo(max) <= 0; lo = lo.add(step)) {
            chunks.add(new Object[] {bound(lo, range[0]), bound(lo.add(step), range[0])});
        }
        if (reference.kind().isLink()) {
            chunks.add(new Object[0]);
        }
        return chunks;
    }

    private static BigInteger integral(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
            return decimal.toBigIntegerExact();
        }
        return null;
    }

    /** A bound bound as the key's own type where it fits (some drivers compare a long to an int key slowly). */
    private static Object bound(BigInteger value, Object like) {
        if (like instanceof BigDecimal || like instanceof BigInteger || value.bitLength() >= 63) {
            return new BigDecimal(value);
        }
        return value.longValue();
    }

    private IntegrityFinding finding(InboundReference reference, EntityType target, List<String> targetColumns,
            String skip, long count, List<DanglingRow> rows, int statements, long start) {
        return new IntegrityFinding(reference.key(), reference.displayName(), reference.kind(),
                reference.has(ReferenceFlag.CATALOG_ONLY), reference.constraintName(), reference.table(),
                reference.columns(), target.name(), target.table(), targetColumns, skip == null, skip, count, rows,
                statements, millisSince(start));
    }

    /** Row keys compared value by value: as their own type where both are comparable alike, else as text. */
    private static final Comparator<DanglingRow> BY_ROW_KEY = (a, b) -> {
        for (int i = 0; i < Math.min(a.rowKey().size(), b.rowKey().size()); i++) {
            int c = compare(a.rowKey().get(i), b.rowKey().get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.rowKey().size(), b.rowKey().size());
    };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** One reference's running totals; each statement in a read transaction of its own. */
    private final class Scan {
        private final DanglingSql sql;
        private final Session session;
        private final Jdbc jdbc;
        long count;
        final List<DanglingRow> rows = new ArrayList<>();
        int statements;

        Scan(DanglingSql sql, Session session) {
            this.sql = sql;
            this.session = session;
            this.jdbc = new Jdbc(session);
        }

        Object[] range() {
            Object[] range = new Object[2];
            read(j -> j.forEachRow(sql.range(), List.of(), 2, row -> System.arraycopy(row, 0, range, 0, 2)));
            return range;
        }

        void chunk(String condition, List<Object> params) {
            int wanted = Math.max(samples - rows.size(), 0);
            int columns = sql.rowKeySize() + sql.columnCount();
            List<Object> found = read(j -> j.keys(sql.countAndSample(condition), params, columns + 1,
                    Math.max(wanted, 1)));
            if (found.isEmpty()) {
                return;
            }
            count += ((Number) ((List<?>) found.get(0)).get(0)).longValue();
            List<DanglingRow> sampled = new ArrayList<>();
            for (Object value : found.subList(0, Math.min(wanted, found.size()))) {
                List<?> row = ((List<?>) value).subList(1, columns + 1);
                sampled.add(new DanglingRow(new ArrayList<Object>(row.subList(0, sql.rowKeySize())),
                        new ArrayList<Object>(row.subList(sql.rowKeySize(), columns))));
            }
            sampled.sort(BY_ROW_KEY); // chunks ascend, so the samples of all chunks do too
            rows.addAll(sampled);
        }

        private <T> T read(Function<Jdbc, T> work) {
            statements++;
            Transaction tx = session.beginTransaction();
            try {
                T result = work.apply(jdbc);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                throw new MergeException(MergeErrorCode.DATABASE_ERROR, "the integrity scan could not read "
                        + sql.table() + ": " + e.getMessage() + ". The scan needs read access to every table the "
                        + "association graph names", e);
            }
        }
    }
}
