package org.safemerge.hibernate.journal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.spi.AuditEvent;

/**
 * One change of a journalled merge (a row of the journal's change table): what one audit event recorded. Row events
 * come in chunks of row ids (the audit's chunk size), one change per chunk. Values are as journalled: redacted where
 * the attribute is sensitive, unless the journal records sensitive values.
 *
 * @param seq the change's position in its merge (1, 2, ...)
 * @param kind the audit event it records, by its simple name: {@code AttributeSet}, {@code ReferencesRepointed}, ...
 * @param table the table of the rows, or null
 * @param reference the reference key ({@code pr_note(partner_id)}), or null
 * @param columns the columns written, or empty
 * @param fromId the record the rows pointed at before, or the record the change is about (attribute set, version
 *     bumped, duplicate deleted or kept), as text; or null
 * @param toId the record they point at now (as text), or null
 * @param attribute the attribute set, or null
 * @param before the value before (decoded JSON: {@code {"type": Java class, "value": text}}, or the redaction
 *     marker), or null
 * @param after the value after (likewise), or null
 * @param rowIds this chunk's row ids (decoded JSON values), or empty
 * @param detail what else the event said (e.g. {@code strategy}, {@code policy}), or empty
 */
public record JournalChange(int seq, String kind, String table, String reference, List<String> columns,
        String fromId, String toId, String attribute, Object before, Object after, List<Object> rowIds,
        Map<String, Object> detail) {

    public JournalChange {
        columns = columns == null ? List.of() : List.copyOf(columns);
        rowIds = rowIds == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(rowIds));
        detail = detail == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    /**
     * What happened, in the words of the SLF4J audit line of the same event ({@link AuditEvent#summary()}), e.g.
     * {@code re-pointed 3 rows of ws_task(event_id) from 11 to 10 [102, 103, 104]}.
     */
    public String summary(JournalMerge merge) {
        AuditEvent event = event(merge);
        return event != null ? event.summary() : kind + " " + describeFields();
    }

    /** The audit event this change records, rebuilt from the journal (its time is the merge's start), or null. */
    private AuditEvent event(JournalMerge merge) {
        String id = merge.mergeId();
        Instant at = merge.startedAt();
        String entity = merge.entity();
        return switch (kind) {
            case "AttributeSet" -> new AuditEvent.AttributeSet(id, at, entity, or(fromId, merge.survivorId()),
                    attribute, plain(before), plain(after), text(detail.get("strategy")));
            case "ReferencesRepointed" -> new AuditEvent.ReferencesRepointed(id, at, reference, table, columns,
                    rowIds, fromId, toId);
            case "ReferencesUnassigned" -> new AuditEvent.ReferencesUnassigned(id, at, reference, table, columns,
                    rowIds, fromId);
            case "ReferencingRowsDeleted" -> new AuditEvent.ReferencingRowsDeleted(id, at, reference, table, rowIds,
                    fromId);
            case "LinksAdded" -> new AuditEvent.LinksAdded(id, at, reference, table, rowIds, fromId, toId);
            case "LinksRemoved" -> new AuditEvent.LinksRemoved(id, at, reference, table, rowIds, fromId);
            case "LinksSkipped" -> new AuditEvent.LinksSkipped(id, at, reference, table, rowIds, fromId, toId);
            case "RowsChanged" -> new AuditEvent.RowsChanged(id, at, reference, table, rowIds, fromId,
                    map(detail.get("values")));
            case "ConflictResolved" -> new AuditEvent.ConflictResolved(id, at, reference, table,
                    text(detail.get("policy")), detail.get("survivorRowId"), detail.get("duplicateRowId"),
                    text(detail.get("resolution")));
            case "VersionBumped" -> new AuditEvent.VersionBumped(id, at, entity, or(fromId, merge.survivorId()));
            case "EntityDeleted" -> new AuditEvent.EntityDeleted(id, at, entity, fromId,
                    Boolean.TRUE.equals(detail.get("soft")), Map.of());
            case "DuplicateKept" -> new AuditEvent.DuplicateKept(id, at, entity, fromId,
                    or(toId, merge.survivorId()));
            default -> null;
        };
    }

    private String describeFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        put(fields, "table", table);
        put(fields, "reference", reference);
        put(fields, "from", fromId);
        put(fields, "to", toId);
        put(fields, "attribute", attribute);
        put(fields, "rows", rowIds.isEmpty() ? null : rowIds.size());
        fields.putAll(detail);
        return fields.toString();
    }

    private static void put(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /** A value journalled with its type ({@code {"type": ..., "value": ...}}) as its value alone. */
    private static Object plain(Object value) {
        return value instanceof Map<?, ?> typed && typed.containsKey("value") ? typed.get("value") : value;
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
