package org.safemerge.hibernate.internal.graph;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.internal.compat.HibernateSupport;

/**
 * One association graph per SessionFactory, with the {@link StoredNames} of its tables and columns, built on first
 * use (it reads the database catalog, which a factory being built should not wait for). Entries are weak so a
 * factory the integrator never saw (and whose close we are not told of) is not kept alive; {@link GraphIntegrator}
 * evicts explicitly on close.
 */
public final class GraphCache {
    private static final Map<SessionFactoryImplementor, Entry> ENTRIES = Collections.synchronizedMap(
            new WeakHashMap<>());

    private GraphCache() {
    }

    /** The cached graph of a factory, built now if it has none yet. */
    public static AssociationGraph graph(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = open(sessionFactory);
        return entry(factory).built(factory).graph();
    }

    /** The stored spelling of every table and column the factory's graph names, built with the graph. */
    public static StoredNames storedNames(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = open(sessionFactory);
        return entry(factory).built(factory).storedNames();
    }

    /** Builds the graph and its stored names again (after DDL changed the catalog) and caches the new ones. */
    public static AssociationGraph rebuild(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = open(sessionFactory);
        return entry(factory).rebuild(factory).graph();
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

    private static Entry entry(SessionFactoryImplementor factory) {
        return ENTRIES.computeIfAbsent(factory, f -> new Entry(BootFacts.NONE));
    }

    private static SessionFactoryImplementor open(SessionFactory sessionFactory) {
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        if (factory.isClosed()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "the SessionFactory is closed; its association "
                    + "graph is gone. Merge with an open SessionFactory (or a session of one)");
        }
        HibernateSupport.checkSupported(factory);
        return factory;
    }

    private static final class Entry {
        private final BootFacts boot;
        private volatile GraphBuilder.Built built;

        Entry(BootFacts boot) {
            this.boot = boot;
        }

        GraphBuilder.Built built(SessionFactoryImplementor factory) {
            GraphBuilder.Built current = built;
            if (current == null) {
                synchronized (this) {
                    current = built;
                    if (current == null) {
                        current = build(factory);
                        built = current;
                    }
                }
            }
            return current;
        }

        synchronized GraphBuilder.Built rebuild(SessionFactoryImplementor factory) {
            built = build(factory);
            return built;
        }

        private GraphBuilder.Built build(SessionFactoryImplementor factory) {
            try {
                return GraphBuilder.build(factory, boot);
            } catch (LinkageError e) {
                throw HibernateSupport.unsupported(e);
            }
        }

        boolean cached() {
            return built != null;
        }
    }
}
