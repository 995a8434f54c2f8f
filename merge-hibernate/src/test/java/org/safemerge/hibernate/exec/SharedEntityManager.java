package org.safemerge.hibernate.exec;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TransactionRequiredException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * A container-managed EntityManager as Spring injects it ({@code @PersistenceContext EntityManager}), with the
 * behaviour of Spring's {@code SharedEntityManagerCreator} (Spring Framework 7.0) and {@code JpaTransactionManager},
 * over real Hibernate sessions and transactions: one proxy for the whole application; every call goes to the session
 * of the transaction bound to the calling thread; {@code unwrap(Session.class)} returns the proxy itself (it
 * implements Session, as with Spring's Hibernate vendor adapter); {@code getTransaction()} is refused; outside a
 * transaction {@code unwrap} of anything else is refused, writes are refused and reads use a session per call.
 * merge-examples tests the same against Spring itself.
 */
final class SharedEntityManager implements InvocationHandler {
    private static final Set<String> NEEDS_TRANSACTION = Set.of("persist", "merge", "remove", "flush", "refresh",
            "lock", "joinTransaction");

    private final SessionFactory factory;
    private final ThreadLocal<Session> transactional = new ThreadLocal<>();
    private final Session proxy;

    SharedEntityManager(SessionFactory factory) {
        this.factory = factory;
        this.proxy = (Session) Proxy.newProxyInstance(SharedEntityManager.class.getClassLoader(),
                new Class<?>[] {Session.class}, this);
    }

    /** The injected EntityManager. */
    EntityManager entityManager() {
        return proxy;
    }

    /**
     * Runs {@code work} in a transaction as Spring's {@code @Transactional} would: a new session bound to this
     * thread, its transaction begun; committed when {@code work} returns (rolled back instead when it was marked
     * rollback-only), rolled back when it throws, and the session closed.
     */
    void inTransaction(Consumer<Transaction> work) {
        try (Session session = factory.openSession()) {
            Transaction tx = session.beginTransaction();
            transactional.set(session);
            try {
                work.accept(tx);
            } catch (RuntimeException | Error e) {
                tx.rollback();
                throw e;
            } finally {
                transactional.remove();
            }
            if (tx.getRollbackOnly()) {
                tx.rollback();
            } else {
                tx.commit();
            }
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "toString":
                return "Shared EntityManager proxy for " + factory;
            case "getEntityManagerFactory":
                return factory;
            case "isOpen":
                return true;
            case "close":
                throw new IllegalStateException("Invalid usage: Cannot close a shared EntityManager");
            case "getTransaction":
                throw new IllegalStateException("Not allowed to create transaction on shared EntityManager - use "
                        + "Spring transactions or EJB CMT instead");
            default:
                break;
        }
        Session target = transactional.get();
        if (method.getName().equals("unwrap")) {
            Class<?> type = (Class<?>) args[0];
            if (type.isInstance(self)) {
                return self;
            }
            if (target == null) {
                throw new IllegalStateException("No transactional EntityManager available");
            }
        }
        if (target != null) {
            return call(target, method, args);
        }
        if (NEEDS_TRANSACTION.contains(method.getName())) {
            throw new TransactionRequiredException("No EntityManager with actual transaction available for current "
                    + "thread - cannot reliably process '" + method.getName() + "' call");
        }
        try (Session perCall = factory.openSession()) {
            return call(perCall, method, args);
        }
    }

    private static Object call(Session target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
