package org.safemerge.hibernate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.internal.journal.JournalConfig;
import org.safemerge.hibernate.internal.journal.UndoEngine;
import org.safemerge.hibernate.internal.journal.UndoResult;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.MergeExecutor;

/**
 * The undo of one journalled merge ({@link HibernateMerge#undo(String)}): re-creates the duplicates with their ids
 * and last state (every table of the entity), moves exactly the journalled rows back to them (re-pointed FKs that
 * still point at the survivor, unassigned FKs, moved links and element-collection rows), re-inserts the rows the
 * merge deleted (removed links, rows deleted under a policy, losing rows of a conflict), reverts the rows changed to
 * leave a unique key and the survivor's attributes the merge set (only where they still hold the merged value), and
 * bumps (never rewinds) the survivor's version.
 *
 * <p>{@link #dryRun()} shows exactly what {@link #execute()} does, or the conflicts that refuse it: a row the undo
 * would touch that changed since the merge (an FK no longer at the survivor, a row gone, a duplicate's id taken, an
 * attribute no longer the merged value). {@code execute()} then refuses with {@code UNDO_CONFLICT} and writes
 * nothing. It is all-or-nothing, runs like a merge (one transaction, the caller's when bound to a session with an
 * active one, bounded lock waits), is journalled itself (a merge row with {@code undo_of}; the undone merge gets
 * {@code undone_by} and outcome {@code UNDONE}) and audited through {@link #audit(AuditListener...)}: MergeStarted,
 * one event per change, MergeCommitted or MergeRolledBack, under the undo's own merge id.
 *
 * <p>Refused with {@code UNDO_NOT_POSSIBLE}: an unknown merge id, a merge that rolled back or was undone already,
 * an undo itself, or a merge whose journal lacks a value the undo needs (a redacted sensitive value). Undo across a
 * chain is not supported: a merge whose survivor was merged again later (or whose rows a later merge moved) is
 * refused with {@code UNDO_CONFLICT}; undo the later merges first, newest first. A batch is undone group by group,
 * each group's merge id ({@code BatchResult.GroupResult.mergeId()}) on its own.
 *
 * <p>Immutable.
 */
public final class UndoPlan {
    private final MergeExecutor executor;
    private final JournalConfig journal;
    private final String mergeId;
    private final List<AuditListener> listeners;

    UndoPlan(MergeExecutor executor, JournalConfig journal, String mergeId, List<AuditListener> listeners) {
        this.executor = executor;
        this.journal = journal;
        this.mergeId = mergeId;
        this.listeners = List.copyOf(listeners);
    }

    /** The merge this plan undoes. */
    public String mergeId() {
        return mergeId;
    }

    /** The same undo, audited also through these listeners (as a merge's are). */
    public UndoPlan audit(AuditListener... listeners) {
        if (listeners == null || Arrays.asList(listeners).contains(null)) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "UndoPlan.audit: listeners must not be null");
        }
        List<AuditListener> all = new ArrayList<>(this.listeners);
        all.addAll(Arrays.asList(listeners));
        return new UndoPlan(executor, journal, mergeId, all);
    }

    /** What {@link #execute()} would do, and its conflicts; writes nothing (not even to the journal). */
    public UndoReport dryRun() {
        return report(UndoEngine.run(executor, journal, mergeId, false, listeners));
    }

    /**
     * Undoes the merge, all or nothing; {@code UNDO_CONFLICT} (nothing written) when a row it would touch changed
     * since the merge, {@code UNDO_NOT_POSSIBLE} when the merge cannot be undone at all.
     */
    public UndoReport execute() {
        return report(UndoEngine.run(executor, journal, mergeId, true, listeners));
    }

    private static UndoReport report(UndoResult r) {
        return new UndoReport(r.undoMergeId(), r.undoneMergeId(), r.executed(), r.entity(), r.survivorId(),
                r.duplicateIds(), r.steps().stream().map(s -> new UndoReport.Step(s.kind(), s.table(),
                        s.description(), s.rows())).toList(),
                r.conflicts().stream().map(c -> new UndoReport.Conflict(c.table(), c.row(), c.column(),
                        c.expected(), c.found())).toList());
    }
}
