package org.safemerge.spi;

import org.safemerge.spi.BatchProgress;

/**
 * Receives a batch's progress after each committed chunk, on the thread that runs the batch. A listener that throws
 * is logged and ignored: the chunk is committed already, and progress reporting must not stop a batch.
 */
@FunctionalInterface
public interface BatchProgressListener {
    /** Called after each committed chunk. */
    void onProgress(BatchProgress progress);
}
