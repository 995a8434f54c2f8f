package org.safemerge.hibernate.internal.journal;

import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.Sensitive;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.ChangeJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the merges of one store's run to the journal, in the run's own transaction through the session's
 * connection: the change rows as events arrive (JDBC batches), the full rows the store is about to delete
 * ({@link RowImages}), and the merge rows just before the commit ({@link #beforeCommit()}). A merge that rolled back
 * gets its merge row afterwards, in a short transaction of its own. Keeps one small state per merge and at most a
 * batch of pending rows: never every row id of a merge.
 */
public final class JournalWriter implements ChangeJournal, RowImages {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BATCH = 200;

    private final Session session;
    private final SessionFactory factory;
    private final JournalConfig config;
    private final Map<String, MergeState> merges = new LinkedHashMap<>();
    /** Which merge a record (survivor or duplicate, as text) belongs to. */
    private final Map<String, MergeState> byRecord = new HashMap<>();
    private final List<Object[]> pendingChanges = new ArrayList<>();
    private final List<Object[]> pendingImages = new ArrayList<>();
    private final String insertChange;
    private final String insertImage;
    private int imageSeq;

    /** One merge of the run. */
    private static final class MergeState {
        final String mergeId;
        final String entity;
        final String survivor;
        final List<String> duplicates;
        final String principal;
        final Instant startedAt;
        final String options;
        final Set<String> sensitiveColumns;
        /** Ordered collections' owners (table|owner) whose rows were kept already. */
        final Set<String> listOwners = new HashSet<>();
        /**
         * Ordered collections' owners per table whose state after the merge is still to be kept ({@link
         * #LIST_END}): the undo compares it with what they hold then, so that it never overwrites a later change.
         */
        final Map<String, ListOwners> listsAfter = new LinkedHashMap<>();
        String undoOf;
        int seq;
        boolean written;
        boolean rolledBack;

        MergeState(String mergeId, String entity, String survivor, List<String> duplicates, String principal,
                Instant startedAt, String options, Set<String> sensitiveColumns) {
            this.mergeId = mergeId;
            this.entity = entity;
            this.survivor = survivor;
            this.duplicates = duplicates;
            this.principal = principal;
            this.startedAt = startedAt;
            this.options = options;
            this.sensitiveColumns = sensitiveColumns;
        }
    }

    /** The owners of one ordered collection's table, and its key columns (the FK first). */
    private record ListOwners(List<String> keyColumns, Set<Object> owners) {
    }

    /** The image op of an ordered collection's rows as the merge left them (captured just before the commit). */
    public static final String LIST_END = "LIST_END";

    /**
     * A writer for one run in {@code session}; the tables are checked (or created) at the first merge's start, in a
     * transaction of their own, once per factory.
     */
    public JournalWriter(Session session, JournalConfig config) {
        this.session = session;
        this.factory = session.getSessionFactory();
        this.config = config;
        this.insertChange = "insert into " + config.changeTable() + " (merge_id, seq, kind, table_name, reference, "
                + "fk_columns, from_id, to_id, attribute, before_value, after_value, row_ids, detail) values "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.insertImage = "insert into " + config.imageTable() + " (merge_id, seq, image_seq, op, table_name, "
                + "row_key, image) values (?, ?, ?, ?, ?, ?, ?)";
    }

    public JournalConfig config() {
        return config;
    }

    /** Marks the merge (already started) as the undo of {@code undoneMergeId}. */
    public void undoOf(String mergeId, String undoneMergeId) {
        MergeState state = merges.get(mergeId);
        if (state != null) {
            state.undoOf = undoneMergeId;
        }
    }

    @Override
    public boolean recordsSensitiveValues() {
        return config.sensitiveValues();
    }

    @Override
    public void record(ChangeJournal.Request plan, AuditEvent event) {
        if (event instanceof AuditEvent.MergeStarted started) {
            started(plan, started);
            return;
        }
        if (event instanceof AuditEvent.MergeCommitted) {
            return;
        }
        if (event instanceof AuditEvent.MergeRolledBack rolledBack) {
            rolledBack(rolledBack);
            return;
        }
        MergeState state = merges.get(event.mergeId());
        if (state == null) {
            throw new IllegalStateException("the journal got " + event.getClass().getSimpleName() + " of merge "
                    + event.mergeId() + " before its start");
        }
        change(state, event);
    }

    /** Records an event of a merge the caller drives itself (the undo), without a plan. */
    public void record(AuditEvent event) {
        record(null, event);
    }

    private void started(ChangeJournal.Request plan, AuditEvent.MergeStarted started) {
        if (merges.isEmpty()) {
            // before the merge locks anything; checked once per factory, in a transaction of its own
            JournalSchema.ensure(factory, config);
        }
        String principal;
        try {
            principal = config.principal().get();
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "the merge journal's principal supplier threw; "
                    + "the merge is rolled back: " + e, e);
        }
        List<String> duplicates = started.duplicateIds().stream().map(String::valueOf).toList();
        MergeState state = new MergeState(started.mergeId(), started.entity(), String.valueOf(started.survivorId()),
                duplicates, principal, started.at(), plan == null ? "{}" : options(plan),
                plan == null || config.sensitiveValues() ? Set.of() : sensitiveColumns(plan));
        merges.put(state.mergeId, state);
        byRecord.put(state.survivor, state);
        duplicates.forEach(d -> byRecord.put(d, state));
    }

    private static String options(ChangeJournal.Request plan) {
        Map<String, Object> options = new LinkedHashMap<>(plan.options());
        options.put("sensitive", List.copyOf(plan.sensitiveAttributes()));
        return Json.write(options);
    }

    /** The columns (lower case, unquoted) of the plan's sensitive attributes, redacted in row images. */
    private Set<String> sensitiveColumns(ChangeJournal.Request plan) {
        EntityType entity = plan.entity();
        Set<String> attributes = new HashSet<>(plan.sensitiveAttributes());
        for (EntityAttribute attribute : entity.attributes()) {
            if (attribute.sensitive()) {
                attributes.add(attribute.name());
            }
        }
        if (attributes.isEmpty()) {
            return Set.of();
        }
        Set<String> columns = new HashSet<>();
        try {
            EntityPersister persister = factory.unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                    .getEntityDescriptor(entity.javaType());
            for (String name : attributes) {
                var mapping = persister.findAttributeMapping(name);
                if (mapping != null) {
                    mapping.forEachSelectable((i, selectable) -> columns.add(unquoted(
                            selectable.getSelectionExpression())));
                }
            }
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "the merge journal cannot find the columns of "
                    + "the sensitive attributes " + attributes + " of " + entity.name() + " to redact them: " + e, e);
        }
        return columns;
    }

    private void change(MergeState state, AuditEvent event) {
        Object[] row = new Object[13];
        row[0] = state.mergeId;
        row[1] = ++state.seq;
        row[2] = event.getClass().getSimpleName();
        Map<String, Object> detail = null;
        if (event instanceof AuditEvent.RowEvent rows) {
            row[3] = rows.table();
            row[4] = rows.reference();
            row[6] = text(rows.from());
            row[11] = Json.write(rows.rowIds().stream().map(JournalWriter::jsonValue).toList());
        }
        if (event instanceof AuditEvent.ReferencesRepointed e) {
            row[5] = Json.write(e.columns());
            row[7] = text(e.to());
        } else if (event instanceof AuditEvent.ReferencesUnassigned e) {
            row[5] = Json.write(e.columns());
        } else if (event instanceof AuditEvent.LinksAdded e) {
            row[7] = text(e.to());
        } else if (event instanceof AuditEvent.LinksSkipped e) {
            row[7] = text(e.to());
        } else if (event instanceof AuditEvent.RowsChanged e) {
            detail = Map.of("values", jsonValues(e.values()));
        } else if (event instanceof AuditEvent.AttributeSet e) {
            row[4] = e.entity();
            row[6] = text(e.id());
            row[8] = e.attribute();
            row[9] = typed(e.before());
            row[10] = typed(e.after());
            detail = Map.of("strategy", String.valueOf(e.strategy()));
        } else if (event instanceof AuditEvent.ConflictResolved e) {
            row[3] = e.table();
            row[4] = e.reference();
            detail = new LinkedHashMap<>();
            detail.put("policy", e.policy());
            detail.put("survivorRowId", jsonValue(e.survivorRowId()));
            detail.put("duplicateRowId", jsonValue(e.duplicateRowId()));
            detail.put("resolution", e.resolution());
        } else if (event instanceof AuditEvent.VersionBumped e) {
            row[4] = e.entity();
            row[6] = text(e.id());
        } else if (event instanceof AuditEvent.EntityDeleted e) {
            row[4] = e.entity();
            row[6] = text(e.id());
            detail = new LinkedHashMap<>();
            detail.put("soft", e.soft());
            detail.put("lastState", jsonValues(e.lastState()));
        } else if (event instanceof AuditEvent.DuplicateKept e) {
            row[4] = e.entity();
            row[6] = text(e.id());
            row[7] = text(e.survivorId());
        }
        row[12] = detail == null ? null : Json.write(detail);
        pendingChanges.add(row);
        if (pendingChanges.size() >= BATCH) {
            flush();
        }
    }

    @Override
    public void capture(Object recordId, Op op, String table, List<String> keyColumns, String where,
            List<Object> params) {
        MergeState state = byRecord.get(String.valueOf(recordId));
        if (state == null && merges.size() == 1) {
            state = merges.values().iterator().next();
        }
        if (state == null) {
            throw new IllegalStateException("the journal cannot tell which merge record " + recordId + " is of");
        }
        if (op == Op.LIST) {
            // every owner of an ordered collection once, as it was before the merge first touched it
            List<Object> owners = new ArrayList<>();
            for (Object owner : params) {
                if (state.listOwners.add(table + "|" + owner)) {
                    owners.add(owner);
                    // the owners are the merge's own records (a batch's groups share none): its state after is
                    // the one at the commit
                    state.listsAfter.computeIfAbsent(table, t -> new ListOwners(keyColumns,
                            new java.util.LinkedHashSet<>())).owners().add(owner);
                }
            }
            if (owners.isEmpty()) {
                return;
            }
            params = owners;
            where = inOwners(keyColumns, owners.size());
        }
        select(state, op.name(), table, keyColumns, where, params);
    }

    private static String inOwners(List<String> keyColumns, int owners) {
        return keyColumns.get(0) + " in (" + String.join(", ", java.util.Collections.nCopies(owners, "?")) + ")";
    }

    /** Keeps the rows {@code select * from table where where} selects as images of {@code merge}. */
    private void select(MergeState merge, String op, String table, List<String> keyColumns, String condition,
            List<Object> bound) {
        Set<String> keys = new HashSet<>();
        keyColumns.forEach(k -> keys.add(unquoted(k)));
        work(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("select * from " + table + " where "
                    + condition)) {
                for (int i = 0; i < bound.size(); i++) {
                    ps.setObject(i + 1, bound.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> image = new LinkedHashMap<>();
                        Map<String, Object> key = new LinkedHashMap<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            String column = meta.getColumnLabel(c);
                            int type = meta.getColumnType(c);
                            String value = valueText(rs, c, type);
                            boolean sensitive = value != null && merge.sensitiveColumns.contains(unquoted(column));
                            Map<String, Object> typed = new LinkedHashMap<>();
                            typed.put("type", typeName(type));
                            typed.put("value", sensitive ? Sensitive.REDACTED : value);
                            if (sensitive) {
                                typed.put("redacted", true);
                            }
                            image.put(column, typed);
                            if (keys.contains(unquoted(column))) {
                                key.put(column, value);
                            }
                        }
                        pendingImages.add(new Object[] {merge.mergeId, merge.seq + 1, ++imageSeq, op, table,
                                key.isEmpty() ? null : Json.write(key), Json.write(image)});
                    }
                }
            }
            return null;
        });
        if (pendingImages.size() >= BATCH) {
            flush();
        }
    }

    /**
     * Just before the run's commit (in its transaction): the pending rows, then one merge row (and its record rows)
     * per merge of the run that did not roll back on its own.
     */
    public void beforeCommit() {
        for (MergeState state : merges.values()) {
            if (!state.written && !state.rolledBack) {
                state.listsAfter.forEach((table, pending) -> {
                    if (!pending.owners().isEmpty()) {
                        select(state, LIST_END, table, pending.keyColumns(), inOwners(pending.keyColumns(),
                                pending.owners().size()), new ArrayList<>(pending.owners()));
                        pending.owners().clear();
                    }
                });
            }
        }
        flush();
        Instant now = Instant.now();
        List<Object[]> mergeRows = new ArrayList<>();
        List<Object[]> recordRows = new ArrayList<>();
        for (MergeState state : merges.values()) {
            if (state.written || state.rolledBack) {
                continue;
            }
            state.written = true;
            mergeRows.add(mergeRow(state, now, "COMMITTED", null, null));
            recordRows.addAll(recordRows(state));
        }
        if (mergeRows.isEmpty()) {
            return;
        }
        work(connection -> {
            batch(connection, insertMerge(), mergeRows);
            batch(connection, insertRecord(), recordRows);
            return null;
        });
    }

    private String insertMerge() {
        return "insert into " + config.mergeTable() + " (merge_id, entity, survivor_id, duplicate_ids, principal, "
                + "started_at, ended_at, outcome, error_code, reason, options, undo_of, undone_by, batch_id) values "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private String insertRecord() {
        return "insert into " + config.recordTable() + " (merge_id, entity, record_id, role) values (?, ?, ?, ?)";
    }

    private static Object[] mergeRow(MergeState state, Instant ended, String outcome, String errorCode,
            String reason) {
        return new Object[] {state.mergeId, state.entity, state.survivor, Json.write(state.duplicates),
                state.principal, utc(state.startedAt), utc(ended), outcome, errorCode, reason, state.options,
                state.undoOf, null, null};
    }

    private static List<Object[]> recordRows(MergeState state) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {state.mergeId, state.entity, state.survivor, "SURVIVOR"});
        for (String duplicate : new java.util.LinkedHashSet<>(state.duplicates)) {
            rows.add(new Object[] {state.mergeId, state.entity, duplicate, "DUPLICATE"});
        }
        return rows;
    }

    /**
     * A merge rolled back (after its transaction ended, or refused on its own in a batch): its merge row, in a
     * short transaction of its own (when the journal itself failed the merge, a failure to write it is only logged).
     */
    private void rolledBack(AuditEvent.MergeRolledBack event) {
        MergeState state = merges.get(event.mergeId());
        if (state == null || state.rolledBack) {
            return;
        }
        state.rolledBack = true;
        Object[] mergeRow = mergeRow(state, event.at(), "ROLLED_BACK", event.errorCode(), event.reason());
        List<Object[]> recordRows = recordRows(state);
        try {
            JournalSchema.inOwnTransaction(factory, connection -> {
                batch(connection, insertMerge(), List.<Object[]>of(mergeRow));
                batch(connection, insertRecord(), recordRows);
            }, "write the rolled-back merge " + event.mergeId() + " to the journal");
        } catch (MergeException e) {
            if (!MergeErrorCode.JOURNAL_FAILED.name().equals(event.errorCode())) {
                throw e;
            }
            // the journal failed the merge (missing tables, a dead connection): tried once more, reported once
            log.warn("merge {} rolled back because the journal failed, and its record could not be written either: "
                    + "{}", event.mergeId(), e.getMessage());
        }
    }

    /** Writes the pending change and image rows. */
    public void flush() {
        if (pendingChanges.isEmpty() && pendingImages.isEmpty()) {
            return;
        }
        work(connection -> {
            if (!pendingChanges.isEmpty()) {
                batch(connection, insertChange, pendingChanges);
                pendingChanges.clear();
            }
            if (!pendingImages.isEmpty()) {
                batch(connection, insertImage, pendingImages);
                pendingImages.clear();
            }
            return null;
        });
    }

    private static void batch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    Object value = row[i];
                    if (value == null) {
                        ps.setNull(i + 1, Types.VARCHAR);
                    } else if (value instanceof LocalDateTime time) {
                        ps.setObject(i + 1, time);
                    } else if (value instanceof Integer n) {
                        ps.setInt(i + 1, n);
                    } else {
                        ps.setString(i + 1, value.toString());
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Work on the session's connection; a failure is JOURNAL_FAILED (the tables missing, most likely). */
    private <R> R work(SqlWork<R> work) {
        try {
            return session.doReturningWork(work::run);
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "could not write the merge journal ("
                    + config.mergeTable() + " and the other journal tables); the merge is rolled back. If the "
                    + "tables are missing, create them with the journal's DDL or build the journal with "
                    + "autoCreate(true): " + e, e);
        }
    }

    interface SqlWork<R> {
        R run(Connection connection) throws SQLException;
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** An id or value as text (null stays null). */
    static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** A value for a JSON row-id list: numbers, strings and booleans as they are, lists as lists, else text. */
    static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JournalWriter::jsonValue).toList();
        }
        return String.valueOf(value);
    }

    private static Map<String, Object> jsonValues(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, jsonValue(v)));
        return out;
    }

    /** {@code {"type": class, "value": text}}, JSON null, or the redaction marker as a JSON string. */
    static String typed(Object value) {
        if (value == null) {
            return "null";
        }
        if (Sensitive.REDACTED.equals(value)) {
            return Json.write(Sensitive.REDACTED);
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("type", value.getClass().getName());
        typed.put("value", value instanceof Enum<?> e ? e.name() : String.valueOf(value));
        return Json.write(typed);
    }

    static String typeName(int type) {
        try {
            return JDBCType.valueOf(type).getName();
        } catch (IllegalArgumentException unknown) {
            return "OTHER";
        }
    }

    /** A column's value as text, so that the undo restores it exactly. */
    static String valueText(ResultSet rs, int column, int type) throws SQLException {
        Object value;
        switch (type) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] bytes = rs.getBytes(column);
                return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            case Types.DATE -> value = rs.getObject(column, LocalDate.class);
            case Types.TIMESTAMP -> value = rs.getObject(column, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> value = rs.getObject(column, OffsetDateTime.class);
            case Types.TIME -> value = rs.getObject(column, LocalTime.class);
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(column);
                return rs.wasNull() ? null : String.valueOf(b);
            }
            default -> value = rs.getString(column);
        }
        return value == null ? null : value.toString();
    }

    /** A column name without quotes, lower case. */
    static String unquoted(String column) {
        String name = column.trim();
        if (name.length() > 1 && (name.charAt(0) == '"' || name.charAt(0) == '`' || name.charAt(0) == '[')) {
            name = name.substring(1, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
