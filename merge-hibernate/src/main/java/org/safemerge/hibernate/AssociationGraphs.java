package org.safemerge.hibernate;

import org.hibernate.SessionFactory;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.hibernate.internal.graph.GraphCache;

/**
 * The {@link AssociationGraph} of a SessionFactory: every entity type and every reference that points at it, from
 * Hibernate's mapping and the database catalog. Built on first use, then cached until the factory closes.
 */
public final class AssociationGraphs {
    private AssociationGraphs() {
    }

    /**
     * The factory's association graph, built on the first call (which reads the database catalog through one
     * connection) and cached for the factory's lifetime.
     *
     * @param sessionFactory an open SessionFactory
     * @return the immutable graph, the same instance on every call for the same factory
     * @throws org.safemerge.MergeException with {@code INVALID_ARGUMENT} if the factory is null or closed, with
     *         {@code DATABASE_ERROR} if the catalog cannot be read
     */
    public static AssociationGraph of(SessionFactory sessionFactory) {
        return GraphCache.graph(HibernateMerge.notNull(sessionFactory, "AssociationGraphs.of(sessionFactory)",
                "sessionFactory"));
    }

    /**
     * Scans every reference of the factory's graph for rows that point at no row of their target, with the
     * defaults of {@link IntegrityScan}; {@code IntegrityScan.of(sessionFactory)} sets samples, chunks and the
     * references to scan.
     *
     * @param sessionFactory an open SessionFactory
     * @return the findings, reference by reference
     * @throws org.safemerge.MergeException with {@code DATABASE_ERROR} if a table cannot be read
     */
    public static IntegrityReport integrityScan(SessionFactory sessionFactory) {
        return IntegrityScan.of(sessionFactory).run();
    }
}
