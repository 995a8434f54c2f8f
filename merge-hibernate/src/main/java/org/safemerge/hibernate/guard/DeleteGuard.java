package org.safemerge.hibernate.guard;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.hibernate.internal.sql.SqlNames;

/**
 * Fails a test when the code it wraps deleted rows of entities it was not allowed to delete, or set foreign keys to
 * NULL it was not allowed to null, naming every such row. For an application's own merge, cleanup or import code:
 * hand-written JPA, native SQL, bulk HQL, and whatever the database cascades on its own (ON DELETE CASCADE,
 * ON DELETE SET NULL), since the guard compares the tables themselves before and after.
 *
 * <pre>{@code
 * DeleteGuard.of(sessionFactory)
 *         .allowDeleting(Event.class, 11L)        // the duplicate, and nothing else
 *         .run(() -> myMerge(10L, 11L));           // AssertionError: Tag#2 deleted (ws_tag id = 2), ...
 * }</pre>
 *
 * <p>Watched: every row of every entity table (by id) and of every table only the database catalog knows (by
 * primary key), and the value of every nullable foreign key of the association graph. Not watched: link rows
 * (join tables, element collections), which is how associations are meant to change, and rows the code created
 * itself. Re-pointing a foreign key to another row is no violation; setting it to NULL is. Entities that share a
 * table (single-table or joined inheritance) are told apart by id only: allowing one subtype allows deleting rows of
 * the whole table.
 *
 * <p>Bound to a SessionFactory, the guard reads the tables in sessions and transactions of its own: the wrapped
 * code must have committed its work when it returns. Bound to a Session or EntityManager ({@link #of(Session)}),
 * it reads through that session's connection (flushing it first), so the wrapped code may work in an open
 * transaction that the test rolls back afterwards. Reads every watched row twice: meant for test databases, not
 * production tables. Immutable: every {@code allow...} returns a new guard.
 */
public final class DeleteGuard {
    private final SessionFactory factory;
    /** The session to read through, or null: a session of its own per snapshot. */
    private final Session session;
    private final Set<String> deletableTables;
    private final Map<String, Set<List<IdKey>>> deletableIds;
    private final Set<String> nullable;

    private DeleteGuard(SessionFactory factory, Session session, Set<String> deletableTables,
            Map<String, Set<List<IdKey>>> deletableIds, Set<String> nullable) {
        this.factory = factory;
        this.session = session;
        this.deletableTables = Set.copyOf(deletableTables);
        this.deletableIds = Map.copyOf(deletableIds);
        this.nullable = Set.copyOf(nullable);
    }

    /** A guard that reads the tables in sessions of its own: the guarded code commits its work. */
    public static DeleteGuard of(SessionFactory sessionFactory) {
        Objects.requireNonNull(sessionFactory, "sessionFactory");
        return new DeleteGuard(sessionFactory, null, Set.of(), Map.of(), Set.of());
    }

    /** A guard that reads the tables in sessions of its own: the guarded code commits its work. */
    public static DeleteGuard of(EntityManagerFactory entityManagerFactory) {
        Objects.requireNonNull(entityManagerFactory, "entityManagerFactory");
        return of(entityManagerFactory.unwrap(SessionFactory.class));
    }

    /**
     * A guard that reads the tables through this session's connection (flushing it before each read), so it sees
     * the session's uncommitted work: the guarded code may run in the session's transaction.
     */
    public static DeleteGuard of(Session session) {
        Objects.requireNonNull(session, "session");
        return new DeleteGuard(session.getSessionFactory(), session, Set.of(), Map.of(), Set.of());
    }

    /** Same as {@link #of(Session)} for an EntityManager (unwrapped to its Hibernate session). */
    public static DeleteGuard of(EntityManager entityManager) {
        Objects.requireNonNull(entityManager, "entityManager");
        return of(entityManager.unwrap(Session.class));
    }

    /**
     * Allows deleting any row of these entities' tables.
     *
     * @throws MergeException {@code UNKNOWN_ENTITY} for a class that is not an entity of the factory
     */
    public DeleteGuard allowDeleting(Class<?>... entityClasses) {
        Set<String> tables = new HashSet<>(deletableTables);
        for (Class<?> entityClass : entityClasses) {
            tables.add(entity(entityClass).table().toLowerCase(java.util.Locale.ROOT));
        }
        return new DeleteGuard(factory, session, tables, deletableIds, nullable);
    }

    /**
     * Allows deleting the rows of these ids of an entity, and no other row of it (a merge's duplicates). A composite
     * id is given as a {@code List} of its column values in the order of the entity's id columns.
     *
     * @throws MergeException {@code UNKNOWN_ENTITY} for a class that is not an entity of the factory
     */
    public DeleteGuard allowDeleting(Class<?> entityClass, Object... ids) {
        EntityType type = entity(entityClass);
        String table = type.table().toLowerCase(java.util.Locale.ROOT);
        Map<String, Set<List<IdKey>>> allowed = new HashMap<>(deletableIds);
        Set<List<IdKey>> keys = new HashSet<>(allowed.getOrDefault(table, Set.of()));
        for (Object id : ids) {
            Objects.requireNonNull(id, "id");
            List<?> values = id instanceof List<?> list ? list : List.of(id);
            if (values.size() != type.idColumns().size()) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, type.name() + " has " + type.idColumns()
                        .size() + " id columns " + type.idColumns() + "; " + id + " has " + values.size()
                        + " values");
            }
            keys.add(values.stream().map(IdKey::of).toList());
        }
        allowed.put(table, Set.copyOf(keys));
        return new DeleteGuard(factory, session, deletableTables, allowed, nullable);
    }

    /**
     * Allows setting a reference's foreign key to NULL: by mapping name ({@code Task.event}), by key
     * ({@code ws_task(event_id)}) or, for the entity's own attribute, {@code allowNulling(Task.class, "event")}.
     *
     * @throws MergeException {@code UNKNOWN_ASSOCIATION} for a name no reference has
     */
    public DeleteGuard allowNulling(String association) {
        InboundReference reference = graph().references().stream().filter(r -> r.isNamed(association)).findFirst()
                .orElseThrow(() -> new MergeException(MergeErrorCode.UNKNOWN_ASSOCIATION, "'" + association
                        + "' is no association of this persistence unit; known: " + graph().references().stream()
                        .flatMap(r -> r.names().isEmpty() ? java.util.stream.Stream.of(r.key())
                                : r.names().stream()).sorted().toList()));
        Set<String> keys = new HashSet<>(nullable);
        keys.add(reference.key());
        return new DeleteGuard(factory, session, deletableTables, deletableIds, keys);
    }

    /** Allows setting the FK of an entity's to-one attribute (or a collection's FK) to NULL. */
    public DeleteGuard allowNulling(Class<?> entityClass, String attribute) {
        return allowNulling(entity(entityClass).name() + "." + attribute);
    }

    /**
     * Runs the code and fails if it deleted or nulled anything not allowed.
     *
     * @throws AssertionError naming every row deleted or nulled without permission
     */
    public void run(Runnable code) {
        Objects.requireNonNull(code, "code");
        call(() -> {
            code.run();
            return null;
        });
    }

    /**
     * Runs the code, fails if it deleted or nulled anything not allowed, and returns what it returned.
     *
     * @throws AssertionError naming every row deleted or nulled without permission
     */
    public <T> T call(Supplier<T> code) {
        Watch watch = start();
        T result = code.get();
        watch.verify();
        return result;
    }

    /** Runs the code and returns what it deleted or nulled without permission (empty: nothing), failing nothing. */
    public List<GuardViolation> check(Runnable code) {
        Watch watch = start();
        code.run();
        return watch.violations();
    }

    /** Reads the watched rows now; {@link Watch#verify()} compares them with the rows then. */
    public Watch start() {
        GuardedRows rows = new GuardedRows(graph(), SqlNames.of(factory));
        return new Watch(rows, read(rows));
    }

    /** A guard started: the rows before, to compare with the rows at {@link #verify()}. */
    public final class Watch {
        private final GuardedRows rows;
        private final GuardedRows.Snapshot before;

        private Watch(GuardedRows rows, GuardedRows.Snapshot before) {
            this.rows = rows;
            this.before = before;
        }

        /** What was deleted or nulled since {@link #start()} without permission, table by table. */
        public List<GuardViolation> violations() {
            GuardedRows.Snapshot after = read(rows);
            List<GuardViolation> violations = new ArrayList<>();
            for (GuardedRows.Table table : rows.tables()) {
                String name = table.name().toLowerCase(java.util.Locale.ROOT);
                if (deletableTables.contains(name)) {
                    continue;
                }
                Set<List<IdKey>> ids = deletableIds.getOrDefault(name, Set.of());
                before.deleted(table, after).forEach((key, row) -> {
                    if (!ids.contains(key)) {
                        violations.add(new GuardViolation(GuardViolation.Kind.DELETED, table.name(), table.owner(),
                                table.keyColumns(), row, null, List.of(), List.of()));
                    }
                });
            }
            for (InboundReference reference : rows.foreignKeys()) {
                if (nullable.contains(reference.key())) {
                    continue;
                }
                GuardedRows.Table owner = rows.table(reference.table());
                int keys = reference.rowKeyColumns().size();
                before.nulled(reference, after).forEach((key, row) -> violations.add(new GuardViolation(
                        GuardViolation.Kind.NULLED, reference.table(), owner == null ? reference.table()
                        : owner.owner(), reference.rowKeyColumns(), row.subList(0, keys), reference.displayName(),
                        reference.columns(), row.subList(keys, row.size()))));
            }
            return violations;
        }

        /**
         * Fails if anything was deleted or nulled without permission since {@link #start()}.
         *
         * @throws AssertionError naming every such row and what to allow if it was meant
         */
        public void verify() {
            List<GuardViolation> violations = violations();
            if (violations.isEmpty()) {
                return;
            }
            StringBuilder message = new StringBuilder("the guarded code deleted or nulled ").append(violations.size())
                    .append(violations.size() == 1 ? " row" : " rows").append(" it was not allowed to:");
            int shown = 0;
            for (GuardViolation violation : violations) {
                if (++shown > 50) {
                    message.append("\n  ... and ").append(violations.size() - 50).append(" more");
                    break;
                }
                message.append("\n  ").append(violation);
            }
            message.append("\nIf that was meant, allow it: DeleteGuard.allowDeleting(Entity.class[, ids...]) or "
                    + "allowNulling(\"Entity.association\")");
            throw new AssertionError(message.toString());
        }
    }

    private GuardedRows.Snapshot read(GuardedRows rows) {
        if (session != null) {
            if (session.isJoinedToTransaction() || session.getTransaction().isActive()) {
                session.flush();
            }
            return rows.read(session);
        }
        try (Session own = factory.openSession()) {
            Transaction tx = own.beginTransaction();
            try {
                return rows.read(own);
            } finally {
                tx.rollback(); // read only
            }
        }
    }

    private AssociationGraph graph() {
        return GraphCache.graph(factory);
    }

    private EntityType entity(Class<?> entityClass) {
        Objects.requireNonNull(entityClass, "entityClass");
        return graph().entityByJavaType(entityClass.getName()).orElseThrow(() -> new MergeException(
                MergeErrorCode.UNKNOWN_ENTITY, entityClass.getName() + " is not an entity of this persistence unit"));
    }
}
