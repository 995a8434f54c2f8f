package org.safemerge.hibernate.internal.exec;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;

/** Installs the {@link DeleteFirewall} in every SessionFactory (ServiceLoader-registered: users add nothing). */
public final class FirewallIntegrator implements Integrator {
    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        DeleteFirewall firewall = new DeleteFirewall();
        EventListenerRegistry registry = sessionFactory.getEventListenerRegistry();
        // Prepended so the check runs before Hibernate cascades anything.
        registry.prependListeners(EventType.DELETE, firewall);
        registry.prependListeners(EventType.PRE_DELETE, firewall);
    }
}
