package org.safemerge.examples;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;

/** Keeps the audit events of the example's merges and prints them one line each, for a person to read. */
final class AuditTrail implements AuditListener {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public void onEvent(AuditEvent event) {
        events.add(event);
    }

    List<AuditEvent> events() {
        return List.copyOf(events);
    }

    List<AuditEvent> of(String mergeId) {
        return events.stream().filter(e -> e.mergeId().equals(mergeId)).toList();
    }

    /** How many events of each type. */
    Map<String, Long> countsByType() {
        Map<String, Long> counts = new TreeMap<>();
        events.forEach(e -> counts.merge(e.getClass().getSimpleName(), 1L, Long::sum));
        return counts;
    }

    /** {@code ReferencesRepointed reference=ws_task(event_id) rowIds=[102, 103] from=11 to=10}. */
    static String line(AuditEvent event) {
        StringBuilder line = new StringBuilder(event.getClass().getSimpleName());
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            String name = component.getName();
            if (name.equals("mergeId") || name.equals("at") || name.equals("columns")) {
                continue;
            }
            try {
                Object value = component.getAccessor().invoke(event);
                if (value != null) {
                    line.append(' ').append(name).append('=').append(value);
                }
            } catch (ReflectiveOperationException e) {
                line.append(' ').append(name).append("=?");
            }
        }
        return line.toString();
    }
}
