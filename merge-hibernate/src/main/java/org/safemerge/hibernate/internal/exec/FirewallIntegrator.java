package org.safemerge.hibernate.internal.exec;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.compat.HibernateSupport;

/**
 * Installs the {@link DeleteFirewall} in every SessionFactory (ServiceLoader-registered: users add nothing). Like
 * every SafeMerge integrator it never breaks the host's factory: a failure is reported to {@link HibernateSupport}
 * (merges on the factory then fail with UNSUPPORTED_HIBERNATE_VERSION). Switched off by
 * {@value HibernateSupport#INTEGRATORS_ENABLED}{@code =false}: merges then run without the firewall.
 */
public final class FirewallIntegrator implements Integrator {
    private final HibernateCompat compat;

    /** The ServiceLoader's constructor: the adapter of the running Hibernate. */
    public FirewallIntegrator() {
        this(null);
    }

    /** With a given adapter (tests simulate a Hibernate whose API moved); null: the running Hibernate's. */
    public FirewallIntegrator(HibernateCompat compat) {
        this.compat = compat;
    }

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        try {
            if (HibernateSupport.integratorsEnabled(sessionFactory)) {
                install(sessionFactory, compat != null ? compat : HibernateSupport.compat());
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            HibernateSupport.integratorFailed("FirewallIntegrator", sessionFactory, e);
        }
    }

    private static void install(SessionFactoryImplementor sessionFactory, HibernateCompat compat) {
        DeleteFirewall firewall = new DeleteFirewall();
        EventListenerRegistry registry = compat.eventListeners(sessionFactory);
        // Prepended so the check runs before Hibernate cascades anything.
        registry.prependListeners(EventType.DELETE, firewall);
        registry.prependListeners(EventType.PRE_DELETE, firewall);
    }

    /** Declared for Hibernate 6.6, where it is abstract; the listeners go with the factory. */
    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
        // nothing to undo
    }
}
