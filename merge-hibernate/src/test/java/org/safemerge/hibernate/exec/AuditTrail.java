package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.testing.RecordingAuditListener;

/** Records every audit event of the merges it listens to, for assertions on the trail. Thread-safe. */
final class AuditTrail implements AuditListener {
    private final RecordingAuditListener recorded = new RecordingAuditListener();

    @Override
    public void onEvent(AuditEvent event) {
        recorded.onEvent(event);
    }

    List<AuditEvent> events() {
        return recorded.events();
    }

    <E extends AuditEvent> List<E> of(Class<E> type) {
        return recorded.of(type);
    }

    AuditEvent last() {
        List<AuditEvent> events = recorded.events();
        return events.get(events.size() - 1);
    }

    /** The error code the trail ends with; fails unless its last event is {@code MergeRolledBack}. */
    String rolledBackWith() {
        AuditEvent last = last();
        assertThat(last).as("the last audit event").isInstanceOf(AuditEvent.MergeRolledBack.class);
        return ((AuditEvent.MergeRolledBack) last).errorCode();
    }

    /** The row ids of every event of a kind, chunk after chunk, in order. */
    List<Object> rowIds(Class<? extends AuditEvent> type) {
        List<Object> ids = new ArrayList<>();
        of(type).forEach(e -> ids.addAll(rowIds(e)));
        return ids;
    }

    /** The row ids an event carries (none for events that are not about rows). */
    static List<Object> rowIds(AuditEvent event) {
        return event instanceof AuditEvent.RowEvent rows ? rows.rowIds() : List.of();
    }

    /** A listener that throws on its {@code n}-th event (1-based), to make a merge fail at a chosen point. */
    static AuditListener failingOn(int n) {
        int[] seen = new int[1];
        return event -> {
            if (++seen[0] == n) {
                throw new IllegalStateException("audit sink down (injected failure on event " + n + ": "
                        + event.getClass().getSimpleName() + ")");
            }
        };
    }
}
