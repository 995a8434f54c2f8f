package org.safemerge.hibernate.internal.exec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.journal.RowImages;
import org.safemerge.hibernate.internal.sql.Jdbc;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.hibernate.internal.sql.SqlNames;

/**
 * What the parts of one merge's store share: the session, the graph, SQL and names, and the deletes the firewall
 * lets through. One per {@link HibernateStore}; used by one thread.
 */
final class StoreContext {
    final Session session;
    final SessionImplementor sessionImplementor;
    final SessionFactoryImplementor factory;
    final AssociationGraph graph;
    final SqlDialect dialect;
    final SqlNames names;
    final Jdbc jdbc;
    /** The executor opened the session for this run: no entity of it is the caller's. */
    final boolean ownSession;
    /** Entities the merge itself deletes: the firewall lets exactly these through. */
    final Set<DeleteFirewall.EntityKey> allowedDeletes = ConcurrentHashMap.newKeySet();
    /** What rows of a reference hold for a record: its id, or its value of another unique key. */
    final ReferencedKeys keys;
    private final Map<String, ReferenceSql> sql = new HashMap<>();
    /** Where rows about to be deleted or changed are kept for the undo: the journal's, or null (no journal). */
    RowImages images;
    /** The merge's lock timeout is set on the connection for the whole merge ({@link LockWaits}). */
    boolean lockTimeoutOnConnection;

    StoreContext(Session session, boolean ownSession, AssociationGraph graph, SqlNames names) {
        this.session = session;
        this.ownSession = ownSession;
        this.sessionImplementor = session.unwrap(SessionImplementor.class);
        this.factory = sessionImplementor.getFactory();
        this.graph = graph;
        this.names = names;
        this.dialect = names.dialect();
        this.jdbc = new Jdbc(session);
        this.keys = new ReferencedKeys(this);
    }

    /** The SQL of a reference, rendered once per merge. */
    ReferenceSql sql(InboundReference reference) {
        return sql.computeIfAbsent(reference.key(), k -> new ReferenceSql(reference, names));
    }

    /** The value rows of {@code reference} hold when they point at record {@code id}: see {@link ReferencedKeys}. */
    Object held(InboundReference reference, Object id) {
        return keys.of(reference, id);
    }

    ReferenceSql sql(String referenceKey) {
        return sql(reference(referenceKey));
    }

    InboundReference reference(String key) {
        return graph.reference(key).orElseThrow(() -> new IllegalStateException("unknown reference " + key));
    }

    EntityType entityType(String name) {
        return graph.entity(name).orElseThrow(() -> new IllegalStateException("unknown entity " + name));
    }

    EntityPersister persister(EntityType type) {
        return factory.getMappingMetamodel().getEntityDescriptor(type.javaType());
    }

    EntityPersister concretePersister(Object entity) {
        return factory.getMappingMetamodel().getEntityDescriptor(Hibernate.getClass(entity));
    }

    /** The entity whose rows hold the FK, when the mapping knows one (null for links and catalog-only FKs). */
    EntityPersister sourcePersister(InboundReference reference) {
        if (reference.kind().isLink() || reference.sourceEntity() == null) {
            return null;
        }
        return graph.entity(reference.sourceEntity()).map(this::persister).orElse(null);
    }

    /** The graph's name for a persister's entity (graph names may differ from Hibernate's entity names). */
    String graphName(EntityPersister persister) {
        return graph.entityByJavaType(persister.getMappedClass().getName()).map(EntityType::name)
                .orElse(persister.getEntityName());
    }
}
