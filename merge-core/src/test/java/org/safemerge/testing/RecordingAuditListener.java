package org.safemerge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/** Keeps every audit event it receives, in order, for assertions. Thread-safe (merges on several threads). */
public final class RecordingAuditListener implements AuditListener {
    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

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

    /** The events of each merge, in the order received, merges in the order of their first event. */
    public Map<String, List<AuditEvent>> byMerge() {
        Map<String, List<AuditEvent>> merges = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            merges.computeIfAbsent(event.mergeId(), id -> new ArrayList<>()).add(event);
        }
        return merges;
    }

    public void clear() {
        events.clear();
    }
}
