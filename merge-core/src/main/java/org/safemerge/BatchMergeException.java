package org.safemerge;

import org.safemerge.report.MergeGroup;

import java.util.List;
import org.safemerge.report.BatchResult;

/**
 * A batch stopped: the chunk it failed in was rolled back entirely, the chunks before it stay committed.
 * {@link #code()} and the cause are those of the failure; {@link #completed()} lists the committed groups and
 * {@link #remaining()} is the batch of the groups not done, ready to run again once the cause is fixed.
 */
public final class BatchMergeException extends MergeException {
    private static final long serialVersionUID = 1L;

    private final transient BatchResult completed;
    private final transient List<MergeGroup> rolledBack;
    private final transient MergeGroup failedGroup;
    private final transient BatchMerge<?> remaining;

    BatchMergeException(MergeException cause, BatchResult completed, List<MergeGroup> rolledBack,
            MergeGroup failedGroup, BatchMerge<?> remaining) {
        super(cause.code(), "the " + completed.entity() + " batch stopped"
                + (failedGroup != null ? " at group " + failedGroup : "") + ": " + completed.merged().size()
                + " group(s) before it are committed, the " + rolledBack.size() + " group(s) of its chunk were "
                + "rolled back and " + remaining.groups().size() + " remain (BatchMergeException.remaining()). "
                + "Cause: " + cause.getMessage(), cause);
        this.completed = completed;
        this.rolledBack = List.copyOf(rolledBack);
        this.failedGroup = failedGroup;
        this.remaining = remaining;
    }

    /** The groups committed before the failure (and those skipped as blocked in committed chunks). */
    public BatchResult completed() {
        return completed;
    }

    /** The groups of the failed chunk: nothing of them changed. */
    public List<MergeGroup> rolledBack() {
        return rolledBack;
    }

    /** The group being planned or changed when it failed, or null when the failure was not one group's own. */
    public MergeGroup failedGroup() {
        return failedGroup;
    }

    /** The same batch for the groups not committed (the failed chunk and those after it), same options. */
    public BatchMerge<?> remaining() {
        return remaining;
    }
}
