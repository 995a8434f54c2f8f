package org.safemerge.hibernate.internal.exec;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;

/**
 * The caller's session of a merge bound to a Session or an EntityManager, found anew for every run. A Hibernate
 * session is its own session. A container-managed EntityManager (Spring's shared EntityManager, a Jakarta EE
 * transaction-scoped one) is a proxy whose session changes with the transaction: its session is the one that
 * {@code unwrap} reaches for the current transaction, and only that session's transaction coordinator is asked
 * whether a transaction is active (Spring's proxy refuses {@code getTransaction()}, a JTA one may).
 */
final class CallerSession {
    private final EntityManager given;
    private final SessionFactoryImplementor factory;

    /**
     * The session of one run.
     *
     * @param session the real session (never a proxy)
     * @param inTransaction a transaction (resource-local or JTA) is active and the session takes part in it
     * @param containerManaged the session was reached through a proxy: the container owns its transactions
     */
    record Current(SessionImplementor session, boolean inTransaction, boolean containerManaged) {
    }

    CallerSession(EntityManager given) {
        this.given = given;
        // a shared proxy answers getEntityManagerFactory() itself, in a transaction or not; a session's factory is
        // read without the open check, so that a closed session fails at the merge, with its own message
        this.factory = given instanceof SessionImplementor session ? session.getFactory() : factoryOf(given);
    }

    private static SessionFactoryImplementor factoryOf(EntityManager given) {
        try {
            return given.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class);
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "HibernateMerge.of(entityManager): cannot "
                    + "reach Hibernate's SessionFactory through " + given + " (" + e.getMessage() + "); give an open "
                    + "EntityManager of Hibernate ORM", e);
        }
    }

    SessionFactoryImplementor factory() {
        return factory;
    }

    /** Whether the given object is a proxy, so that the container owns the session's transactions. */
    boolean containerManaged() {
        return !(given instanceof SessionImplementor);
    }

    /**
     * The session to run in now, or null when a container-managed EntityManager has none: outside a transaction,
     * Spring's shared EntityManager has no session for this thread ({@code unwrap} refuses).
     */
    Current current() {
        SessionImplementor session;
        if (given instanceof SessionImplementor own) {
            session = own;
        } else {
            try {
                session = given.unwrap(SessionImplementor.class);
            } catch (IllegalStateException | PersistenceException noTransactionalSession) {
                return null;
            }
        }
        if (!session.isOpen()) {
            return new Current(session, false, containerManaged());
        }
        // A JTA transaction the session did not see yet is joined now (resource-local sessions ignore this).
        session.getTransactionCoordinator().pulse();
        return new Current(session, session.isTransactionInProgress(), containerManaged());
    }

    /** Whether a run now would join a transaction the caller holds open. */
    boolean inTransaction() {
        Current current = current();
        return current != null && current.inTransaction();
    }
}
