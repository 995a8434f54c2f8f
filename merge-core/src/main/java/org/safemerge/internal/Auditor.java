package org.safemerge.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.Sensitive;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.ChangeRows;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.StepFamilyVisitor;
import org.safemerge.report.StepVisitor;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.ChangeJournal;
import org.safemerge.spi.EntitySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns executed steps into audit events and delivers them to the plan's listeners, redacting sensitive values, and
 * ends the merge's trail exactly once: committed when the data committed, rolled back (with the cause) otherwise.
 */
final class Auditor {
    private static final Logger log = LoggerFactory.getLogger(Auditor.class);

    /** Where the end of the trail stands: the executor running or returned, the transaction's end awaited or not. */
    private enum State {
        /** The executor runs the merge; it has not promised to report the end of the transaction. */
        RUNNING,
        /** The executor runs the merge and will report the end of the transaction through {@link #completed}. */
        RUNNING_AWAITED,
        /** A rollback was reported while the executor still ran; held back until it returns with the cause. */
        ROLLBACK_HELD,
        /** The executor returned; the end, if it is still to come, comes through {@link #completed}. */
        RETURNED,
        /** The final event was sent; nothing follows. */
        FINISHED
    }

    /** Which steps are audited per chunk of row ids (the others once, when done). */
    private static final StepFamilyVisitor<Boolean> ROW_IDS_AUDITED = StepFamilyVisitor.of(set -> false,
            conflict -> false, row -> true, record -> false);

    private final MergePlan<?> plan;
    private final String mergeId;
    private final List<AuditListener> listeners;
    /** The store's journal, or null: it gets every event first, and a failure of it always fails the merge. */
    private ChangeJournal journal;
    private final Clock clock = Clock.systemUTC();
    private State state = State.RUNNING;
    private MergeException failure;
    private Redaction redaction;
    /** Listener failures on the final event: they cannot undo anything, so they are reported, not thrown. */
    private final List<String> finalEventFailures = new ArrayList<>();

    Auditor(MergePlan<?> plan, String mergeId, boolean enabled) {
        this.plan = plan;
        this.mergeId = mergeId;
        this.listeners = enabled ? plan.auditListeners() : List.of();
    }

    private ChangeJournal.Request journalRequest;

    /** The plan as the journal records it, built once per merge. */
    private ChangeJournal.Request journalRequest() {
        if (journalRequest == null) {
            Map<String, Object> options = new LinkedHashMap<>();
            Map<String, Object> fields = new LinkedHashMap<>();
            plan.fieldStrategies().forEach((attribute, strategy) -> fields.put(attribute, strategy.describe()));
            options.put("fields", fields);
            Map<String, Object> associations = new LinkedHashMap<>();
            plan.associationPolicies().forEach((name, policy) -> associations.put(name, policy.describe()));
            options.put("associations", associations);
            options.put("selfReferences", String.valueOf(plan.selfReferences()));
            options.put("keepDuplicates", plan.tombstoneMarker() != null);
            options.put("auditChunkSize", plan.auditChunkSize());
            journalRequest = new ChangeJournal.Request(plan.entity(), plan.sensitiveAttributes(), options);
        }
        return journalRequest;
    }

    /** Records every event of this merge in the store's journal too (executions only). */
    void journal(ChangeJournal journal) {
        this.journal = journal;
    }

    void started() {
        emit(new AuditEvent.MergeStarted(mergeId, now(), plan.entity().name(), plan.survivorId(),
                plan.duplicateIds()));
    }

    /**
     * The audit of one step about to be applied: a consumer of its row-id chunks that emits one event per chunk of
     * at most the plan's audit chunk size (larger chunks from an executor are split), then {@link StepAudit#done}.
     */
    StepAudit step(Step step, PlannedMerge planned) {
        return new StepAudit(step, planned);
    }

    /** Receives the row ids of one step, then its end; see {@link #step}. */
    final class StepAudit implements Consumer<List<Object>> {
        private final Step step;
        private final PlannedMerge planned;
        private final boolean perChunk;
        /** The rows' ids are values of a sensitive element collection. */
        private final boolean redactedRows;
        private boolean emitted;

        private StepAudit(Step step, PlannedMerge planned) {
            this.step = step;
            this.planned = planned;
            this.perChunk = step.accept(ROW_IDS_AUDITED);
            this.redactedRows = perChunk && redaction().sensitiveRows(step.subject());
        }

        @Override
        public void accept(List<Object> ids) {
            if (!perChunk) {
                return;
            }
            int size = plan.auditChunkSize();
            for (int from = 0; from < ids.size() || (from == 0 && ids.isEmpty()); from += size) {
                List<Object> chunk = ids.subList(from, Math.min(ids.size(), from + size));
                emit(step.accept(new EventOf(redactedRows ? redaction().ids(step.subject(), chunk) : chunk,
                        planned)));
                emitted = true;
            }
        }

        /**
         * After the step: a step not audited per chunk gets its one event. Rows that changed without their ids
         * being reported (a table without a key, or an executor that cannot name them) still get one event
         * without ids, so that no change goes unaudited.
         */
        void done(long rowsChanged) {
            if (!perChunk) {
                EventOf events = new EventOf(List.of(), planned);
                AuditEvent event = step.accept(events);
                // a journal kept for undo may need the values the audit redacts (its owner's choice)
                emit(event, journal != null && journal.recordsSensitiveValues() ? step.accept(events.inClear())
                        : event);
            } else if (rowsChanged > 0 && !emitted) {
                accept(List.of());
            }
        }
    }

    /** Remembers why the merge failed, for the rolled-back event that follows the rollback. */
    void failed(MergeException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /** The executor will report the end of the transaction through {@link #completed}. */
    void awaitCompletion() {
        if (state == State.RUNNING) {
            state = State.RUNNING_AWAITED;
        }
    }

    /**
     * The executor's end-of-transaction callback. A rollback reported while the executor is still running (it
     * failed, e.g. on its final flush) is held back until {@link #executorReturned} knows the cause.
     */
    void completed(boolean committed, long rowsChanged) {
        switch (state) {
            case RUNNING, RUNNING_AWAITED, ROLLBACK_HELD -> {
                if (committed) {
                    finish(true, rowsChanged, null);
                } else {
                    state = State.ROLLBACK_HELD;
                }
            }
            case RETURNED -> finish(committed, rowsChanged, null);
            case FINISHED -> {
            }
        }
    }

    /**
     * The executor returned ({@code failure} null) or threw. Sends a held-back rolled-back event, or one for a
     * failure the executor never reports (e.g. before the callback was registered). A transaction the caller
     * owns reports its end later through {@link #completed}: a failed merge in it marks it rollback-only, and the
     * rolled-back event waits for its real end, as the SPI promises.
     */
    void executorReturned(MergeException failure) {
        if (failure != null) {
            failed(failure);
        }
        switch (state) {
            case RUNNING -> {
                if (failure != null) {
                    finish(false, 0, failure);
                } else {
                    state = State.RETURNED;
                }
            }
            case RUNNING_AWAITED -> state = State.RETURNED;
            case ROLLBACK_HELD -> finish(false, 0, failure);
            case RETURNED, FINISHED -> {
            }
        }
    }

    /** The merge is refused on its own (a skipped group): its trail ends now, rolled back with {@code cause}. */
    void refused(MergeException cause) {
        finish(false, 0, cause);
    }

    /**
     * The final event; cannot abort anything any more, so listener failures (Errors too, other than the JVM's own)
     * are logged and kept for {@link #finalEventFailures()}: a committed merge is never reported as failed because
     * a listener failed on {@code MergeCommitted}.
     */
    private void finish(boolean committed, long rowsChanged, MergeException cause) {
        if (state == State.FINISHED) {
            return;
        }
        state = State.FINISHED;
        MergeException failure = cause != null ? cause : this.failure;
        AuditEvent event = committed
                ? new AuditEvent.MergeCommitted(mergeId, now(), rowsChanged)
                : new AuditEvent.MergeRolledBack(mergeId, now(), failure == null ? null : failure.code().name(),
                        failure == null ? "the transaction was rolled back" : failure.getMessage());
        if (journal != null) {
            try {
                journal.record(journalRequest(), event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                log.error("the merge journal failed on the final event ({}) of merge {}",
                        event.getClass().getSimpleName(), mergeId, e);
                synchronized (finalEventFailures) {
                    finalEventFailures.add("the merge journal failed on " + event.getClass().getSimpleName() + ": "
                            + e);
                }
            }
        }
        for (AuditListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                log.error("audit listener {} failed on the final event ({}) of merge {}", listener,
                        event.getClass().getSimpleName(), mergeId, e);
                synchronized (finalEventFailures) {
                    finalEventFailures.add("audit listener " + listener + " failed on "
                            + event.getClass().getSimpleName() + ": " + e);
                }
            }
        }
    }

    /** Whether the trail ended: the final event was sent. */
    boolean finished() {
        return state == State.FINISHED;
    }

    /** What listeners threw on the final event (logged already), for the report of a committed merge. */
    List<String> finalEventFailures() {
        synchronized (finalEventFailures) {
            return List.copyOf(finalEventFailures);
        }
    }

    /** The event of a step: of its chunk of row ids (row steps), or of the step done (the others). */
    private final class EventOf implements StepVisitor<AuditEvent> {
        private final List<Object> ids;
        private final PlannedMerge planned;
        private Instant at = now();
        /** Sensitive values as they are (for a journal that records them), not redacted. */
        private boolean clear;

        /** The same events with sensitive values in clear, at the same instant. */
        EventOf inClear() {
            EventOf clearEvents = new EventOf(ids, planned);
            clearEvents.at = at;
            clearEvents.clear = true;
            return clearEvents;
        }

        EventOf(List<Object> ids, PlannedMerge planned) {
            this.ids = ids;
            this.planned = planned;
        }

        @Override
        public AuditEvent repointReferences(RepointReferences r) {
            return new AuditEvent.ReferencesRepointed(mergeId, at, r.reference(), r.table(), columns(r), ids,
                    r.from(), r.to());
        }

        @Override
        public AuditEvent unassignReferences(UnassignReferences r) {
            return new AuditEvent.ReferencesUnassigned(mergeId, at, r.reference(), r.table(), columns(r), ids,
                    r.from());
        }

        @Override
        public AuditEvent deleteReferencingRows(DeleteReferencingRows r) {
            return new AuditEvent.ReferencingRowsDeleted(mergeId, at, r.reference(), r.table(), ids, r.from());
        }

        @Override
        public AuditEvent moveLinks(MoveLinks r) {
            return new AuditEvent.LinksAdded(mergeId, at, r.reference(), r.table(), ids, r.from(), r.to());
        }

        @Override
        public AuditEvent removeLinks(RemoveLinks r) {
            return new AuditEvent.LinksRemoved(mergeId, at, r.reference(), r.table(), ids, r.from());
        }

        @Override
        public AuditEvent skipDuplicateLinks(SkipDuplicateLinks r) {
            return new AuditEvent.LinksSkipped(mergeId, at, r.reference(), r.table(), ids, r.from(), r.to());
        }

        @Override
        public AuditEvent setAttribute(SetAttribute set) {
            boolean redact = set.sensitive() && !clear;
            return new AuditEvent.AttributeSet(mergeId, at, set.entity(), set.id(), set.attribute(),
                    redact ? Sensitive.REDACTED : set.before(), redact ? Sensitive.REDACTED : set.after(),
                    set.strategy());
        }

        @Override
        public AuditEvent resolveConflict(ResolveConflict conflict) {
            return new AuditEvent.ConflictResolved(mergeId, at, conflict.reference(), conflict.table(),
                    conflict.policy(), redaction().id(conflict.reference(), conflict.survivorRowId()),
                    redaction().id(conflict.reference(), conflict.duplicateRowId()), conflict.resolution());
        }

        @Override
        public AuditEvent bumpVersion(BumpVersion bump) {
            return new AuditEvent.VersionBumped(mergeId, at, bump.entity(), bump.id());
        }

        @Override
        public AuditEvent deleteDuplicate(DeleteDuplicate delete) {
            EntitySnapshot last = planned.duplicate(plan.executor().graph(), delete.entity(), delete.id())
                    .orElseThrow();
            return new AuditEvent.EntityDeleted(mergeId, at, delete.entity(), delete.id(), delete.soft(),
                    clear ? last.values() : redacted(last));
        }

        @Override
        public AuditEvent changeRows(ChangeRows r) {
            return new AuditEvent.RowsChanged(mergeId, at, r.reference(), r.table(), ids, r.from(), r.values());
        }

        @Override
        public AuditEvent keepDuplicate(KeepDuplicate keep) {
            return new AuditEvent.DuplicateKept(mergeId, at, keep.entity(), keep.id(), keep.survivorId());
        }

        private List<String> columns(RowStep row) {
            return plan.executor().graph().reference(row.reference()).map(InboundReference::columns)
                    .orElse(List.of());
        }
    }

    /** The record's values, sensitive ones redacted (the plan's own, or a merged row's entity's). */
    private Map<String, Object> redacted(EntitySnapshot snapshot) {
        EntityType planEntity = plan.entity();
        EntityType entity = plan.executor().graph().entity(snapshot.entity())
                .filter(e -> !plan.executor().graph().sameHierarchy(e, planEntity)).orElse(planEntity);
        Set<String> sensitive = entity == planEntity ? plan.sensitiveAttributes() : Set.of();
        Map<String, Object> values = new LinkedHashMap<>();
        snapshot.values().forEach((name, value) -> {
            boolean hidden = sensitive.contains(name)
                    || entity.attribute(name).map(EntityAttribute::sensitive).orElse(false);
            values.put(name, hidden ? Sensitive.REDACTED : value);
        });
        return values;
    }

    private void emit(AuditEvent event) {
        emit(event, event);
    }

    /** Sends {@code event} to the listeners, {@code journalled} (the same, or with values in clear) to the journal. */
    private void emit(AuditEvent event, AuditEvent journalled) {
        if (journal != null) {
            try {
                journal.record(journalRequest(), journalled);
            } catch (MergeException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MergeException(MergeErrorCode.JOURNAL_FAILED, "the merge journal failed on "
                        + event.getClass().getSimpleName() + "; the merge is rolled back so that it does not commit "
                        + "without its journal: " + e, e);
            }
        }
        for (AuditListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError e) {
                throw e; // out of memory or stack: nothing an audit error could say better
            } catch (RuntimeException | Error e) {
                if (plan.abortOnAuditFailure()) {
                    throw new MergeException(MergeErrorCode.AUDIT_FAILED, "audit listener " + listener + " failed on "
                            + event.getClass().getSimpleName() + "; the merge is rolled back so that no change "
                            + "lacks its audit record (use continueOnAuditFailure() to log and go on): " + e, e);
                }
                log.error("audit listener {} failed on {} of merge {}; continuing as configured", listener,
                        event.getClass().getSimpleName(), mergeId, e);
            }
        }
    }

    private Redaction redaction() {
        if (redaction == null) {
            redaction = new Redaction(plan);
        }
        return redaction;
    }

    private Instant now() {
        return clock.instant();
    }
}
