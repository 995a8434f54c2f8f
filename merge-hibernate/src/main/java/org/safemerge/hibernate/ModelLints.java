package org.safemerge.hibernate;

import org.hibernate.SessionFactory;
import org.safemerge.lint.LintChecks;
import org.safemerge.lint.ModelLint;

/**
 * The {@link ModelLint} of a SessionFactory: every built-in check over the factory's {@link AssociationGraphs
 * association graph} (mapping and database catalog). For tests that guard the mapping:
 *
 * <pre>{@code
 * ModelLints.of(sessionFactory)
 *         .suppress("unindexed-foreign-key", "audit_entry(event_id)", "append-only table, never merged")
 *         .check()
 *         .assertClean();
 * }</pre>
 */
public final class ModelLints {
    private ModelLints() {
    }

    /**
     * A lint of the factory's graph with every built-in check.
     *
     * @param sessionFactory an open SessionFactory
     * @return the lint; add checks or suppressions, then {@link ModelLint#check()}
     * @throws IllegalStateException if the factory is closed
     * @throws org.safemerge.MergeException with {@code DATABASE_ERROR} if the catalog cannot be read
     */
    public static ModelLint of(SessionFactory sessionFactory) {
        return ModelLint.of(AssociationGraphs.of(sessionFactory));
    }

    /**
     * {@link #of(SessionFactory)} plus the {@code dangling-references} check: an {@link IntegrityScan} of the
     * database (every reference, mapped and catalog-only) runs with the lint and reports rows that point at nothing.
     *
     * @param sessionFactory an open SessionFactory
     * @return the lint; add checks or suppressions, then {@link ModelLint#check()}
     */
    public static ModelLint withIntegrityScan(SessionFactory sessionFactory) {
        HibernateMerge.notNull(sessionFactory, "ModelLints.withIntegrityScan(sessionFactory)", "sessionFactory");
        return of(sessionFactory).with(LintChecks.danglingReferences(() -> IntegrityScan.of(sessionFactory).run()));
    }
}
