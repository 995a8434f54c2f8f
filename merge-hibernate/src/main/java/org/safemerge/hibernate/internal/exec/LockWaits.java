package org.safemerge.hibernate.internal.exec;

import java.time.Duration;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lock timeout for the whole merge: set on the merge's connection once, before its first statement that can
 * wait (records, referencing rows, deletes), and put back before the connection goes back (also after a failure),
 * each the dialect's way ({@link SqlDialect#lockTimeout}).
 */
final class LockWaits {
    private static final Logger log = LoggerFactory.getLogger(LockWaits.class);

    private final StoreContext context;
    private final Duration timeout;
    private SqlDialect.LockTimeoutRestore restore;

    LockWaits(StoreContext context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** Sets the timeout; whether the dialect did (else only the records' locks are bounded, by RowLocker). */
    boolean begin(boolean callerTransaction) {
        restore = context.session.doReturningWork(c -> context.dialect.lockTimeout(c, timeout, callerTransaction,
                context.factory));
        return restore != null;
    }

    /** Puts the previous timeout back; quietly where the connection refuses (an aborted transaction, a dead one). */
    void end() {
        SqlDialect.LockTimeoutRestore pending = restore;
        restore = null;
        if (pending == null || pending == SqlDialect.LockTimeoutRestore.NONE || !context.session.isOpen()) {
            return;
        }
        try {
            context.session.doWork(pending::restore);
        } catch (RuntimeException e) {
            // PostgreSQL refuses statements in a failed transaction; its setting ends with the rollback anyway
            log.debug("could not put the previous lock timeout back: {}", e.toString());
        }
    }
}
