package org.safemerge.hibernate.internal.journal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.Sensitive;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlNames;
import org.safemerge.report.RowSelection;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a journalled merge (see {@code UndoPlan}): reads the merge's change and image rows, checks that every row
 * it would touch is still as the merge left it, then (executing) re-inserts the deleted rows newest first, moves the
 * journalled rows back, reverts attributes and bumps the survivor's version, in one run of the executor (one
 * transaction, bounded lock waits), journalled and audited under the undo's own merge id. The dry run plans the same
 * steps in a read-only run and writes nothing.
 */
public final class UndoEngine {
    private static final Logger log = LoggerFactory.getLogger(UndoEngine.class);

    private UndoEngine() {
    }

    /** A change row of the journal. */
    private record Change(int seq, String kind, String table, String reference, String fromId, String toId,
            String attribute, String before, String after, List<Object> rowIds) {
    }

    /** An image row of the journal. */
    private record Image(int seq, int imageSeq, String op, String table, Map<String, Object> key, Map<String, Object> image) {
    }

    /** One planned write: its step for the report, and the work that does it. */
    private record Action(UndoResult.Step step, SqlAction work, AuditEvent event) {
    }

    private interface SqlAction {
        void run(Connection connection) throws SQLException;
    }

    public static UndoResult run(MergeExecutor executor, JournalConfig journal, String mergeId, boolean execute,
            List<AuditListener> listeners) {
        String undoId = UUID.randomUUID().toString();
        try {
            return executor.run(execute ? RunMode.EXECUTE : RunMode.READ_ONLY,
                    store -> new Undo(store, journal, mergeId, undoId, execute, listeners).run());
        } catch (MergeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.DATABASE_ERROR, "the undo of merge " + mergeId + " failed"
                    + (execute ? " and was rolled back" : "") + "; nothing was changed: " + e, e);
        }
    }

    /** One undo, inside the executor's run. */
    private static final class Undo {
        private final MergeStore store;
        private final JournalConfig journal;
        private final String mergeId;
        private final String undoId;
        private final boolean execute;
        private final List<AuditListener> listeners;
        private final Session session;
        private final SessionFactory factory;
        private final AssociationGraph graph;
        private final SqlNames names;
        private final List<UndoResult.Conflict> conflicts = new ArrayList<>();
        private final List<Action> actions = new ArrayList<>();
        private String entityName;
        private EntityType entity;
        private String survivorText;
        private List<String> duplicateTexts;
        private List<Image> images = List.of();
        /** Tables (unquoted, lower case) whose rows the undo moves back before it writes their images back. */
        private final java.util.Set<String> movedTables = new java.util.HashSet<>();
        /** Ordered collections' tables (unquoted, lower case), restored whole. */
        private final java.util.Set<String> listTables = new java.util.HashSet<>();

        Undo(MergeStore store, JournalConfig journal, String mergeId, String undoId, boolean execute,
                List<AuditListener> listeners) {
            this.store = store;
            this.journal = journal;
            this.mergeId = mergeId;
            this.undoId = undoId;
            this.execute = execute;
            this.listeners = listeners;
            this.session = store.unwrap(Session.class).orElseThrow(() -> new IllegalStateException(
                    "the undo needs a Hibernate session"));
            this.factory = session.getSessionFactory();
            this.graph = GraphCache.graph(factory);
            this.names = SqlNames.of(factory);
        }

        UndoResult run() {
            readMerge();
            lockSurvivor();
            List<Change> changes = readChanges();
            images = readImages();
            plan(changes, images);
            UndoResult result = new UndoResult(undoId, mergeId, execute, entityName, survivorText, duplicateTexts,
                    actions.stream().map(Action::step).toList(), conflicts);
            if (!execute) {
                return result;
            }
            if (!conflicts.isEmpty()) {
                throw new MergeException(MergeErrorCode.UNDO_CONFLICT, "merge " + mergeId + " cannot be undone: "
                        + conflicts.size() + " row(s) it would touch changed since the merge; nothing was changed. "
                        + "Its dry run lists them: " + String.join("; ", conflicts.stream()
                                .limit(10).map(UndoResult.Conflict::describe).toList()));
            }
            apply();
            return result;
        }

        private void readMerge() {
            List<Object[]> rows = query("select entity, survivor_id, duplicate_ids, outcome, undo_of, undone_by from "
                    + journal.mergeTable() + " where merge_id = ?", List.of(mergeId), 6);
            if (rows.isEmpty()) {
                throw notPossible("no merge " + mergeId + " in the journal " + journal.mergeTable());
            }
            Object[] row = rows.get(0);
            entityName = (String) row[0];
            survivorText = (String) row[1];
            duplicateTexts = Json.array((String) row[2]).stream().map(String::valueOf).toList();
            if (!"COMMITTED".equals(row[3])) {
                throw notPossible("merge " + mergeId + " " + ("UNDONE".equals(row[3]) ? "was undone already by "
                        + row[5] : "did not commit (" + row[3] + "): there is nothing to undo"));
            }
            if (row[4] != null) {
                throw notPossible("merge " + mergeId + " is itself the undo of merge " + row[4] + "; merge the "
                        + "records again instead");
            }
            entity = graph.entity(entityName).orElseThrow(() -> notPossible("the entity " + entityName + " of merge "
                    + mergeId + " is not in this persistence unit"));
        }

        private void lockSurvivor() {
            if (!execute) {
                return;
            }
            Object survivor = id(entity, survivorText);
            query("select " + names.idColumn(entity) + " from " + names.table(entity) + " where "
                    + names.idColumn(entity) + " = ?" + names.dialect().forUpdate(), List.of(survivor), 1);
        }

        private List<Change> readChanges() {
            List<Object[]> rows = query("select seq, kind, table_name, reference, from_id, to_id, attribute, "
                    + "before_value, after_value, row_ids from " + journal.changeTable() + " where merge_id = ? "
                    + "order by seq", List.of(mergeId), 10);
            List<Change> changes = new ArrayList<>();
            for (Object[] r : rows) {
                changes.add(new Change(((Number) r[0]).intValue(), (String) r[1], (String) r[2], (String) r[3],
                        (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8],
                        r[9] == null ? List.of() : Json.array((String) r[9])));
            }
            return changes;
        }

        private List<Image> readImages() {
            List<Object[]> rows = query("select seq, image_seq, op, table_name, row_key, image from "
                    + journal.imageTable() + " where merge_id = ? order by image_seq", List.of(mergeId), 6);
            List<Image> images = new ArrayList<>();
            for (Object[] r : rows) {
                images.add(new Image(((Number) r[0]).intValue(), ((Number) r[1]).intValue(), (String) r[2],
                        (String) r[3], r[4] == null ? Map.of() : Json.object((String) r[4]),
                        Json.object((String) r[5])));
            }
            return images;
        }

        /**
         * The actions in the order they run, and the conflicts. The merge's work is reversed step by step, newest
         * first: a change is undone, then the rows deleted or changed right before it (its images) come back, newest
         * capture first. So a link the merge moved onto a key it had just freed (takeB, KEEP_B) is moved back before
         * the freed row is re-inserted. Ordered collections come back whole at the end.
         */
        private void plan(List<Change> changes, List<Image> images) {
            List<Action> lists = planLists(images, changes);
            for (Change change : changes) {
                if ("ReferencesRepointed".equals(change.kind()) || "LinksAdded".equals(change.kind())) {
                    movedTables.add(JournalWriter.unquoted(new ReferenceSql(reference(change), names).table));
                }
            }
            java.util.NavigableMap<Integer, List<Image>> imagesBySeq = new java.util.TreeMap<>();
            for (Image image : images) {
                imagesBySeq.computeIfAbsent(image.seq(), s -> new ArrayList<>()).add(image);
            }
            java.util.NavigableMap<Integer, Change> changesBySeq = new java.util.TreeMap<>();
            for (Change change : changes) {
                changesBySeq.put(change.seq(), change);
            }
            java.util.NavigableSet<Integer> steps = new java.util.TreeSet<>(imagesBySeq.keySet());
            steps.addAll(changesBySeq.keySet());
            for (Integer seq : steps.descendingSet()) {
                Change change = changesBySeq.get(seq);
                if (change != null) {
                    switch (change.kind()) {
                        case "ReferencesRepointed", "LinksAdded" -> planMoveBack(change);
                        case "ReferencesUnassigned" -> planReassign(change);
                        case "AttributeSet" -> planAttribute(change);
                        default -> {
                            // deleted rows come back from their images; the others change nothing to undo
                        }
                    }
                }
                List<Image> before = new ArrayList<>(imagesBySeq.getOrDefault(seq, List.of()));
                Collections.reverse(before);
                for (Image image : before) {
                    if (listTables.contains(JournalWriter.unquoted(image.table()))) {
                        continue; // the ordered rows come back whole
                    }
                    switch (image.op()) {
                        case "DELETE" -> planReinsert(image);
                        case "UPDATE" -> planRestore(image);
                        default -> {
                            // LIST: restored whole below
                        }
                    }
                }
            }
            actions.addAll(lists);
            planVersionBump(changes);
        }

        /**
         * Row keys (table unquoted -> key text) that actions planned earlier free or take: the checks of later
         * actions run before the earlier ones changed anything, so they see the database through these.
         */
        private final Map<String, java.util.Set<String>> freed = new java.util.HashMap<>();
        private final Map<String, java.util.Set<String>> taken = new java.util.HashMap<>();

        private java.util.Set<String> freed(String table) {
            return freed.computeIfAbsent(JournalWriter.unquoted(table), t -> new java.util.HashSet<>());
        }

        private java.util.Set<String> taken(String table) {
            return taken.computeIfAbsent(JournalWriter.unquoted(table), t -> new java.util.HashSet<>());
        }

        private void free(String table, String key) {
            taken(table).remove(key);
            freed(table).add(key);
        }

        private void take(String table, String key) {
            freed(table).remove(key);
            taken(table).add(key);
        }

        /** A row key as text: columns unquoted and sorted, numbers in one form. */
        private static String normalizedKey(Map<String, Object> values) {
            java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
            values.forEach((column, value) -> sorted.put(JournalWriter.unquoted(column), normalized(value)));
            return sorted.toString();
        }

        private static String normalized(Object value) {
            if (value instanceof Number n) {
                BigDecimal d = new BigDecimal(n.toString());
                try {
                    return d.toBigIntegerExact().toString();
                } catch (ArithmeticException fraction) {
                    return d.stripTrailingZeros().toPlainString();
                }
            }
            return String.valueOf(value);
        }

        private static String imageKey(Image image) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (String column : image.key().keySet()) {
                values.put(column, javaValue((Map<?, ?>) image.image().get(column)));
            }
            return normalizedKey(values);
        }

        /** The key of a link / collection row: its FK value and its row key values. */
        private static String linkKey(ReferenceSql sql, Object owner, Object rowId) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            if (rowId instanceof List<?> parts && sql.rowKey.size() == parts.size()) {
                for (int i = 0; i < parts.size(); i++) {
                    values.put(sql.rowKey.get(i), parts.get(i));
                }
            } else if (!sql.rowKey.isEmpty()) {
                values.put(sql.rowKey.get(0), rowId);
            }
            values.put(sql.fk, owner);
            return normalizedKey(values);
        }

        private void planReinsert(Image image) {
            requireClearValues(image);
            if (!image.key().isEmpty()) {
                List<Object> params = new ArrayList<>();
                String where = keyCondition(image, params);
                long found = count("select count(*) from " + image.table() + " where " + where, params);
                String key = imageKey(image);
                boolean exists = found > 0 ? !freed(image.table()).contains(key) : taken(image.table()).contains(key);
                take(image.table(), key);
                if (exists) {
                    conflicts.add(new UndoResult.Conflict(image.table(), keyText(image), keyColumns(image),
                            "<no row>", "a row with this key exists (the id was taken since the merge)"));
                }
            }
            List<String> columns = new ArrayList<>(image.image().keySet());
            String sql = "insert into " + image.table() + " (" + String.join(", ", columns.stream()
                    .map(c -> names.dialect().quote(c)).toList()) + ") values ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            actions.add(new Action(new UndoResult.Step("RecreateRows", image.table(), "re-insert row "
                    + keyText(image) + " deleted by the merge", 1), connection -> {
                        try (PreparedStatement ps = connection.prepareStatement(sql)) {
                            int i = 1;
                            for (String column : columns) {
                                bind(ps, i++, (Map<?, ?>) image.image().get(column));
                            }
                            ps.executeUpdate();
                        }
                    }, restoredEvent(image)));
        }

        private void requireClearValues(Image image) {
            for (Map.Entry<String, Object> e : image.image().entrySet()) {
                if (e.getValue() instanceof Map<?, ?> typed && Boolean.TRUE.equals(typed.get("redacted"))) {
                    throw notPossible("the journal holds the value of " + image.table() + "." + e.getKey()
                            + " redacted (a sensitive attribute), so the row cannot be re-created");
                }
            }
        }

        private AuditEvent restoredEvent(Image image) {
            return new AuditEvent.RowsChanged(undoId, Instant.now(), "undo(" + image.table() + ")", image.table(),
                    image.key().isEmpty() ? List.of() : List.of(keyText(image)), survivorText,
                    Map.of("restored", "re-inserted from the journal of merge " + mergeId));
        }

        private void planRestore(Image image) {
            if (image.key().isEmpty()) {
                throw notPossible("a row of " + image.table() + " changed by the merge has no key to find it by");
            }
            List<String> columns = image.image().keySet().stream()
                    .filter(c -> !image.key().containsKey(c)).toList();
            List<Object> whereParams = new ArrayList<>();
            String where = keyCondition(image, whereParams);
            // a row moved by the merge is found by its key only once it is moved back (checked there)
            if (!movedTables.contains(JournalWriter.unquoted(image.table()))
                    && count("select count(*) from " + image.table() + " where " + where, whereParams) != 1) {
                conflicts.add(new UndoResult.Conflict(image.table(), keyText(image), keyColumns(image),
                        "the row the merge changed", "<no row>"));
            }
            String sql = "update " + image.table() + " set " + String.join(", ", columns.stream()
                    .map(c -> names.dialect().quote(c) + " = ?").toList()) + " where " + where;
            actions.add(new Action(new UndoResult.Step("RevertRows", image.table(), "write back row "
                    + keyText(image) + " as it was before the merge", 1), connection -> {
                        try (PreparedStatement ps = connection.prepareStatement(sql)) {
                            int i = 1;
                            for (String column : columns) {
                                bind(ps, i++, (Map<?, ?>) image.image().get(column));
                            }
                            for (Object p : whereParams) {
                                ps.setObject(i++, p);
                            }
                            if (ps.executeUpdate() != 1) {
                                throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, "row "
                                        + keyText(image) + " of " + image.table() + " changed while the undo ran; "
                                        + "it was rolled back, try again");
                            }
                        }
                    }, restoredEvent(image)));
        }

        /**
         * Ordered collections: the owners' rows go back as the first image of them shows (before the merge renumbered
         * them), replacing what the owners hold now, provided they hold exactly what the merge left them ({@code
         * LIST_END} images): an entry added, removed, moved or edited since is a conflict, never overwritten.
         */
        private List<Action> planLists(List<Image> images, List<Change> changes) {
            List<Action> lists = new ArrayList<>();
            Map<String, Map<String, Image>> byTable = new java.util.LinkedHashMap<>();
            Map<String, List<Image>> afterByTable = new java.util.HashMap<>();
            for (Image image : images) {
                if ("LIST".equals(image.op())) {
                    // the first image of a row wins: the state before the merge
                    byTable.computeIfAbsent(image.table(), t -> new java.util.LinkedHashMap<>())
                            .putIfAbsent(Json.write(image.key()), image);
                } else if (JournalWriter.LIST_END.equals(image.op())) {
                    afterByTable.computeIfAbsent(image.table(), t -> new ArrayList<>()).add(image);
                }
            }
            for (Map.Entry<String, Map<String, Image>> e : byTable.entrySet()) {
                String table = e.getKey();
                listTables.add(JournalWriter.unquoted(table));
                List<Image> rows = new ArrayList<>(e.getValue().values());
                String fk = rows.get(0).key().keySet().iterator().next();
                java.util.Set<Object> ownerSet = new java.util.LinkedHashSet<>(rows.stream()
                        .map(r -> javaValue((Map<?, ?>) r.image().get(fk))).toList());
                // owners that had no rows before the merge are in the link changes only
                for (Change change : changes) {
                    if (change.reference() != null && change.table() != null && change.kind().startsWith("Links")
                            && JournalWriter.unquoted(change.table()).equals(JournalWriter.unquoted(table))) {
                        InboundReference reference = reference(change);
                        for (String id : new String[] {change.fromId(), change.toId()}) {
                            if (id != null) {
                                Object held = held(reference, id);
                                ownerSet.add(held instanceof Number n ? (Object) n.longValue() : held);
                            }
                        }
                    }
                }
                List<Object> owners = new ArrayList<>(ownerSet);
                rows.forEach(this::requireClearValues);
                ListState left = new ListState(table, names.dialect().quote(fk), owners, afterByTable.getOrDefault(table, List.of()));
                List<String> now = session.doReturningWork(left::current);
                if (!now.equals(left.expected)) {
                    conflicts.add(new UndoResult.Conflict(table, "of " + owners, fk, left.expected.size()
                            + " rows as the merge left them", now.size() + " rows, not as the merge left them "
                            + "(an entry added, removed, moved or edited since)"));
                }
                String delete = "delete from " + table + " where " + names.dialect().quote(fk) + " in ("
                        + String.join(", ", Collections.nCopies(owners.size(), "?")) + ")";
                lists.add(new Action(new UndoResult.Step("RestoreList", table, "put back the " + rows.size()
                        + " rows of " + owners + " in their order before the merge", rows.size()), connection -> {
                            if (!left.current(connection).equals(left.expected)) {
                                throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, "the ordered rows "
                                        + "of " + owners + " in " + table + " changed while the undo ran; it was "
                                        + "rolled back, try again");
                            }
                            try (PreparedStatement ps = connection.prepareStatement(delete)) {
                                for (int i = 0; i < owners.size(); i++) {
                                    ps.setObject(i + 1, owners.get(i));
                                }
                                ps.executeUpdate();
                            }
                            for (Image row : rows) {
                                insert(connection, row);
                            }
                        }, new AuditEvent.RowsChanged(undoId, Instant.now(), "undo(" + table + ")", table,
                                List.of(), survivorText, Map.of("restored", "the ordered rows of " + owners))));
            }
            return lists;
        }

        /**
         * The rows of an ordered collection's owners as the merge left them, and as they are now, each as text
         * (columns sorted, values as the journal writes them; redacted columns left out): equal lists mean no change.
         */
        private static final class ListState {
            final String table;
            final String fk;
            final List<Object> owners;
            final java.util.Set<String> redacted = new java.util.HashSet<>();
            final List<String> expected = new ArrayList<>();

            ListState(String table, String fk, List<Object> owners, List<Image> after) {
                this.table = table;
                this.fk = fk;
                this.owners = owners;
                for (Image image : after) {
                    image.image().forEach((column, value) -> {
                        if (value instanceof Map<?, ?> typed && Boolean.TRUE.equals(typed.get("redacted"))) {
                            redacted.add(JournalWriter.unquoted(column));
                        }
                    });
                }
                for (Image image : after) {
                    java.util.TreeMap<String, Object> row = new java.util.TreeMap<>();
                    image.image().forEach((column, value) -> row.put(JournalWriter.unquoted(column),
                            ((Map<?, ?>) value).get("value")));
                    expected.add(text(row));
                }
                Collections.sort(expected);
            }

            private String text(java.util.TreeMap<String, Object> row) {
                row.keySet().removeAll(redacted);
                return row.toString();
            }

            List<String> current(Connection connection) throws SQLException {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement ps = connection.prepareStatement("select * from " + table + " where "
                        + fk + " in (" + String.join(", ", Collections.nCopies(owners.size(), "?")) + ")")) {
                    for (int i = 0; i < owners.size(); i++) {
                        ps.setObject(i + 1, owners.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        java.sql.ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            java.util.TreeMap<String, Object> row = new java.util.TreeMap<>();
                            for (int c = 1; c <= meta.getColumnCount(); c++) {
                                row.put(JournalWriter.unquoted(meta.getColumnLabel(c)),
                                        JournalWriter.valueText(rs, c, meta.getColumnType(c)));
                            }
                            rows.add(text(row));
                        }
                    }
                }
                Collections.sort(rows);
                return rows;
            }
        }

        private void insert(Connection connection, Image image) throws SQLException {
            List<String> columns = new ArrayList<>(image.image().keySet());
            String sql = "insert into " + image.table() + " (" + String.join(", ", columns.stream()
                    .map(c -> names.dialect().quote(c)).toList()) + ") values ("
                    + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                for (String column : columns) {
                    bind(ps, i++, (Map<?, ?>) image.image().get(column));
                }
                ps.executeUpdate();
            }
        }

        /** Re-pointed rows (or moved links) go back from the survivor to the duplicate, where they still point. */
        private void planMoveBack(Change change) {
            InboundReference reference = reference(change);
            ReferenceSql sql = new ReferenceSql(reference, names);
            if (listTables.contains(JournalWriter.unquoted(sql.table))) {
                return; // the ordered rows come back whole
            }
            List<Object> ids = rowIds(change, sql);
            Object to = held(reference, change.toId());
            Object from = held(reference, change.fromId());
            ReferenceSql.Condition where = sql.rows(to, RowSelection.only(ids));
            long found = count(sql.count(where), where.params());
            for (Object id : ids) {
                String at = linkKey(sql, to, id);
                if (freed(sql.table).contains(at)) {
                    found--;
                } else if (taken(sql.table).contains(at)) {
                    found++;
                }
                free(sql.table, at);
                take(sql.table, linkKey(sql, from, id));
            }
            if (found != ids.size()) {
                conflicts.add(new UndoResult.Conflict(reference.table(), ids.toString(), reference.columns().get(0),
                        ids.size() + " rows at " + change.toId(), found + " rows at " + change.toId()
                                + " (the others were moved or deleted since the merge)"));
            }
            String update = "update " + sql.table + " set " + sql.fk + " = ? where " + where.sql();
            List<Object> params = new ArrayList<>();
            params.add(from);
            params.addAll(where.params());
            actions.add(new Action(new UndoResult.Step("RepointBack", reference.table(), "point "
                    + ids.size() + " rows of " + reference.key() + " back from " + change.toId() + " to "
                    + change.fromId(), ids.size()), connection -> update(connection, update, params, ids.size(),
                            reference),
                    "LinksAdded".equals(change.kind())
                            ? new AuditEvent.LinksAdded(undoId, Instant.now(), reference.key(), reference.table(),
                                    ids, change.toId(), change.fromId())
                            : new AuditEvent.ReferencesRepointed(undoId, Instant.now(), reference.key(),
                                    reference.table(), reference.columns(), ids, change.toId(), change.fromId())));
        }

        /** Unassigned rows get their FK back, where it is still null. */
        private void planReassign(Change change) {
            InboundReference reference = reference(change);
            ReferenceSql sql = new ReferenceSql(reference, names);
            List<Object> ids = rowIds(change, sql);
            Object from = held(reference, change.fromId());
            String keys = sql.rowKey.size() == 1 ? sql.rowKey.get(0) : "(" + sql.rowKeyList() + ")";
            String in = keys + " in (" + String.join(", ", Collections.nCopies(ids.size(), sql.rowKey.size() == 1
                    ? "?" : "(" + String.join(", ", Collections.nCopies(sql.rowKey.size(), "?")) + ")")) + ")";
            List<Object> idParams = new ArrayList<>();
            for (Object id : ids) {
                if (id instanceof List<?> parts) {
                    idParams.addAll(parts);
                } else {
                    idParams.add(id);
                }
            }
            String where = sql.fk + " is null and " + in;
            long found = count("select count(*) from " + sql.table + " where " + where, idParams);
            if (found != ids.size()) {
                conflicts.add(new UndoResult.Conflict(reference.table(), ids.toString(), reference.columns().get(0),
                        ids.size() + " rows with NULL", found + " rows with NULL (the others were assigned or "
                                + "deleted since the merge)"));
            }
            List<Object> params = new ArrayList<>();
            params.add(from);
            params.addAll(idParams);
            String update = "update " + sql.table + " set " + sql.fk + " = ? where " + where;
            actions.add(new Action(new UndoResult.Step("ReassignReferences", reference.table(), "point "
                    + ids.size() + " rows of " + reference.key() + " at " + change.fromId() + " again",
                    ids.size()), connection -> update(connection, update, params, ids.size(), reference),
                    new AuditEvent.ReferencesRepointed(undoId, Instant.now(), reference.key(), reference.table(),
                            reference.columns(), ids, null, change.fromId())));
        }

        /** An attribute of the survivor goes back to its value before, where it still holds the merged value. */
        private void planAttribute(Change change) {
            // the merged entity's survivor, or the survivor row of a conflict merged by MERGE_ROWS (its own entity)
            String entityName = change.reference() == null ? this.entityName : change.reference();
            EntityType entity = change.reference() == null ? this.entity : graph.entity(entityName)
                    .orElseThrow(() -> notPossible("entity " + entityName + " no longer exists"));
            String survivorText = change.fromId() == null ? this.survivorText : change.fromId();
            EntityAttribute model = entity.attribute(change.attribute()).orElseThrow(() -> notPossible("attribute "
                    + change.attribute() + " of " + entityName + " no longer exists"));
            if (Json.write(Sensitive.REDACTED).equals(change.before())) {
                throw notPossible("the journal holds the value of the sensitive attribute " + entityName + "."
                        + change.attribute() + " before the merge redacted, so it cannot be restored");
            }
            if (model.kind() != AttributeKind.BASIC && model.kind() != AttributeKind.TO_ONE) {
                throw notPossible("attribute " + entityName + "." + change.attribute() + " (" + model.kind()
                        + ") cannot be restored from the journal yet");
            }
            Object survivorId = id(entity, survivorText);
            EntityPersister persister = persister(entity);
            Object survivor = session.find(persister.getMappedClass(), survivorId);
            AttributeMapping attribute = persister.findAttributeMapping(change.attribute());
            Object current = attribute.getPropertyAccess().getGetter().get(survivor);
            if (model.kind() == AttributeKind.TO_ONE && current != null) {
                current = session.getIdentifier(current);
            }
            String currentText = JournalWriter.typed(current);
            if (!Objects.equals(Json.parse(currentText), Json.parse(change.after()))) {
                conflicts.add(new UndoResult.Conflict(entity.table(), survivorText, change.attribute(),
                        String.valueOf(Json.parse(change.after())), String.valueOf(Json.parse(currentText))));
                return;
            }
            Object before = value(change.before());
            actions.add(new Action(new UndoResult.Step("RevertAttribute", entity.table(), "set "
                    + change.attribute() + " of " + survivorText + " back to " + display(before), 1), connection -> {
                        Object target = before;
                        if (model.kind() == AttributeKind.TO_ONE && before != null) {
                            EntityType targetType = graph.entity(model.targetEntity()).orElseThrow();
                            target = session.getReference(persister(targetType).getMappedClass(),
                                    id(targetType, String.valueOf(before)));
                        }
                        attribute.getPropertyAccess().getSetter().set(survivor, target);
                        session.flush();
                    }, new AuditEvent.AttributeSet(undoId, Instant.now(), entityName, survivorId,
                            change.attribute(), current, before, "undo of " + mergeId)));
        }

        private void planVersionBump(List<Change> changes) {
            if (entity.versionAttribute() == null) {
                return;
            }
            Object survivorId = id(entity, survivorText);
            actions.add(new Action(new UndoResult.Step("BumpVersion", entity.table(), "bump the version of "
                    + entityName + " " + survivorText, 1), connection -> {
                        EntityPersister persister = persister(entity);
                        Object survivor = session.find(persister.getMappedClass(), survivorId);
                        if (survivor != null) {
                            session.refresh(survivor);
                            HibernateSupport.compat().forceVersionIncrement(session, survivor);
                            session.flush();
                        }
                    }, new AuditEvent.VersionBumped(undoId, Instant.now(), entityName, survivorId)));
        }

        /** Runs the actions, journals and audits the undo, marks the undone merge. */
        private void apply() {
            JournalWriter writer = store.unwrap(JournalWriter.class).orElse(null);
            List<Object> duplicates = duplicateTexts.stream().map(d -> id(entity, d)).toList();
            Object survivorId = id(entity, survivorText);
            boolean[] finished = new boolean[1];
            store.onCompletion(committed -> {
                if (finished[0]) {
                    return;
                }
                finished[0] = true;
                AuditEvent end = committed ? new AuditEvent.MergeCommitted(undoId, Instant.now(), rows())
                        : new AuditEvent.MergeRolledBack(undoId, Instant.now(), null, "the undo of merge " + mergeId
                                + " was rolled back");
                for (AuditListener listener : listeners) {
                    try {
                        listener.onEvent(end);
                    } catch (RuntimeException e) {
                        log.error("audit listener {} failed on the final event of undo {}", listener, undoId, e);
                    }
                }
                if (writer != null && !committed) {
                    try {
                        writer.record(end);
                    } catch (RuntimeException e) {
                        log.error("the journal failed to record the rollback of undo {}", undoId, e);
                    }
                }
            });
            emit(writer, new AuditEvent.MergeStarted(undoId, Instant.now(), entityName, survivorId, duplicates));
            if (writer != null) {
                writer.undoOf(undoId, mergeId);
            }
            session.flush();
            for (Action action : actions) {
                session.doWork(connection -> action.work().run(connection));
                emit(writer, action.event());
            }
            session.flush();
            session.doWork(connection -> {
                try (PreparedStatement ps = connection.prepareStatement("update " + journal.mergeTable()
                        + " set outcome = 'UNDONE', undone_by = ? where merge_id = ? and outcome = 'COMMITTED'")) {
                    ps.setString(1, undoId);
                    ps.setString(2, mergeId);
                    if (ps.executeUpdate() != 1) {
                        throw new MergeException(MergeErrorCode.UNDO_CONFLICT, "merge " + mergeId + " was undone "
                                + "concurrently; this undo is rolled back");
                    }
                }
            });
            // entities of the session may hold what the SQL above changed
            session.clear();
        }

        private long rows() {
            return actions.stream().mapToLong(a -> a.step().rows()).sum();
        }

        private void emit(JournalWriter writer, AuditEvent event) {
            if (writer != null) {
                writer.record(event);
            }
            for (AuditListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    throw new MergeException(MergeErrorCode.AUDIT_FAILED, "audit listener " + listener
                            + " failed on " + event.getClass().getSimpleName() + "; the undo is rolled back: " + e, e);
                }
            }
        }

        private static void update(Connection connection, String sql, List<Object> params, int expected,
                InboundReference reference) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                int changed = ps.executeUpdate();
                if (changed != expected) {
                    throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, changed + " rows of "
                            + reference.table() + " changed where the undo expected " + expected + ": the data "
                            + "changed meanwhile; the undo was rolled back, try again");
                }
            }
        }

        private InboundReference reference(Change change) {
            return graph.reference(change.reference()).orElseThrow(() -> notPossible("reference "
                    + change.reference() + " of merge " + mergeId + " is no longer in the mapping"));
        }

        private List<Object> rowIds(Change change, ReferenceSql sql) {
            if (change.rowIds().isEmpty() || !sql.hasRowKey()) {
                throw notPossible(change.table() + " has no key to name its rows by, so the journal cannot tell "
                        + "which rows of " + change.reference() + " to move back");
            }
            if (change.rowIds().contains(Sensitive.REDACTED)) {
                throw notPossible("the rows of " + change.reference() + " are values of a sensitive collection, "
                        + "redacted in the journal");
            }
            return change.rowIds();
        }

        /** What rows of {@code reference} hold for the record with this id (its id, or its alternate key). */
        private Object held(InboundReference reference, String idText) {
            EntityType target = graph.entity(reference.targetEntity()).orElseThrow();
            Object id = id(target, idText);
            if (!reference.byAlternateKey()) {
                return id;
            }
            EntityType root = graph.root(target);
            List<Object[]> rows = query("select " + names.column(root.table(), reference.targetColumns().get(0))
                    + " from " + names.table(root) + " where " + names.idColumn(root) + " = ?", List.of(id), 1);
            if (rows.isEmpty()) {
                // a duplicate re-created by this very undo: its key is in the journal's image of its row
                String table = JournalWriter.unquoted(names.table(root));
                String idColumn = JournalWriter.unquoted(names.idColumn(root));
                String keyColumn = JournalWriter.unquoted(names.column(root.table(), reference.targetColumns()
                        .get(0)));
                for (Image image : images) {
                    if ("DELETE".equals(image.op()) && JournalWriter.unquoted(image.table()).equals(table)) {
                        Object imageId = column(image, idColumn);
                        if (imageId != null && String.valueOf(imageId).equals(String.valueOf(id))) {
                            return column(image, keyColumn);
                        }
                    }
                }
                throw notPossible(reference.key() + " holds " + reference.targetColumns() + " of "
                        + reference.targetEntity() + " rather than its id; the undo cannot find that value of "
                        + idText + " before re-creating it");
            }
            return rows.get(0)[0];
        }

        /** The value of a column (unquoted, lower case) in an image, as a WHERE parameter. */
        private static Object column(Image image, String column) {
            for (Map.Entry<String, Object> e : image.image().entrySet()) {
                if (JournalWriter.unquoted(e.getKey()).equals(column)) {
                    return javaValue((Map<?, ?>) e.getValue());
                }
            }
            return null;
        }

        private EntityPersister persister(EntityType type) {
            return factory.unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                    .getEntityDescriptor(type.javaType());
        }

        private String keyCondition(Image image, List<Object> params) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Object> e : image.key().entrySet()) {
                Map<?, ?> typed = (Map<?, ?>) image.image().get(e.getKey());
                parts.add(names.dialect().quote(e.getKey()) + " = ?");
                params.add(javaValue(typed));
            }
            return String.join(" and ", parts);
        }

        private static String keyText(Image image) {
            return image.key().isEmpty() ? "(no key)" : image.key().values().toString();
        }

        private static String keyColumns(Image image) {
            return String.join(", ", image.key().keySet());
        }

        private long count(String sql, List<Object> params) {
            List<Object[]> rows = query(sql, params, 1);
            return ((Number) rows.get(0)[0]).longValue();
        }

        private List<Object[]> query(String sql, List<Object> params, int columns) {
            try {
                return session.doReturningWork(connection -> {
                    try (PreparedStatement ps = connection.prepareStatement(sql)) {
                        for (int i = 0; i < params.size(); i++) {
                            ps.setObject(i + 1, params.get(i));
                        }
                        List<Object[]> rows = new ArrayList<>();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Object[] row = new Object[columns];
                                for (int c = 0; c < columns; c++) {
                                    row[c] = rs.getObject(c + 1);
                                }
                                rows.add(row);
                            }
                        }
                        return rows;
                    }
                });
            } catch (RuntimeException e) {
                if (sql.contains(journal.mergeTable()) || sql.contains(journal.changeTable())
                        || sql.contains(journal.imageTable())) {
                    throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "could not read the merge journal ("
                            + journal.mergeTable() + "): " + e, e);
                }
                throw e;
            }
        }

        private MergeException notPossible(String why) {
            return new MergeException(MergeErrorCode.UNDO_NOT_POSSIBLE, why + "; nothing was changed");
        }
    }

    /** An id of the entity's id type from its text in the journal. */
    static Object id(EntityType type, String text) {
        return convert(type.idJavaType(), text);
    }

    static Object convert(String javaType, String text) {
        if (text == null) {
            return null;
        }
        String type = javaType == null ? "" : javaType;
        switch (type) {
            case "java.lang.Long", "long" -> {
                return Long.valueOf(text);
            }
            case "java.lang.Integer", "int" -> {
                return Integer.valueOf(text);
            }
            case "java.lang.Short", "short" -> {
                return Short.valueOf(text);
            }
            case "java.lang.Byte", "byte" -> {
                return Byte.valueOf(text);
            }
            case "java.lang.Boolean", "boolean" -> {
                return Boolean.valueOf(text);
            }
            case "java.lang.Double", "double" -> {
                return Double.valueOf(text);
            }
            case "java.lang.Float", "float" -> {
                return Float.valueOf(text);
            }
            case "java.math.BigDecimal" -> {
                return new BigDecimal(text);
            }
            case "java.math.BigInteger" -> {
                return new BigInteger(text);
            }
            case "java.util.UUID" -> {
                return UUID.fromString(text);
            }
            case "java.time.LocalDate" -> {
                return LocalDate.parse(text);
            }
            case "java.time.LocalDateTime" -> {
                return LocalDateTime.parse(text);
            }
            case "java.time.LocalTime" -> {
                return LocalTime.parse(text);
            }
            case "java.time.Instant" -> {
                return Instant.parse(text);
            }
            case "java.time.OffsetDateTime" -> {
                return OffsetDateTime.parse(text);
            }
            case "java.lang.String", "" -> {
                return text;
            }
            default -> {
                try {
                    Class<?> c = Class.forName(type, false, UndoEngine.class.getClassLoader());
                    if (c.isEnum()) {
                        return enumValue(c, text);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    try {
                        Class<?> c = Class.forName(type, false, Thread.currentThread().getContextClassLoader());
                        if (c.isEnum()) {
                            return enumValue(c, text);
                        }
                    } catch (ClassNotFoundException | LinkageError again) {
                        // fall through
                    }
                }
                throw new MergeException(MergeErrorCode.UNDO_NOT_POSSIBLE, "the journal holds a value of type "
                        + type + " (" + text + ") that the undo cannot restore; nothing was changed");
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> c, String text) {
        return Enum.valueOf((Class<Enum>) c, text);
    }

    /** A typed journal value ({@code {"type", "value"}} or null) as its Java value. */
    static Object value(String typedJson) {
        Object parsed = Json.parse(typedJson);
        if (parsed == null) {
            return null;
        }
        Map<?, ?> typed = (Map<?, ?>) parsed;
        return convert((String) typed.get("type"), (String) typed.get("value"));
    }

    private static String display(Object value) {
        return value == null ? "null" : value.toString();
    }

    /** An image column's value for a WHERE parameter. */
    static Object javaValue(Map<?, ?> typed) {
        Object value = typed.get("value");
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return switch (String.valueOf(typed.get("type"))) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> Long.valueOf(text);
            case "DECIMAL", "NUMERIC" -> new BigDecimal(text);
            default -> text;
        };
    }

    /** Binds an image column's value as its JDBC type. */
    static void bind(PreparedStatement ps, int index, Map<?, ?> typed) throws SQLException {
        String type = String.valueOf(typed.get("type"));
        Object value = typed.get("value");
        if (value == null) {
            ps.setNull(index, jdbcType(type));
            return;
        }
        String text = value.toString();
        switch (type) {
            case "BIGINT" -> ps.setLong(index, Long.parseLong(text));
            case "INTEGER", "SMALLINT", "TINYINT" -> ps.setInt(index, Integer.parseInt(text));
            case "DECIMAL", "NUMERIC" -> ps.setBigDecimal(index, new BigDecimal(text));
            case "DOUBLE", "FLOAT" -> ps.setDouble(index, Double.parseDouble(text));
            case "REAL" -> ps.setFloat(index, Float.parseFloat(text));
            case "BOOLEAN", "BIT" -> ps.setBoolean(index, Boolean.parseBoolean(text));
            case "DATE" -> ps.setObject(index, LocalDate.parse(text));
            case "TIMESTAMP" -> ps.setObject(index, LocalDateTime.parse(text));
            case "TIMESTAMP_WITH_TIMEZONE" -> ps.setObject(index, OffsetDateTime.parse(text));
            case "TIME" -> ps.setObject(index, LocalTime.parse(text));
            case "BINARY", "VARBINARY", "LONGVARBINARY", "BLOB" -> ps.setBytes(index, Base64.getDecoder().decode(text));
            case "OTHER", "JAVA_OBJECT" -> ps.setObject(index, text, Types.OTHER);
            default -> ps.setString(index, text);
        }
    }

    private static int jdbcType(String type) {
        try {
            return java.sql.JDBCType.valueOf(type).getVendorTypeNumber();
        } catch (IllegalArgumentException unknown) {
            return Types.OTHER;
        }
    }
}
