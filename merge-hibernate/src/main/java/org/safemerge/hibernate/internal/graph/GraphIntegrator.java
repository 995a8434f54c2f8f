package org.safemerge.hibernate.internal.graph;

import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered through {@code META-INF/services}, so adding the dependency is enough: keeps the boot-model facts the
 * runtime model lacks (the boot model is gone once the factory is built; the runtime model does not exist yet when
 * this runs, so the graph itself is built lazily) and drops the factory's graph when it closes.
 */
public final class GraphIntegrator implements Integrator {
    private static final Logger log = LoggerFactory.getLogger(GraphIntegrator.class);

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        BootFacts boot;
        try {
            boot = BootFacts.of(metadata);
        } catch (RuntimeException e) {
            // never break the application's factory: the catalog supplies the same facts from the database
            log.warn("could not read @OnDelete and unique constraints from the boot model; the association graph "
                    + "relies on the database catalog for them", e);
            boot = BootFacts.NONE;
        }
        GraphCache.register(sessionFactory, boot);
        sessionFactory.addObserver(new SessionFactoryObserver() {
            private static final long serialVersionUID = 1L;

            @Override
            public void sessionFactoryClosed(SessionFactory factory) {
                GraphCache.evict(factory);
            }
        });
    }
}
