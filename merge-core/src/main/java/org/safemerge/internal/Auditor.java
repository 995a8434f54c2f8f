package org.safemerge.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.Sensitive;
import org.safemerge.spi.AuditEvent;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.BumpVersion;
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
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.EntitySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns executed steps into audit events and delivers them to the plan's listeners, redacting sensitive values. */
final class Auditor {
    private static final Logger log = LoggerFactory.getLogger(Auditor.class);

    private final MergePlan<?> plan;
    private final String mergeId;
    private final List<AuditListener> listeners;
    private final Clock clock = Clock.systemUTC();
    private boolean finished;
    private boolean executorRunning = true;
    private boolean rollbackPending;
    private boolean completionAwaited;
    private MergeException failure;

    Auditor(MergePlan<?> plan, String mergeId, boolean enabled) {
        this.plan = plan;
        this.mergeId = mergeId;
        this.listeners = enabled ? plan.auditListeners() : List.of();
    }

    void started() {
        emit(new AuditEvent.MergeStarted(mergeId, now(), plan.entity().name(), plan.survivorId(),
                plan.duplicateIds()));
    }

    /**
     * A consumer of one step's row-id chunks that emits one event per chunk of at most the plan's audit chunk size
     * (larger chunks from an executor are split).
     */
    RowEvents rowIds(Step step) {
        return new RowEvents(step);
    }

    /** Receives the row ids of one step; see {@link #rowIds(Step)}. */
    final class RowEvents implements Consumer<List<Object>> {
        private final Step step;
        private boolean emitted;

        private RowEvents(Step step) {
            this.step = step;
        }

        @Override
        public void accept(List<Object> ids) {
            if (!(step instanceof RowStep row)) {
                return;
            }
            int size = plan.auditChunkSize();
            for (int from = 0; from < ids.size() || (from == 0 && ids.isEmpty()); from += size) {
                emit(rowEvent(row, ids.subList(from, Math.min(ids.size(), from + size))));
                emitted = true;
            }
        }

        /**
         * After the step: rows that changed without their ids being reported (a table without a key, or an
         * executor that cannot name them) still get one event without ids, so that no change goes unaudited.
         */
        void done(long rowsChanged) {
            if (rowsChanged > 0 && !emitted) {
                accept(List.of());
            }
        }
    }

    /** Events for steps that are not row chunks. */
    void stepDone(Step step, PlannedMerge planned) {
        Instant at = now();
        if (step instanceof SetAttribute set) {
            emit(new AuditEvent.AttributeSet(mergeId, at, set.entity(), set.id(), set.attribute(),
                    set.sensitive() ? Sensitive.REDACTED : set.before(),
                    set.sensitive() ? Sensitive.REDACTED : set.after(), set.strategy()));
        } else if (step instanceof ResolveConflict conflict) {
            emit(new AuditEvent.ConflictResolved(mergeId, at, conflict.reference(), conflict.table(),
                    conflict.policy(), conflict.survivorRowId(), conflict.duplicateRowId(),
                    conflict.resolution()));
        } else if (step instanceof BumpVersion bump) {
            emit(new AuditEvent.VersionBumped(mergeId, at, bump.entity(), bump.id()));
        } else if (step instanceof DeleteDuplicate delete) {
            EntitySnapshot last = planned.duplicates().stream().filter(d -> d.id().equals(delete.id())).findFirst()
                    .orElseThrow();
            emit(new AuditEvent.EntityDeleted(mergeId, at, delete.entity(), delete.id(), delete.soft(),
                    redacted(last)));
        } else if (step instanceof KeepDuplicate keep) {
            emit(new AuditEvent.DuplicateKept(mergeId, at, keep.entity(), keep.id(), keep.survivorId()));
        }
    }

    /** Remembers why the merge failed, for the rolled-back event that follows the rollback. */
    void failed(MergeException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    /**
     * The executor's end-of-transaction callback. A rollback reported while the executor is still running (it
     * failed, e.g. on its final flush) is held back until {@link #executorReturned} knows the cause.
     */
    void completed(boolean committed, long rowsChanged) {
        if (!committed && executorRunning) {
            rollbackPending = true;
            return;
        }
        finished(committed, rowsChanged, null);
    }

    /**
     * The executor returned ({@code failure} null) or threw. Sends a held-back rolled-back event, or one for a
     * failure the executor never reported (e.g. before the callback was registered). A transaction the caller
     * owns reports its end later through {@link #completed}.
     */
    void executorReturned(MergeException failure) {
        executorRunning = false;
        if (failure != null) {
            failed(failure);
        }
        if (rollbackPending || failure != null && !completionAwaited) {
            finished(false, 0, failure);
        }
        // Otherwise a failed merge in the caller's transaction: that transaction is marked rollback-only but still
        // open, and the rolled-back event waits for its real end (completed(false)), as the SPI promises.
    }

    /** The executor will report the end of the transaction through {@link #completed}. */
    void awaitCompletion() {
        completionAwaited = true;
    }

    /** The final event; cannot abort anything any more, so listener failures are only logged. */
    void finished(boolean committed, long rowsChanged, MergeException cause) {
        if (finished) {
            return;
        }
        finished = true;
        MergeException failure = cause != null ? cause : this.failure;
        AuditEvent event = committed
                ? new AuditEvent.MergeCommitted(mergeId, now(), rowsChanged)
                : new AuditEvent.MergeRolledBack(mergeId, now(), failure == null ? null : failure.code().name(),
                        failure == null ? "the transaction was rolled back" : failure.getMessage());
        for (AuditListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.error("audit listener {} failed on the final event of merge {}", listener, mergeId, e);
            }
        }
    }

    private AuditEvent rowEvent(RowStep row, List<Object> ids) {
        Instant at = now();
        List<String> columns = plan.executor().graph().reference(row.reference()).map(InboundReference::columns)
                .orElse(List.of());
        if (row instanceof RepointReferences r) {
            return new AuditEvent.ReferencesRepointed(mergeId, at, r.reference(), r.table(), columns, ids, r.from(),
                    r.to());
        } else if (row instanceof UnassignReferences r) {
            return new AuditEvent.ReferencesUnassigned(mergeId, at, r.reference(), r.table(), columns, ids,
                    r.from());
        } else if (row instanceof DeleteReferencingRows r) {
            return new AuditEvent.ReferencingRowsDeleted(mergeId, at, r.reference(), r.table(), ids, r.from());
        } else if (row instanceof MoveLinks r) {
            return new AuditEvent.LinksAdded(mergeId, at, r.reference(), r.table(), ids, r.from(), r.to());
        } else if (row instanceof RemoveLinks r) {
            return new AuditEvent.LinksRemoved(mergeId, at, r.reference(), r.table(), ids, r.from());
        } else if (row instanceof SkipDuplicateLinks r) {
            return new AuditEvent.LinksSkipped(mergeId, at, r.reference(), r.table(), ids, r.from(), r.to());
        }
        throw new IllegalStateException("unknown row step " + row);
    }

    private Map<String, Object> redacted(EntitySnapshot snapshot) {
        EntityType entity = plan.entity();
        Set<String> sensitive = plan.sensitiveAttributes();
        Map<String, Object> values = new LinkedHashMap<>();
        snapshot.values().forEach((name, value) -> {
            boolean hidden = sensitive.contains(name)
                    || entity.attribute(name).map(EntityAttribute::sensitive).orElse(false);
            values.put(name, hidden ? Sensitive.REDACTED : value);
        });
        return values;
    }

    private void emit(AuditEvent event) {
        for (AuditListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
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

    private Instant now() {
        return clock.instant();
    }
}
