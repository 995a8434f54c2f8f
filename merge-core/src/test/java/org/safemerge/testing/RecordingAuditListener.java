package org.safemerge.testing;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/** Keeps every audit event it receives, in order, for assertions. Not thread-safe. */
public final class RecordingAuditListener implements AuditListener {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public void onEvent(AuditEvent event) {
        events.add(event);
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** The simple class names of the events, in order: {@code MergeStarted, ReferencesRepointed, ...}. */
    public List<String> types() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    /** The events of one type, in order. */
    public <E extends AuditEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The only event of one type; fails when there is none or more than one. */
    public <E extends AuditEvent> E single(Class<E> type) {
        List<E> found = of(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " but got " + types());
        }
        return found.get(0);
    }

    public void clear() {
        events.clear();
    }
}
