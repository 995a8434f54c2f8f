package org.safemerge.hibernate.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.testing.RecordingAuditListener;

/** Records every audit event of a batch, and sorts them by merge (group). Thread-safe. */
final class Trail implements AuditListener {
    private final RecordingAuditListener recorded = new RecordingAuditListener();

    @Override
    public void onEvent(AuditEvent event) {
        recorded.onEvent(event);
    }

    List<AuditEvent> events() {
        return recorded.events();
    }

    void clear() {
        recorded.clear();
    }

    <E extends AuditEvent> List<E> of(Class<E> type) {
        return recorded.of(type);
    }

    /** The merge ids of the groups of survivor {@code survivorId}, one per run that started it, in order. */
    List<String> mergeIdsOf(Object survivorId) {
        return of(AuditEvent.MergeStarted.class).stream().filter(e -> Objects.equals(e.survivorId(), survivorId))
                .map(AuditEvent::mergeId).toList();
    }

    /** The only merge id of survivor {@code survivorId}'s group; fails if it started more than once or never. */
    String mergeIdOf(Object survivorId) {
        List<String> ids = mergeIdsOf(survivorId);
        if (ids.size() != 1) {
            throw new AssertionError("survivor " + survivorId + " started " + ids.size() + " merges: " + recorded.events());
        }
        return ids.get(0);
    }

    /** Every event of one merge, in order. */
    List<AuditEvent> ofMerge(String mergeId) {
        return recorded.byMerge().getOrDefault(mergeId, List.of());
    }

    /** Every event of one merge of a kind, in order. */
    <E extends AuditEvent> List<E> ofMerge(String mergeId, Class<E> type) {
        return ofMerge(mergeId).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The row ids an event carries (none for events that are not about rows). */
    static List<Object> rowIds(AuditEvent event) {
        return event instanceof AuditEvent.RowEvent rows ? rows.rowIds() : List.of();
    }

    /** The row ids of one merge's events of a kind on one table, in order. */
    List<Object> rowIds(String mergeId, Class<? extends AuditEvent> type, String table) {
        List<Object> ids = new ArrayList<>();
        for (AuditEvent event : ofMerge(mergeId, type)) {
            if (table.equals(table(event))) {
                ids.addAll(rowIds(event));
            }
        }
        return ids;
    }

    /** The table of a row event (or a resolved conflict), else null. */
    static String table(AuditEvent event) {
        if (event instanceof AuditEvent.RowEvent rows) {
            return rows.table();
        }
        return event instanceof AuditEvent.ConflictResolved e ? e.table() : null;
    }
}
