package org.safemerge.hibernate.reliability;

import java.util.List;
import java.util.Map;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.testing.RecordingAuditListener;

/** Records every audit event it hears, of any number of merges (and threads), for checks per merge id. */
final class Trail implements AuditListener {
    private final RecordingAuditListener recorded = new RecordingAuditListener();

    @Override
    public void onEvent(AuditEvent event) {
        recorded.onEvent(event);
    }

    List<AuditEvent> events() {
        return recorded.events();
    }

    /** The events of each merge, in the order heard, merges in the order of their first event. */
    Map<String, List<AuditEvent>> byMerge() {
        return recorded.byMerge();
    }

    static boolean terminal(AuditEvent event) {
        return event instanceof AuditEvent.MergeCommitted || event instanceof AuditEvent.MergeRolledBack;
    }

    /**
     * What is wrong with one merge's trail, or null: it must start with MergeStarted and end with exactly one
     * terminal event, {@code MergeCommitted} if {@code committed}, else {@code MergeRolledBack} with a cause.
     */
    static String problem(List<AuditEvent> trail, boolean committed) {
        if (trail.isEmpty()) {
            return "no audit event at all";
        }
        if (!(trail.get(0) instanceof AuditEvent.MergeStarted)) {
            return "first event is " + name(trail.get(0));
        }
        long terminals = trail.stream().filter(Trail::terminal).count();
        AuditEvent last = trail.get(trail.size() - 1);
        if (terminals == 0) {
            return "the trail never ends (last event " + name(last) + ", expected "
                    + (committed ? "MergeCommitted" : "MergeRolledBack") + ")";
        }
        if (terminals > 1 || !terminal(last)) {
            return "the trail ends " + terminals + " times: " + trail.stream().map(Trail::name).toList();
        }
        if (committed && !(last instanceof AuditEvent.MergeCommitted)) {
            return "the data committed but the trail ends " + last.summary();
        }
        if (!committed && last instanceof AuditEvent.MergeCommitted) {
            return "nothing committed but the trail ends " + last.summary();
        }
        if (last instanceof AuditEvent.MergeRolledBack rolledBack
                && rolledBack.errorCode() == null && (rolledBack.reason() == null || rolledBack.reason().isBlank())) {
            return "MergeRolledBack without a cause";
        }
        return null;
    }

    static String name(AuditEvent event) {
        return event.getClass().getSimpleName();
    }
}
