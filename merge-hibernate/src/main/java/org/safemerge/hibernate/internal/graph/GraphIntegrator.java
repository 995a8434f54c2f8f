package org.safemerge.hibernate.internal.graph;

import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered through {@code META-INF/services}, so adding the dependency is enough: keeps the boot-model facts the
 * runtime model lacks (the boot model is gone once the factory is built; the runtime model does not exist yet when
 * this runs, so the graph itself is built lazily) and drops the factory's graph when it closes. Never breaks the
 * host's factory: any failure (a {@code LinkageError} from a Hibernate outside the range included) is reported to
 * {@link HibernateSupport}, which logs it once; merges on the factory then fail with UNSUPPORTED_HIBERNATE_VERSION.
 * Switched off by {@value HibernateSupport#INTEGRATORS_ENABLED}{@code =false}.
 */
public final class GraphIntegrator implements Integrator {
    private static final Logger log = LoggerFactory.getLogger(GraphIntegrator.class);

    private final HibernateCompat compat;

    /** The ServiceLoader's constructor: the adapter of the running Hibernate. */
    public GraphIntegrator() {
        this(null);
    }

    /** With a given adapter (tests simulate a Hibernate whose API moved); null: the running Hibernate's. */
    public GraphIntegrator(HibernateCompat compat) {
        this.compat = compat;
    }

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        try {
            if (HibernateSupport.integratorsEnabled(sessionFactory)) {
                register(metadata, sessionFactory, compat != null ? compat : HibernateSupport.compat());
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            HibernateSupport.integratorFailed("GraphIntegrator", sessionFactory, e);
        }
    }

    private static void register(Metadata metadata, SessionFactoryImplementor sessionFactory,
            HibernateCompat compat) {
        BootFacts boot;
        try {
            boot = BootFacts.of(metadata, compat);
        } catch (RuntimeException e) {
            // a mapping this reader does not understand: the catalog supplies the same facts from the database
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

    /** Declared for Hibernate 6.6, where it is abstract; the observer above does the cleanup. */
    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
        // nothing to undo
    }
}
