package org.safemerge.hibernate.internal.exec;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.time.Duration;
import java.util.function.Function;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.hibernate.internal.sql.SqlNames;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.RunMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs merge work in a Hibernate session: the caller's (joining its transaction) or one of its own. */
public final class HibernateExecutor implements MergeExecutor {
    private static final Logger log = LoggerFactory.getLogger(HibernateExecutor.class);

    private final SessionFactory factory;
    private final Session session;
    private final Duration lockTimeout;

    private HibernateExecutor(SessionFactory factory, Session session, Duration lockTimeout) {
        this.factory = factory;
        this.session = session;
        this.lockTimeout = lockTimeout;
    }

    public static HibernateExecutor forSession(Session session, Duration lockTimeout) {
        return new HibernateExecutor(session.getSessionFactory(), session, lockTimeout);
    }

    public static HibernateExecutor forFactory(SessionFactory factory, Duration lockTimeout) {
        return new HibernateExecutor(factory, null, lockTimeout);
    }

    public HibernateExecutor withLockTimeout(Duration timeout) {
        return new HibernateExecutor(factory, session, timeout);
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
        if (session == null || mode == RunMode.REHEARSE) {
            try (Session own = factory.openSession()) {
                return runIn(own, true, mode, work);
            }
        }
        return runIn(session, false, mode, work);
    }

    @Override
    public boolean joinsCallerTransaction() {
        return session != null && session.isOpen() && session.getTransaction().isActive();
    }

    private <R> R runIn(Session s, boolean ownSession, RunMode mode, Function<MergeStore, R> work) {
        Transaction tx = s.getTransaction();
        boolean ownTransaction = !tx.isActive();
        if (ownTransaction && mode == RunMode.EXECUTE && s.isDirty()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "the session has unflushed changes and no "
                    + "active transaction; commit them or begin a transaction first, so that a failed merge cannot "
                    + "take them down with it");
        }
        HibernateStore store = new HibernateStore(s, ownSession, graph(), names(), mode, lockTimeout);
        FlushMode previousFlushMode = s.getHibernateFlushMode();
        if (ownTransaction) {
            tx.begin();
        }
        if (mode == RunMode.EXECUTE) {
            tx.registerSynchronization(new Synchronization() {
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
        try {
            if (mode != RunMode.READ_ONLY) {
                s.flush();
            }
            // Our SQL must not auto-flush the caller's pending changes (dry run), nor ours mid-step.
            s.setHibernateFlushMode(FlushMode.MANUAL);
            R result = work.apply(store);
            if (mode != RunMode.READ_ONLY) {
                s.flush();
                store.synchronizeSession();
            }
            if (ownTransaction) {
                if (mode == RunMode.EXECUTE) {
                    tx.commit();
                } else {
                    tx.rollback();
                }
            }
            return result;
        } catch (RuntimeException | Error e) {
            // Errors too (a listener's AssertionError, OOM): an open transaction would hand half a merge to the next
            // commit on this pooled connection
            failed(s, tx, ownTransaction, mode, e);
            throw e;
        } finally {
            if (guard != null) {
                guard.disarm();
            }
            if (s.isOpen()) {
                s.setHibernateFlushMode(previousFlushMode);
            }
        }
    }

    private static void failed(Session s, Transaction tx, boolean ownTransaction, RunMode mode, Throwable e) {
        try {
            if (ownTransaction) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                // Entities the merge touched in memory no longer match the rolled-back rows.
                if (mode != RunMode.READ_ONLY) {
                    s.clear();
                }
            } else if (tx.isActive() && mode != RunMode.READ_ONLY) {
                tx.markRollbackOnly();
            }
        } catch (RuntimeException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
            log.error("rolling back the failed merge failed as well", rollbackFailure);
        }
    }
}
