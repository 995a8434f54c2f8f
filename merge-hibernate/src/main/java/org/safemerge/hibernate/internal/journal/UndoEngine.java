package org.safemerge.hibernate.internal.journal;

import java.util.List;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.MergeExecutor;

/** Undoes a journalled merge: see {@code UndoPlan}. */
public final class UndoEngine {
    private UndoEngine() {
    }

    public static UndoResult run(MergeExecutor executor, JournalConfig journal, String mergeId, boolean execute,
            List<AuditListener> listeners) {
        throw new MergeException(MergeErrorCode.UNDO_NOT_POSSIBLE, "undo is not available yet");
    }
}
