package org.safemerge.hibernate.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.jdbc.ReturningWork;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.internal.journal.Json;

/**
 * Reads the merge journal: merges by id, by record (as survivor or duplicate), by time; where a record went
 * ({@link #whereIs}); a merge's whole trail. Every call reads through a session of its own in one short read-only
 * transaction, so it never joins (or disturbs) the caller's. Lists are newest first and hold at most
 * {@link #limit(int)} merges (default {@value #DEFAULT_LIMIT}), after skipping {@link #offset(int)} of them (paging).
 * Immutable and thread-safe: {@code limit} and {@code offset} return a new instance.
 *
 * <pre>{@code
 * MergeHistory history = MergeHistory.of(sessionFactory, journal);
 * RecordFate fate = history.whereIs("Partner", 30001);        // 30001 -> 21148 -> ...
 * history.trail(fate.chain().get(0).mergeId()).ifPresent(t -> System.out.print(t.toText()));
 * }</pre>
 */
public final class MergeHistory {
    /** How many merges a list holds unless {@link #limit(int)} says otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    private static final String MERGE_COLUMNS = "m.merge_id, m.entity, m.survivor_id, m.duplicate_ids, m.principal, "
            + "m.started_at, m.ended_at, m.outcome, m.error_code, m.reason, m.options, m.undo_of, m.undone_by, "
            + "m.batch_id";

    private final SessionFactory factory;
    private final MergeJournal journal;
    private final String mergeTable;
    private final String recordTable;
    private final String changeTable;
    private final String imageTable;
    private final int limit;
    private final int offset;

    private MergeHistory(SessionFactory factory, MergeJournal journal, int limit, int offset) {
        this.factory = factory;
        this.journal = journal;
        this.mergeTable = journal.mergeTable();
        this.recordTable = journal.recordTable();
        this.changeTable = journal.changeTable();
        this.imageTable = journal.imageTable();
        this.limit = limit;
        this.offset = offset;
    }

    /** The history of the journal's tables in the database of {@code factory}. */
    public static MergeHistory of(SessionFactory factory, MergeJournal journal) {
        if (factory == null || journal == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeHistory.of(factory, journal): "
                    + (factory == null ? "factory" : "journal") + " must not be null");
        }
        return new MergeHistory(factory, journal, DEFAULT_LIMIT, 0);
    }

    /** At most {@code max} merges per list (at least 1). */
    public MergeHistory limit(int max) {
        if (max < 1) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeHistory.limit(" + max + "): the limit "
                    + "must be at least 1");
        }
        return new MergeHistory(factory, journal, max, offset);
    }

    /** Skip the first {@code skip} merges of each list (the next page: {@code offset(offset + limit)}). */
    public MergeHistory offset(int skip) {
        if (skip < 0) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeHistory.offset(" + skip + "): the offset "
                    + "must not be negative");
        }
        return new MergeHistory(factory, journal, limit, skip);
    }

    /** The merge with this id (also an undo's or a rolled-back merge's), if the journal has it. */
    public Optional<JournalMerge> merge(String mergeId) {
        requireId(mergeId, "merge");
        return read(c -> first(c, "select " + MERGE_COLUMNS + " from " + mergeTable + " m where m.merge_id = ?",
                List.of(mergeId)));
    }

    /**
     * The merges that took part the record {@code entity #recordId} as survivor or duplicate (undos and rolled-back
     * merges included), newest first.
     *
     * @param entity the entity name as the merge names it ({@code Partner})
     * @param recordId the record's id (compared as text)
     */
    public List<JournalMerge> merges(String entity, Object recordId) {
        requireRecord(entity, recordId, "merges");
        return read(c -> list(c, "select " + MERGE_COLUMNS + " from " + mergeTable + " m where m.merge_id in ("
                + "select r.merge_id from " + recordTable + " r where r.entity = ? and r.record_id = ?)"
                + " order by m.started_at desc, m.merge_id desc", List.of(entity, String.valueOf(recordId))));
    }

    /** The merges that started in {@code [from, to)}, newest first; a null bound is open. */
    public List<JournalMerge> merges(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeHistory.merges(from, to): from (" + from
                    + ") must be before to (" + to + ")");
        }
        StringBuilder sql = new StringBuilder("select " + MERGE_COLUMNS + " from " + mergeTable + " m where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (from != null) {
            sql.append(" and m.started_at >= ?");
            params.add(utc(from));
        }
        if (to != null) {
            sql.append(" and m.started_at < ?");
            params.add(utc(to));
        }
        sql.append(" order by m.started_at desc, m.merge_id desc");
        return read(c -> list(c, sql.toString(), params));
    }

    /**
     * Where the record {@code entity #recordId} went: the standing merges (committed, not undone, not undos) that
     * took it as a duplicate, then its survivor as a duplicate, and so on, up to the record that holds its data
     * now. Safe against cycles (X into Y, undone, Y into X gives X: not merged away).
     */
    public RecordFate whereIs(String entity, Object recordId) {
        requireRecord(entity, recordId, "whereIs");
        String start = String.valueOf(recordId);
        return read(c -> {
            List<JournalMerge> chain = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            seen.add(start);
            String current = start;
            boolean cycle = false;
            while (true) {
                Optional<JournalMerge> next = first(c, "select " + MERGE_COLUMNS + " from " + mergeTable + " m where "
                        + "m.merge_id in (select r.merge_id from " + recordTable + " r where r.entity = ? and "
                        + "r.record_id = ? and r.role = 'DUPLICATE') and m.outcome = 'COMMITTED' and m.undone_by "
                        + "is null and m.undo_of is null order by m.started_at desc, m.merge_id desc",
                        List.of(entity, current));
                if (next.isEmpty()) {
                    break;
                }
                chain.add(next.get());
                current = next.get().survivorId();
                if (!seen.add(current)) {
                    cycle = true;
                    break;
                }
            }
            return new RecordFate(entity, start, chain, current, cycle);
        });
    }

    /** Everything the journal holds about the merge: its changes in order and the rows it deleted. */
    public Optional<MergeTrail> trail(String mergeId) {
        requireId(mergeId, "trail");
        return read(c -> {
            Optional<JournalMerge> merge = first(c, "select " + MERGE_COLUMNS + " from " + mergeTable
                    + " m where m.merge_id = ?", List.of(mergeId));
            if (merge.isEmpty()) {
                return Optional.<MergeTrail>empty();
            }
            List<JournalChange> changes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select seq, kind, table_name, reference, fk_columns, "
                    + "from_id, to_id, attribute, before_value, after_value, row_ids, detail from " + changeTable
                    + " where merge_id = ? order by seq")) {
                ps.setString(1, mergeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(new JournalChange(rs.getInt(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), strings(parse(rs.getString(5))), rs.getString(6), rs.getString(7),
                                rs.getString(8), parse(rs.getString(9)), parse(rs.getString(10)),
                                list(parse(rs.getString(11))), map(parse(rs.getString(12)))));
                    }
                }
            }
            List<MergeTrail.RowImage> images = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select seq, op, table_name, row_key, image from "
                    + imageTable + " where merge_id = ? order by image_seq")) {
                ps.setString(1, mergeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        images.add(new MergeTrail.RowImage(rs.getInt(1), rs.getString(2), rs.getString(3),
                                parse(rs.getString(4)), map(parse(rs.getString(5)))));
                    }
                }
            }
            return Optional.of(new MergeTrail(merge.get(), changes, images));
        });
    }

    /** A list of merges as JSON: {@code {"merges": [...]}}, each with the fields of {@link MergeTrail#toJson()}. */
    public static String toJson(List<JournalMerge> merges) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("merges", merges.stream().map(MergeTrail::mergeModel).toList());
        return Json.write(root) + "\n";
    }

    // ----------------------------------------------------------------------------------------------------------

    private interface Reads<T> {
        T read(Connection c) throws SQLException;
    }

    private <T> T read(Reads<T> work) {
        try (Session session = factory.openSession()) {
            session.setDefaultReadOnly(true);
            Transaction tx = session.beginTransaction();
            try {
                T result = session.doReturningWork((ReturningWork<T>) work::read);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                if (e instanceof MergeException) {
                    throw e;
                }
                throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "could not read the merge journal ("
                        + mergeTable + ", " + recordTable + ", " + changeTable + ", " + imageTable + "): "
                        + rootMessage(e) + ". Create the journal tables first (MergeJournal.ddl(factory) prints "
                        + "them; the example CLI: safemerge journal-ddl) or build the journal with autoCreate(true)",
                        e);
            }
        }
    }

    private Optional<JournalMerge> first(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(merge(rs)) : Optional.empty();
            }
        }
    }

    private List<JournalMerge> list(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            // paging by skipping rows: portable across databases, and pages are small
            ps.setMaxRows(offset + limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<JournalMerge> merges = new ArrayList<>();
                int row = 0;
                while (rs.next()) {
                    if (row++ >= offset) {
                        merges.add(merge(rs));
                    }
                }
                return merges;
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private static JournalMerge merge(ResultSet rs) throws SQLException {
        String outcome = rs.getString(8);
        JournalMerge.Outcome parsed;
        try {
            parsed = JournalMerge.Outcome.valueOf(outcome);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "the merge journal holds merge "
                    + rs.getString(1) + " with the unknown outcome '" + outcome + "' (expected COMMITTED, "
                    + "ROLLED_BACK or UNDONE): a journal written by another version? Read it with that version");
        }
        return new JournalMerge(rs.getString(1), rs.getString(2), rs.getString(3), strings(parse(rs.getString(4))),
                rs.getString(5), instant(rs, 6), instant(rs, 7), parsed, rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14));
    }

    /** The journal keeps times as UTC without a zone (whatever the JVM's or the database's zone). */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime time = rs.getObject(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Object parse(String json) {
        return json == null ? null : Json.parse(json);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(v -> v == null ? null : String.valueOf(v)).toList();
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static void requireId(String mergeId, String method) {
        if (mergeId == null || mergeId.isBlank()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeHistory." + method + "(mergeId): the "
                    + "merge id must not be null or blank (it is MergeReport.mergeId(), also in every audit line)");
        }
    }

    private static void requireRecord(String entity, Object recordId, String method) {
        if (entity == null || entity.isBlank() || recordId == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeHistory." + method + "(entity, "
                    + "recordId): " + (recordId == null ? "recordId" : "entity") + " must not be null"
                    + (recordId == null ? "" : " or blank") + "; e.g. " + method + "(\"Partner\", 30001)");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
