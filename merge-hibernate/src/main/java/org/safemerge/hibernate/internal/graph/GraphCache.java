package org.safemerge.hibernate.internal.graph;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.graph.AssociationGraph;

/**
 * One association graph per SessionFactory, built on first use (it reads the database catalog, which a factory
 * being built should not wait for). Entries are weak so a factory the integrator never saw (and whose close we are
 * not told of) is not kept alive; {@link GraphIntegrator} evicts explicitly on close.
 */
public final class GraphCache {
    private static final Map<SessionFactoryImplementor, Entry> ENTRIES = Collections.synchronizedMap(
            new WeakHashMap<>());

    private GraphCache() {
    }

    /** The cached graph of a factory, built now if it has none yet. */
    public static AssociationGraph graph(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = open(sessionFactory);
        return ENTRIES.computeIfAbsent(factory, f -> new Entry(BootFacts.NONE)).graph(factory);
    }

    /** The stored spelling of every table and column the factory's graph names; see {@link StoredNames}. */
    public static StoredNames storedNames(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = open(sessionFactory);
        graph(factory);
        org.hibernate.engine.jdbc.env.spi.IdentifierHelper helper = factory.getJdbcServices().getJdbcEnvironment()
                .getIdentifierHelper();
        String probe = helper.toMetaDataObjectName(org.hibernate.boot.model.naming.Identifier.toIdentifier("aB"));
        return new StoredNames("AB".equals(probe) ? StoredNames.Folding.UPPER : "ab".equals(probe)
                ? StoredNames.Folding.LOWER : StoredNames.Folding.AS_IS);
    }

    /** Builds the graph again (after DDL changed the catalog) and caches the new one. */
    public static AssociationGraph rebuild(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = open(sessionFactory);
        return ENTRIES.computeIfAbsent(factory, f -> new Entry(BootFacts.NONE)).rebuild(factory);
    }

    /** Whether a graph is cached for the factory. */
    public static boolean isCached(SessionFactory sessionFactory) {
        Entry entry = ENTRIES.get(sessionFactory.unwrap(SessionFactoryImplementor.class));
        return entry != null && entry.cached();
    }

    static void register(SessionFactoryImplementor factory, BootFacts boot) {
        ENTRIES.put(factory, new Entry(boot));
    }

    /**
     * Drops the factory's graph and boot facts: the factory closed (or a test simulates a factory the integrator
     * never saw).
     */
    public static void evict(SessionFactory sessionFactory) {
        ENTRIES.remove(sessionFactory.unwrap(SessionFactoryImplementor.class));
    }

    static BootFacts bootFacts(SessionFactory sessionFactory) {
        Entry entry = ENTRIES.get(sessionFactory.unwrap(SessionFactoryImplementor.class));
        return entry == null ? BootFacts.NONE : entry.boot;
    }

    private static SessionFactoryImplementor open(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        if (factory.isClosed()) {
            throw new IllegalStateException("the SessionFactory is closed; its association graph is gone");
        }
        return factory;
    }

    private static final class Entry {
        private final BootFacts boot;
        private volatile AssociationGraph graph;

        Entry(BootFacts boot) {
            this.boot = boot;
        }

        AssociationGraph graph(SessionFactoryImplementor factory) {
            AssociationGraph current = graph;
            if (current == null) {
                synchronized (this) {
                    current = graph;
                    if (current == null) {
                        current = GraphBuilder.build(factory, boot);
                        graph = current;
                    }
                }
            }
            return current;
        }

        synchronized AssociationGraph rebuild(SessionFactoryImplementor factory) {
            graph = GraphBuilder.build(factory, boot);
            return graph;
        }

        boolean cached() {
            return graph != null;
        }
    }
}
