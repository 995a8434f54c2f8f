package org.safemerge.hibernate.internal.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;
import org.safemerge.spi.RowSet;

/** Plain JDBC on the session's connection: counts, samples, streamed keys and updates. */
public final class Jdbc {
    private final Session session;

    public Jdbc(Session session) {
        this.session = session;
    }

    public long count(String sql, List<Object> params) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The first {@code limit} values of the selected key columns, in order. */
    public List<Object> keys(String sql, List<Object> params, int keyColumns, int limit) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Object> keys = new ArrayList<>();
                    while (rs.next()) {
                        keys.add(key(rs, keyColumns));
                    }
                    return keys;
                }
            }
        });
    }

    /**
     * The count and first {@code limit} keys of the rows {@code keySql} selects ({@code (key..., count(*) over ())},
     * ordered by key), read by that one statement: a count read apart from the keys could be smaller than them when
     * a row is inserted between the two reads.
     */
    public RowSet rowSet(String keySql, List<Object> params, int keyColumns, int limit) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, keySql, params)) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Object> keys = new ArrayList<>();
                    long count = 0;
                    while (rs.next()) {
                        keys.add(key(rs, keyColumns));
                        count = rs.getLong(keyColumns + 1);
                    }
                    return new RowSet(Math.max(count, keys.size()), keys);
                }
            }
        });
    }

    /**
     * Reads {@code (record, key..., count)} rows (or {@code (record, count)} when {@code keyColumns} is 0) into one
     * RowSet per record, keyed by {@link IdKey}.
     */
    public Map<IdKey, RowSet> groupedRows(String sql, List<Object> params, int keyColumns) {
        return groupedRows(sql, params, keyColumns, false);
    }

    /**
     * As {@link #groupedRows(String, List, int)}; with {@code digested}, each row also has the record's two hash
     * sums after the count ({@link SqlDialect#rowHashes}), which become the RowSet's digest.
     */
    public Map<IdKey, RowSet> groupedRows(String sql, List<Object> params, int keyColumns, boolean digested) {
        return groupedRows(sql, params, keyColumns, digested, null);
    }

    /**
     * As {@link #groupedRows(String, List, int, boolean)}; {@code shape}, when not null, is told the statement's
     * result column types ({@link #shape}).
     */
    public Map<IdKey, RowSet> groupedRows(String sql, List<Object> params, int keyColumns, boolean digested,
            Consumer<String> shape) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                if (shape != null) {
                    shape.accept(shape(rs.getMetaData()));
                }
                Map<Integer, Map<IdKey, RowSet>> rows = grouped(rs, 0, keyColumns, digested);
                return rows.getOrDefault(0, new HashMap<>());
            }
        });
    }

    /**
     * The rows of many {@link #groupedRows} statements read at once as one UNION ALL whose first column numbers
     * the statement each row comes from: one map per number (absent: no rows).
     */
    public Map<Integer, Map<IdKey, RowSet>> groupedRowsByBranch(String sql, List<Object> params, int keyColumns,
            boolean digested, Consumer<String> shape) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                if (shape != null) {
                    shape.accept(shape(rs.getMetaData()));
                }
                return grouped(rs, 1, keyColumns, digested);
            }
        });
    }

    /**
     * Reads a UNION ALL of {@code (branch, record, key, hash, hash)} rows ordered by branch, record and key: per
     * branch one RowSet per record, counted, sampled up to {@code limit} and digested as the hash sums of the
     * aggregate would be ({@link #digest}). A branch with more than {@code cap} rows is left out and named in {@code
     * capped} (it was cut off: its caller reads it by the aggregate instead).
     */
    public Map<Integer, Map<IdKey, RowSet>> rowsByBranch(String sql, List<Object> params, int limit, int cap,
            java.util.Set<Integer> capped, Consumer<String> shape) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                if (shape != null) {
                    shape.accept(shape(rs.getMetaData()));
                }
                Map<Integer, Integer> perBranch = new HashMap<>();
                Map<Integer, Map<IdKey, RecordRows>> read = new HashMap<>();
                while (rs.next()) {
                    int branch = rs.getInt(1);
                    if (perBranch.merge(branch, 1, Integer::sum) > cap) {
                        capped.add(branch);
                        continue;
                    }
                    read.computeIfAbsent(branch, b -> new HashMap<>()).computeIfAbsent(IdKey.of(rs.getObject(2)),
                            r -> new RecordRows()).add(rs.getObject(3), rs.getObject(4), rs.getObject(5), limit);
                }
                Map<Integer, Map<IdKey, RowSet>> rows = new HashMap<>();
                read.forEach((branch, byRecord) -> {
                    if (!capped.contains(branch)) {
                        Map<IdKey, RowSet> map = rows.computeIfAbsent(branch, b -> new HashMap<>());
                        byRecord.forEach((record, found) -> map.put(record, found.rowSet()));
                    }
                });
                return rows;
            }
        });
    }

    /** One record's rows as {@link #rowsByBranch} reads them: counted, sampled, their hashes summed. */
    private static final class RecordRows {
        private long count;
        private java.math.BigInteger hashes0 = java.math.BigInteger.ZERO;
        private java.math.BigInteger hashes1 = java.math.BigInteger.ZERO;
        private final List<Object> samples = new ArrayList<>();

        void add(Object key, Object hash0, Object hash1, int limit) {
            count++;
            hashes0 = hashes0.add(integer(hash0));
            hashes1 = hashes1.add(integer(hash1));
            if (samples.size() < limit) {
                samples.add(key);
            }
        }

        RowSet rowSet() {
            return new RowSet(count, samples, digest(hashes0, hashes1));
        }
    }

    private static java.math.BigInteger integer(Object value) {
        return new java.math.BigDecimal(value.toString()).toBigIntegerExact();
    }

    /**
     * The digest of a record's rows from its two hash sums, in one form whatever the database's type for the sums
     * (a BIGINT, a DECIMAL) or whether they were summed in SQL or while reading rows: equal sums, equal digests.
     */
    static String digest(Object h0, Object h1) {
        return canonical(h0) + ":" + canonical(h1);
    }

    private static String canonical(Object sum) {
        if (sum instanceof Number) {
            java.math.BigDecimal value = new java.math.BigDecimal(sum.toString());
            return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(sum);
    }

    /** The result column types of a statement: equal shapes can be read as one UNION ALL with the same values. */
    public static String shape(ResultSetMetaData meta) throws SQLException {
        StringBuilder shape = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            shape.append(meta.getColumnTypeName(i)).append('/').append(meta.getColumnClassName(i)).append('/')
                    .append(meta.getPrecision(i)).append('/').append(meta.getScale(i)).append(';');
        }
        return shape.toString();
    }

    private static Map<Integer, Map<IdKey, RowSet>> grouped(ResultSet rs, int offset, int keyColumns,
            boolean digested) throws SQLException {
        Map<Integer, Map<IdKey, Long>> counts = new HashMap<>();
        Map<Integer, Map<IdKey, String>> digests = new HashMap<>();
        Map<Integer, Map<IdKey, List<Object>>> samples = new HashMap<>();
        while (rs.next()) {
            Integer branch = offset == 0 ? 0 : rs.getInt(1);
            IdKey record = IdKey.of(rs.getObject(offset + 1));
            counts.computeIfAbsent(branch, b -> new HashMap<>()).put(record, rs.getLong(offset + keyColumns + 2));
            if (digested) {
                digests.computeIfAbsent(branch, b -> new HashMap<>()).put(record, digest(
                        rs.getObject(offset + keyColumns + 3), rs.getObject(offset + keyColumns + 4)));
            }
            if (keyColumns > 0) {
                Object[] values = new Object[keyColumns];
                for (int i = 0; i < keyColumns; i++) {
                    values[i] = rs.getObject(offset + i + 2);
                }
                samples.computeIfAbsent(branch, b -> new HashMap<>()).computeIfAbsent(record, k -> new ArrayList<>())
                        .add(keyColumns == 1 ? values[0] : Arrays.asList(values));
            }
        }
        Map<Integer, Map<IdKey, RowSet>> rows = new HashMap<>();
        counts.forEach((branch, byRecord) -> {
            Map<IdKey, RowSet> map = rows.computeIfAbsent(branch, b -> new HashMap<>());
            byRecord.forEach((record, count) -> map.put(record, new RowSet(count, samples.getOrDefault(branch,
                    Map.of()).getOrDefault(record, List.of()), digests.getOrDefault(branch, Map.of()).get(record))));
        });
        return rows;
    }

    /**
     * Reads {@code (record, key..., count, hash sum, hash sum)} rows, one per sampled key of a record (keys null for
     * a record without samples), from one statement, into one digested RowSet per record.
     */
    public Map<IdKey, RowSet> summedAndSampled(String sql, List<Object> params, int keyColumns) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                Map<IdKey, Long> counts = new HashMap<>();
                Map<IdKey, String> digests = new HashMap<>();
                Map<IdKey, List<Object>> samples = new HashMap<>();
                while (rs.next()) {
                    IdKey record = IdKey.of(rs.getObject(1));
                    counts.put(record, rs.getLong(keyColumns + 2));
                    digests.put(record, digest(rs.getObject(keyColumns + 3), rs.getObject(keyColumns + 4)));
                    List<Object> sample = samples.computeIfAbsent(record, k -> new ArrayList<>());
                    if (keyColumns > 0 && rs.getObject(2) != null) {
                        sample.add(key(rs, keyColumns, 2));
                    }
                }
                Map<IdKey, RowSet> rows = new HashMap<>();
                counts.forEach((record, count) -> rows.put(record,
                        new RowSet(count, samples.get(record), digests.get(record))));
                return rows;
            }
        });
    }

    /**
     * Reads {@code (record, key...)} rows, ordered by record and key, streaming, into one RowSet per record: counted,
     * sampled up to {@code limit} and digested as they pass (for databases without a hash function in SQL); no id
     * list beyond the samples is kept.
     */
    public Map<IdKey, RowSet> digestedRows(String sql, List<Object> params, int keyColumns, int limit) {
        Map<IdKey, long[]> sums = new HashMap<>();
        Map<IdKey, List<Object>> samples = new HashMap<>();
        forEachRow(sql, params, keyColumns + 1, row -> {
            IdKey record = IdKey.of(row[0]);
            long[] sum = sums.computeIfAbsent(record, r -> new long[3]);
            List<Object> key = Arrays.asList(row).subList(1, row.length);
            String text = key.stream().map(String::valueOf).reduce((a, b) -> a + "|" + b).orElse("");
            sum[0]++;
            sum[1] += text.hashCode();
            sum[2] += (text + "#").hashCode();
            List<Object> sample = samples.computeIfAbsent(record, r -> new ArrayList<>());
            if (sample.size() < limit) {
                sample.add(keyColumns == 1 ? row[1] : Arrays.asList(Arrays.copyOfRange(row, 1, row.length)));
            }
        });
        Map<IdKey, RowSet> rows = new HashMap<>();
        sums.forEach((record, sum) -> rows.put(record, new RowSet(sum[0], samples.get(record),
                sum[1] + ":" + sum[2])));
        return rows;
    }

    /** Streams every selected key to {@code chunks} in chunks of {@code chunkSize}; returns how many. */
    public long stream(String sql, List<Object> params, int keyColumns, int chunkSize, Consumer<List<Object>> chunks) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                ps.setFetchSize(Math.min(chunkSize, 1000));
                try (ResultSet rs = ps.executeQuery()) {
                    long total = 0;
                    List<Object> chunk = new ArrayList<>();
                    while (rs.next()) {
                        chunk.add(key(rs, keyColumns));
                        total++;
                        if (chunk.size() == chunkSize) {
                            chunks.accept(List.copyOf(chunk));
                            chunk.clear();
                        }
                    }
                    if (!chunk.isEmpty()) {
                        chunks.accept(List.copyOf(chunk));
                    }
                    return total;
                }
            }
        });
    }

    /**
     * Runs {@code work} after a savepoint: released when it succeeds; when it fails and {@code rethrow} says the
     * failure is not the work's own (a concurrent writer's), thrown; else the transaction is rolled back to the
     * savepoint, as if the work never ran, and the result is null.
     */
    public <T> T savepointed(Supplier<T> work, Predicate<RuntimeException> rethrow) {
        Savepoint savepoint = work(Connection::setSavepoint);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            if (rethrow.test(e)) {
                throw e;
            }
            work(c -> {
                c.rollback(savepoint);
                return null;
            });
            return null;
        }
        work(c -> {
            c.releaseSavepoint(savepoint);
            return null;
        });
        return result;
    }

    /**
     * Runs a query of one row whose {@code columns} columns are SQL arrays, each read as a list (empty for NULL);
     * a smallint's Shorts become the Integers its column reads as.
     */
    public List<List<Object>> arrays(String sql, List<Object> params, int columns) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<List<Object>> lists = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    Array array = rs.getArray(i);
                    List<Object> values = new ArrayList<>();
                    if (array != null) {
                        for (Object value : (Object[]) array.getArray()) {
                            values.add(value instanceof Short s ? Integer.valueOf(s) : value);
                        }
                        array.free();
                    }
                    lists.add(values);
                }
                return lists;
            }
        });
    }

    /** Hands each selected row's first {@code columns} values to {@code rows}, streaming; returns how many. */
    public long forEachRow(String sql, List<Object> params, int columns, Consumer<Object[]> rows) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    long total = 0;
                    while (rs.next()) {
                        Object[] values = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            values[i] = rs.getObject(i + 1);
                        }
                        rows.accept(values);
                        total++;
                    }
                    return total;
                }
            }
        });
    }

    /** One statement, executed for each parameter row as one JDBC batch; returns the rows changed in total. */
    public long batchUpdate(String sql, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (List<Object> row : rows) {
                    for (int i = 0; i < row.size(); i++) {
                        ps.setObject(i + 1, row.get(i));
                    }
                    ps.addBatch();
                }
                long total = 0;
                for (int count : ps.executeBatch()) {
                    total += count;
                }
                return total;
            }
        });
    }

    public long update(String sql, List<Object> params) {
        return work(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return (long) ps.executeUpdate();
            }
        });
    }

    private <T> T work(ReturningWork<T> work) {
        return session.doReturningWork(work);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close(); // the caller's try-with-resources never received it
            throw e;
        }
    }

    private static Object key(ResultSet rs, int columns) throws SQLException {
        return key(rs, columns, 1);
    }

    /** The key of {@code columns} columns starting at column {@code first}: one value, or a list. */
    private static Object key(ResultSet rs, int columns, int first) throws SQLException {
        if (columns == 1) {
            return rs.getObject(first);
        }
        Object[] values = new Object[columns];
        for (int i = 0; i < columns; i++) {
            values[i] = rs.getObject(first + i);
        }
        return Arrays.asList(values);
    }
}
