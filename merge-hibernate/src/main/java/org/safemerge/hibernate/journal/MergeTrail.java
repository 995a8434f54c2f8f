package org.safemerge.hibernate.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.hibernate.internal.journal.Json;

/**
 * Everything the journal holds about one merge: the merge, its changes in order, and the last state of every row it
 * deleted. Rendered as text (the lines the SLF4J audit listener wrote, one per change) or as JSON with stable field
 * names (see {@link #toJson()}). Immutable.
 */
public final class MergeTrail {
    private final JournalMerge merge;
    private final List<JournalChange> changes;
    private final List<RowImage> rowImages;

    /**
     * The state of one row the merge deleted or changed, captured right before (a {@code LIST_END} row: right before
     * the commit).
     *
     * @param seq the change it belongs to (the change that follows the capture)
     * @param op {@code DELETE} (the row was deleted: undo re-inserts it), {@code UPDATE} (columns of it changed:
     *     undo writes the image's values back), {@code LIST} (a row of an ordered collection before the merge
     *     renumbered it: undo puts the list back whole) or {@code LIST_END} (a row of such a list as the merge left
     *     it: undo refuses when the list holds anything else)
     * @param table the table
     * @param rowKey the row's key (decoded JSON)
     * @param image column name to {@code {"type": JDBC type name, "value": text}} (redacted where sensitive)
     */
    public record RowImage(int seq, String op, String table, Object rowKey, Map<String, Object> image) {
        public RowImage {
            image = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(image));
        }
    }

    MergeTrail(JournalMerge merge, List<JournalChange> changes, List<RowImage> rowImages) {
        this.merge = merge;
        this.changes = List.copyOf(changes);
        this.rowImages = List.copyOf(rowImages);
    }

    public JournalMerge merge() {
        return merge;
    }

    /** The changes, in the order they happened. */
    public List<JournalChange> changes() {
        return changes;
    }

    /** The last state of every row the merge deleted, in the order of the changes. */
    public List<RowImage> rowImages() {
        return rowImages;
    }

    /**
     * The trail as the SLF4J audit lines of the merge ({@code merge <id> <what happened>}), one per change, framed
     * by a line on who started it and when, and one on how it ended (and whether it was undone).
     */
    public String toText() {
        String prefix = "merge " + merge.mergeId() + " ";
        StringBuilder text = new StringBuilder(prefix);
        if (merge.isUndo()) {
            text.append("undo of merge ").append(merge.undoOf()).append(": ");
        }
        text.append("started merging ").append(merge.entity()).append(' ').append(merge.duplicateIds())
                .append(" into ").append(merge.survivorId()).append(" (at ").append(merge.startedAt());
        if (merge.principal() != null) {
            text.append(", by ").append(merge.principal());
        }
        if (merge.batchId() != null) {
            text.append(", batch ").append(merge.batchId());
        }
        text.append(")\n");
        for (JournalChange change : changes) {
            text.append(prefix).append(change.summary(merge)).append('\n');
        }
        if (!rowImages.isEmpty()) {
            Map<String, Integer> perTable = new TreeMap<>();
            // the table as the SQL wrote it, unquoted for reading
            rowImages.forEach(image -> perTable.merge(image.table().replaceAll("[\"`]", "")
                    + switch (String.valueOf(image.op())) {
                        case "DELETE" -> " deleted";
                        case "UPDATE" -> " changed";
                        default -> " " + String.valueOf(image.op()).toLowerCase(java.util.Locale.ROOT);
                    }, 1, Integer::sum));
            text.append(prefix).append("kept the last state of ").append(rowImages.size())
                    .append(rowImages.size() == 1 ? " row " : " rows ").append(perTable).append('\n');
        }
        text.append(prefix);
        switch (merge.outcome()) {
            case ROLLED_BACK -> text.append("rolled back")
                    .append(merge.errorCode() == null ? "" : " (" + merge.errorCode() + ")")
                    .append(": ").append(merge.reason());
            case COMMITTED, UNDONE -> text.append("committed");
        }
        if (merge.endedAt() != null) {
            text.append(" (at ").append(merge.endedAt()).append(')');
        }
        text.append('\n');
        if (merge.undoneBy() != null) {
            text.append(prefix).append("undone by merge ").append(merge.undoneBy()).append('\n');
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /**
     * The trail as one JSON object. Field names are stable: {@code mergeId, entity, survivorId, duplicateIds,
     * principal, startedAt, endedAt} (ISO-8601), {@code outcome} ({@code COMMITTED | ROLLED_BACK | UNDONE}),
     * {@code errorCode, reason, options} (the merge's options object), {@code undoOf, undoneBy, batchId},
     * {@code changes} (each: {@code seq, kind, summary, table, reference, columns, from, to, attribute, before,
     * after, rowIds, detail}) and {@code rowImages} (each: {@code seq, op, table, rowKey, image}, the image mapping
     * every column to {@code {"type", "value"}}). Absent values are {@code null}, never left out.
     */
    public String toJson() {
        return Json.write(model()) + "\n";
    }

    Map<String, Object> model() {
        Map<String, Object> root = mergeModel(merge);
        List<Object> changeModels = new ArrayList<>();
        for (JournalChange change : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", change.seq());
            m.put("kind", change.kind());
            m.put("summary", change.summary(merge));
            m.put("table", change.table());
            m.put("reference", change.reference());
            m.put("columns", change.columns());
            m.put("from", change.fromId());
            m.put("to", change.toId());
            m.put("attribute", change.attribute());
            m.put("before", change.before());
            m.put("after", change.after());
            m.put("rowIds", change.rowIds());
            m.put("detail", change.detail());
            changeModels.add(m);
        }
        root.put("changes", changeModels);
        List<Object> images = new ArrayList<>();
        for (RowImage image : rowImages) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", image.seq());
            m.put("op", image.op());
            m.put("table", image.table());
            m.put("rowKey", image.rowKey());
            m.put("image", image.image());
            images.add(m);
        }
        root.put("rowImages", images);
        return root;
    }

    /** The JSON fields of a merge (also the entries of the CLI's {@code history --json}). */
    static Map<String, Object> mergeModel(JournalMerge merge) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mergeId", merge.mergeId());
        m.put("entity", merge.entity());
        m.put("survivorId", merge.survivorId());
        m.put("duplicateIds", merge.duplicateIds());
        m.put("principal", merge.principal());
        m.put("startedAt", merge.startedAt() == null ? null : merge.startedAt().toString());
        m.put("endedAt", merge.endedAt() == null ? null : merge.endedAt().toString());
        m.put("outcome", merge.outcome().name());
        m.put("errorCode", merge.errorCode());
        m.put("reason", merge.reason());
        m.put("options", merge.options() == null ? null : Json.parse(merge.options()));
        m.put("undoOf", merge.undoOf());
        m.put("undoneBy", merge.undoneBy());
        m.put("batchId", merge.batchId());
        return m;
    }
}
