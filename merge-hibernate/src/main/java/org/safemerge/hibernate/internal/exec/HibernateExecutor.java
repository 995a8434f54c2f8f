package org.safemerge.hibernate.internal.exec;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.time.Duration;
import java.util.function.Function;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.resource.transaction.spi.TransactionStatus;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.journal.JournalConfig;
import org.safemerge.hibernate.internal.journal.JournalWriter;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.hibernate.internal.sql.SqlNames;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs merge work in a Hibernate session: the caller's (joining its transaction, or beginning one of its own on it)
 * or one of its own. The caller's session is found anew for every run ({@link CallerSession}), so that an executor
 * bound to a container-managed EntityManager (Spring's shared EntityManager, a JTA one) runs in the session of the
 * transaction that is active at the time; it never asks such a proxy for {@code getTransaction()}.
 */
public final class HibernateExecutor implements MergeExecutor {
    private static final Logger log = LoggerFactory.getLogger(HibernateExecutor.class);

    /** What execute() through a container-managed EntityManager outside a transaction says to do. */
    static final String NO_TRANSACTION = "no transaction is active for this container-managed EntityManager "
            + "(Spring's shared EntityManager or a JTA one), and SafeMerge cannot begin one on it: call execute() "
            + "inside a transaction (a @Transactional method, or a JTA transaction), or merge in a transaction of "
            + "its own with HibernateMerge.of(entityManagerFactory)";

    /** How long a failed merge waits to learn whether its connection is still alive. */
    private static final int CONNECTION_CHECK_SECONDS = 5;

    private final SessionFactory factory;
    /** The caller's session, or null: a session of its own per run. */
    private final CallerSession caller;
    private final Duration lockTimeout;
    /** The merge journal, or null: no journal work at all. */
    private final JournalConfig journal;

    private HibernateExecutor(SessionFactory factory, CallerSession caller, Duration lockTimeout,
            JournalConfig journal) {
        this.factory = factory;
        this.caller = caller;
        this.lockTimeout = lockTimeout;
        this.journal = journal;
    }

    /** Runs in the session of this Session or EntityManager (also a container-managed proxy). */
    public static HibernateExecutor forSession(EntityManager session, Duration lockTimeout) {
        CallerSession caller = new CallerSession(session);
        return new HibernateExecutor(caller.factory(), caller, lockTimeout, null);
    }

    public static HibernateExecutor forFactory(SessionFactory factory, Duration lockTimeout) {
        return new HibernateExecutor(factory, null, lockTimeout, null);
    }

    public HibernateExecutor withLockTimeout(Duration timeout) {
        return new HibernateExecutor(factory, caller, timeout, journal);
    }

    /** The same executor, writing every execution to this merge journal. */
    public HibernateExecutor withJournal(JournalConfig journal) {
        return new HibernateExecutor(factory, caller, lockTimeout, journal);
    }

    /** The merge journal, or null. */
    public JournalConfig journal() {
        return journal;
    }

    @Override
    public AssociationGraph graph() {
        return GraphCache.graph(factory);
    }

    /** The factory's names as SQL writes them, in the dialect of its database. */
    private SqlNames names() {
        return new SqlNames(SqlDialect.of(factory.unwrap(SessionFactoryImplementor.class).getJdbcServices()
                .getDialect()), GraphCache.storedNames(factory));
    }

    @Override
    public <R> R run(RunMode mode, Function<MergeStore, R> work) {
        // A rehearsal must roll back without touching the caller's transaction, so it gets a session of its own.
        if (caller == null || mode == RunMode.REHEARSE) {
            return inOwnSession(mode, work);
        }
        CallerSession.Current current = caller.current();
        if (current != null && current.inTransaction()) {
            return runIn(current.session(), false, false, mode, work);
        }
        if (current == null || current.containerManaged()) {
            // The container owns the session's transactions: a write needs one of the caller's, a read does not.
            if (mode == RunMode.EXECUTE) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, NO_TRANSACTION);
            }
            return inOwnSession(mode, work);
        }
        if (!current.session().isOpen()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "the session is closed; merge in an open "
                    + "session, or with HibernateMerge.of(sessionFactory) in one of its own");
        }
        return runIn(current.session(), false, true, mode, work);
    }

    private <R> R inOwnSession(RunMode mode, Function<MergeStore, R> work) {
        try (Session own = factory.openSession()) {
            return runIn(own.unwrap(SessionImplementor.class), true, true, mode, work);
        }
    }

    @Override
    public boolean joinsCallerTransaction() {
        return caller != null && caller.inTransaction();
    }

    private <R> R runIn(SessionImplementor s, boolean ownSession, boolean ownTransaction, RunMode mode,
            Function<MergeStore, R> work) {
        if (ownTransaction && !ownSession && mode == RunMode.EXECUTE && HibernateSupport.compat().isDirty(s)) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "the session has unflushed changes and no "
                    + "active transaction; commit them or begin a transaction first, so that a failed merge cannot "
                    + "take them down with it");
        }
        HibernateStore store = new HibernateStore(s, ownSession, graph(), names(), mode, lockTimeout);
        if (journal != null && mode == RunMode.EXECUTE) {
            store.journalTo(new JournalWriter(s, journal));
        }
        FlushMode previousFlushMode = s.getHibernateFlushMode();
        // accessTransaction(): the session's own transaction, also where JPA compliance hides it (JTA)
        Transaction tx = ownTransaction ? begin(s) : null;
        if (mode == RunMode.EXECUTE) {
            // on the session's transaction coordinator, so that the caller's commit or rollback (Spring's, JTA's or
            // the session's own) reports the end
            s.getTransactionCoordinator().getLocalSynchronizations().registerSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    store.completed(status == Status.STATUS_COMMITTED);
                }
            });
        }
        DeleteFirewall.Guard guard = mode == RunMode.READ_ONLY ? null : DeleteFirewall.arm(s, store.allowedDeletes());
        boolean boundedWaits = false;
        try {
            if (mode != RunMode.READ_ONLY) {
                // one lock timeout for every statement of the merge that can wait; a dry run takes no locks
                store.boundLockWaits(!ownTransaction);
                boundedWaits = true;
                s.flush();
            }
            // Our SQL must not auto-flush the caller's pending changes (dry run), nor ours mid-step.
            s.setHibernateFlushMode(FlushMode.MANUAL);
            R result = work.apply(store);
            if (mode != RunMode.READ_ONLY) {
                try {
                    s.flush();
                } catch (RuntimeException e) {
                    throw DatabaseErrors.scrubbed(store.translated(e, null), mode);
                }
                store.synchronizeSession();
            }
            if (mode == RunMode.EXECUTE) {
                // in the merge's transaction, after its last change: the merge row exists iff the merge committed
                store.journalBeforeCommit();
            }
            if (boundedWaits) {
                // before the commit: a connection released at the end of the transaction goes back as it came
                boundedWaits = false;
                store.endLockWaits();
            }
            if (tx != null) {
                if (mode == RunMode.EXECUTE) {
                    tx.commit();
                    // the synchronization reported it already, unless another one failed before it
                    store.completed(true);
                } else {
                    tx.rollback();
                }
            }
            return result;
        } catch (RuntimeException | Error e) {
            if (boundedWaits) {
                store.endLockWaits();
            }
            // Errors too (a listener's AssertionError, OOM): an open transaction would hand half a merge to the next
            // commit on this pooled connection
            Throwable failure = e instanceof RuntimeException r
                    ? DatabaseErrors.scrubbed(store.translated(r, null), mode) : e;
            failed(s, tx, mode, failure, store);
            throw sneaky(failure);
        } finally {
            if (guard != null) {
                guard.disarm();
            }
            if (s.isOpen()) {
                s.setHibernateFlushMode(previousFlushMode);
            }
        }
    }

    private static Transaction begin(SessionImplementor s) {
        Transaction tx = s.accessTransaction();
        try {
            tx.begin();
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "could not begin a transaction on the "
                    + "session (" + e.getMessage() + "); call the merge inside a transaction, or use "
                    + "HibernateMerge.of(sessionFactory)", e);
        }
        return tx;
    }

    /**
     * Rolls back a transaction the run began, or marks the caller's rollback-only: nothing of the merge commits.
     * Then the end is reported to the store whenever it is certain now, because Hibernate reports it only after a
     * rollback that succeeded: a transaction of the run's own ended here (a failed rollback, e.g. on a dead
     * connection, leaves the database to roll it back), and so did the caller's when its connection is dead. Only
     * a live caller's transaction still reports its end itself, when the caller ends it.
     */
    private static void failed(SessionImplementor s, Transaction ownTransaction, RunMode mode, Throwable e,
            HibernateStore store) {
        boolean ended = ownTransaction != null;
        try {
            if (ownTransaction != null) {
                if (ownTransaction.getStatus() == TransactionStatus.COMMITTED) {
                    store.completed(true); // failed after the commit: the data is in
                } else if (ownTransaction.isActive()) {
                    ownTransaction.rollback();
                }
                // Entities the merge touched in memory no longer match the rolled-back rows.
                if (mode != RunMode.READ_ONLY && s.isOpen()) {
                    s.clear();
                }
            } else if (mode != RunMode.READ_ONLY && s.isTransactionInProgress()) {
                s.markForRollbackOnly();
                ended = connectionLost(s);
            }
        } catch (RuntimeException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
            log.error("rolling back the failed merge failed as well; the database rolls it back when the "
                    + "connection closes", rollbackFailure);
            ended = ended || connectionLost(s);
        }
        if (ended) {
            store.completed(false);
        }
    }

    /** Rethrows a RuntimeException or Error as it is. */
    private static RuntimeException sneaky(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /** Whether the session's connection is gone (killed, closed): its transaction was rolled back with it. */
    private static boolean connectionLost(SessionImplementor s) {
        try {
            return !s.isOpen() || !s.doReturningWork(connection -> !connection.isClosed()
                    && connection.isValid(CONNECTION_CHECK_SECONDS));
        } catch (RuntimeException unreachable) {
            return true;
        }
    }
}
