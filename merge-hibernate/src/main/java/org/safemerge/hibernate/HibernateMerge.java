package org.safemerge.hibernate;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.BatchMerge;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.internal.exec.HibernateExecutor;
import org.safemerge.hibernate.internal.journal.JournalConfig;
import org.safemerge.hibernate.journal.MergeJournal;

/**
 * SafeMerge for Hibernate ORM: plans merges for a Session, an EntityManager or a SessionFactory.
 *
 * <pre>{@code
 * MergeReport done = HibernateMerge.of(session)
 *         .plan(Event.class)
 *         .survivor(1L).duplicates(2L)
 *         .field("tags", FieldStrategy.takeB())
 *         .audit(new Slf4jAuditListener())
 *         .build()
 *         .execute();
 * }</pre>
 *
 * <p>With a Session or EntityManager the merge joins the caller's transaction when one is active: the session's
 * own, Spring's (through the injected shared {@code EntityManager}) or a JTA transaction. The caller commits; a
 * failed merge marks the transaction rollback-only; the audit trail ends with {@code MergeCommitted} or
 * {@code MergeRolledBack} when that transaction really ends. Without an active transaction, a plain Session or
 * EntityManager runs the merge in a transaction of its own on that session; a container-managed EntityManager
 * (Spring's shared one, a Jakarta EE one), whose transactions the container owns, reads ({@code dryRun()}) in a
 * session of its own and refuses {@code execute()} with {@code INVALID_ARGUMENT}: call it in a
 * {@code @Transactional} method, or use {@link #of(EntityManagerFactory)}. The session is looked up at every run,
 * so an instance bound to Spring's shared EntityManager can be kept in a field and used from any thread. With a
 * SessionFactory every run opens its own session and transaction. {@code rehearse()} always uses a session and
 * transaction of its own, which it rolls back. Immutable; an instance bound to a plain Session is as
 * thread-confined as the Session.
 *
 * <p>After {@code execute()} in the caller's session, every managed entity the merge touched shows the database's
 * state, its {@code @Version} included, so the survivor can be edited and saved in the same transaction.
 *
 * <p>Failures: in the caller's transaction, discard the session after a failed merge (its transaction can only roll
 * back). In a session without an active transaction, {@code execute()} refuses to start while the session has
 * unflushed changes, and after a failure it clears the session, because entities it held may no longer match the
 * rolled-back rows.
 */
public final class HibernateMerge {
    /** The default lock timeout of a merge: the longest any of its statements waits for a lock. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final HibernateExecutor executor;

    private HibernateMerge(HibernateExecutor executor) {
        this.executor = executor;
    }

    /** Merges in this session (joining its transaction when one is active). */
    public static HibernateMerge of(Session session) {
        notNull(session, "HibernateMerge.of(session)", "session");
        return new HibernateMerge(HibernateExecutor.forSession(session, DEFAULT_LOCK_TIMEOUT));
    }

    /**
     * Merges in this EntityManager, joining its transaction when one is active; also a container-managed one, such
     * as the {@code EntityManager} Spring injects (a shared proxy: the merge runs in the session of the transaction
     * active at each call).
     */
    public static HibernateMerge of(EntityManager entityManager) {
        notNull(entityManager, "HibernateMerge.of(entityManager)", "entityManager");
        return new HibernateMerge(HibernateExecutor.forSession(entityManager, DEFAULT_LOCK_TIMEOUT));
    }

    /** Merges in a new session and transaction per run. */
    public static HibernateMerge of(SessionFactory sessionFactory) {
        notNull(sessionFactory, "HibernateMerge.of(sessionFactory)", "sessionFactory");
        return new HibernateMerge(HibernateExecutor.forFactory(sessionFactory, DEFAULT_LOCK_TIMEOUT));
    }

    /** Merges in a new EntityManager and transaction per run. */
    public static HibernateMerge of(EntityManagerFactory entityManagerFactory) {
        notNull(entityManagerFactory, "HibernateMerge.of(entityManagerFactory)", "entityManagerFactory");
        SessionFactory factory;
        try {
            factory = entityManagerFactory.unwrap(SessionFactory.class);
        } catch (RuntimeException notHibernate) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "HibernateMerge.of(entityManagerFactory): "
                    + entityManagerFactory + " is not Hibernate's (" + notHibernate.getMessage() + "); SafeMerge "
                    + "merges through Hibernate ORM", notHibernate);
        }
        return of(factory);
    }

    /**
     * The merge's lock timeout (default 10 s): the longest any statement of a merge waits for a lock (the records,
     * the referencing rows, the deletes). Set once per merge on its connection (PostgreSQL {@code lock_timeout},
     * MariaDB {@code innodb_lock_wait_timeout} in whole seconds, H2 {@code LOCK_TIMEOUT}) and put back afterwards.
     * A merge that waits longer fails with {@code CONCURRENT_MODIFICATION}, naming the table, and changes nothing.
     */
    public HibernateMerge withLockTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "lock timeout must be zero or positive, was "
                    + timeout);
        }
        return new HibernateMerge(executor.withLockTimeout(timeout));
    }

    /**
     * The same merges, journalled: every {@code execute()}, every group of a batch and every undo of the returned
     * instance writes {@code journal}'s tables in the merge's own transaction (see {@link MergeJournal}); dry runs
     * and rehearsals write nothing. A merge fails with {@code JOURNAL_FAILED} (nothing changed) when the journal's
     * tables are missing and the journal does not auto-create them. Without a journal, a merge does no journal
     * work at all.
     */
    public HibernateMerge withJournal(MergeJournal journal) {
        notNull(journal, "withJournal(journal)", "journal");
        return new HibernateMerge(executor.withJournal(new JournalConfig(journal.tablePrefix(), journal.principal(),
                journal.autoCreate(), journal.recordsSensitiveValues())));
    }

    /**
     * The undo of a journalled merge (a single merge, or one group of a batch by its own merge id): see
     * {@link UndoPlan}. Needs the journal the merge was written to ({@link #withJournal}); the undo is journalled
     * there too. Refused by {@code dryRun()} / {@code execute()} with {@code UNDO_NOT_POSSIBLE} for an unknown,
     * rolled-back or already undone merge, with {@code UNDO_CONFLICT} when rows it would touch changed since.
     */
    public UndoPlan undo(String mergeId) {
        notNull(mergeId, "undo(mergeId)", "mergeId");
        if (executor.journal() == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "undo(" + mergeId + "): this HibernateMerge "
                    + "has no journal; call withJournal(journal) with the journal the merge was written to");
        }
        return new UndoPlan(executor, executor.journal(), mergeId, java.util.List.of());
    }

    /** Starts a merge plan for an entity class. */
    public <T> MergePlan.Builder<T> plan(Class<T> entityClass) {
        notNull(entityClass, "plan(entityClass)", "entityClass");
        return MergePlan.builder(executor, entityClass);
    }

    /** Starts a merge plan for an entity by name. */
    public MergePlan.Builder<Object> plan(String entityName) {
        notNull(entityName, "plan(entityName)", "entityName");
        return MergePlan.builder(executor, entityName);
    }

    /**
     * Starts a batch of merges for an entity class: many groups, one transaction per chunk. Best run from
     * {@link #of(SessionFactory)} (a fresh session per chunk). Bound to a session with an active transaction, every
     * chunk joins that transaction: the batch is then all or nothing, with the caller's commit.
     */
    public <T> BatchMerge.Builder<T> batch(Class<T> entityClass) {
        notNull(entityClass, "batch(entityClass)", "entityClass");
        return BatchMerge.builder(executor, entityClass);
    }

    /** Starts a batch of merges for an entity by name; see {@link #batch(Class)}. */
    public BatchMerge.Builder<Object> batch(String entityName) {
        notNull(entityName, "batch(entityName)", "entityName");
        return BatchMerge.builder(executor, entityName);
    }

    /** The association graph of the persistence unit (built once per SessionFactory). */
    public AssociationGraph graph() {
        return executor.graph();
    }

    /** Who points at an entity type, through what, and the hazards: see {@link AssociationGraph#describe(String)}. */
    public String describe(Class<?> entityClass) {
        notNull(entityClass, "describe(entityClass)", "entityClass");
        return executor.graph().describe(executor.graph().entityByJavaType(entityClass.getName())
                .orElseThrow(() -> new MergeException(MergeErrorCode.UNKNOWN_ENTITY, entityClass.getName()
                        + " is not an entity of this persistence unit")).name());
    }

    /** {@code value}, or INVALID_ARGUMENT naming the argument of {@code method} when it is null. */
    static <V> V notNull(V value, String method, String name) {
        if (value == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, method + ": " + name + " must not be null");
        }
        return value;
    }
}
