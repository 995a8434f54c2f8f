package org.safemerge.hibernate.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.testing.LogCapture;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Environment;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.exec.DeleteFirewall;
import org.safemerge.hibernate.internal.exec.FirewallIntegrator;
import org.safemerge.hibernate.internal.graph.GraphIntegrator;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * SafeMerge is a guest in the host's SessionFactory: its integrators never break the factory's build. A Hibernate
 * whose API moved (simulated: an adapter that throws the {@code NoSuchMethodError} Spring Boot 3.5 users met) leaves
 * the factory working and makes merges fail with UNSUPPORTED_HIBERNATE_VERSION naming the version found and the
 * supported range; {@code safemerge.integrators.enabled=false} (setting or system property) switches them off and
 * merges still work. Integrator behaviour does not depend on the database, so H2 alone.
 */
class IntegratorFailureTest {
    /** The failing integrator's one warning per JVM (whichever test builds the first failing factory gets it). */
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");


    @Entity(name = "Account")
    @Table(name = "if_account")
    static class Account {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "Invoice")
    @Table(name = "if_invoice")
    static class Invoice {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "account_id")
        Account account;
    }

    /** An adapter whose every call fails the way a missing Hibernate method does. */
    private static HibernateCompat movedApi() {
        return (HibernateCompat) Proxy.newProxyInstance(HibernateCompat.class.getClassLoader(),
                new Class<?>[] {HibernateCompat.class}, (proxy, method, args) -> {
                    throw new NoSuchMethodError("'java.util.Collection org.hibernate.mapping.Table"
                            + ".getForeignKeyCollection()'");
                });
    }

    private static SessionFactory seed(TestDatabase db, Consumer<Map<String, Object>> settings,
            List<Integrator> integrators) {
        SessionFactory factory = db.sessionFactory(settings, integrators, Account.class, Invoice.class);
        db.execute("insert into if_account (id, name) values (1, 'Acme'), (2, 'ACME Inc.')",
                "insert into if_invoice (id, account_id) values (10, 1), (11, 2)");
        return factory;
    }

    private static MergePlan<Account> plan(SessionFactory factory) {
        return HibernateMerge.of(factory).plan(Account.class).survivor(1L).duplicates(2L).build();
    }

    private static boolean firewallInstalled(SessionFactory factory) {
        SessionFactoryImplementor implementor = factory.unwrap(SessionFactoryImplementor.class);
        for (Object listener : HibernateSupport.compat().eventListeners(implementor)
                .getEventListenerGroup(EventType.PRE_DELETE).listeners()) {
            if (listener instanceof DeleteFirewall) {
                return true;
            }
        }
        return false;
    }

    @MatrixTest(only = Database.H2)
    void failingGraphIntegrator_factoryStillBuilds_mergeFailsWithUnsupportedVersion(TestDatabase db) {
        SessionFactory factory = seed(db, s -> { }, List.of(new GraphIntegrator(movedApi())));

        // the host's factory works as if SafeMerge were absent
        String name = factory.fromSession(s -> s.find(Account.class, 1L).name);
        assertThat(name).isEqualTo("Acme");
        assertThatThrownBy(() -> plan(factory)).isInstanceOfSatisfying(MergeException.class, e -> {
            assertThat(e.code()).isEqualTo(MergeErrorCode.UNSUPPORTED_HIBERNATE_VERSION);
            assertThat(e.getMessage()).contains(HibernateSupport.version(), HibernateSupport.SUPPORTED_RANGE,
                    "getForeignKeyCollection");
        });
        assertThat(db.queryLong("select count(*) from if_account")).isEqualTo(2);
    }

    @MatrixTest(only = Database.H2)
    void failingFirewallIntegrator_factoryStillBuilds_mergeFailsWithUnsupportedVersion(TestDatabase db) {
        SessionFactory factory = seed(db, s -> { }, List.of(new FirewallIntegrator(movedApi())));

        Long account = factory.fromSession(s -> s.find(Invoice.class, 10L).account.id);
        assertThat(account).isEqualTo(1L);
        assertThatThrownBy(() -> plan(factory)).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNSUPPORTED_HIBERNATE_VERSION));
    }

    @MatrixTest(only = Database.H2)
    void integratorsOn_installFirewall_andMergeWorks(TestDatabase db) {
        SessionFactory factory = seed(db, s -> { }, List.of());

        assertThat(firewallInstalled(factory)).isTrue();
        MergePlan<Account> plan = plan(factory);
        plan.execute(plan.dryRun());
        assertThat(db.queryLong("select count(*) from if_invoice where account_id = 1")).isEqualTo(2);
    }

    @MatrixTest(only = Database.H2)
    void integratorsSwitchedOffBySetting_noFirewall_mergeStillWorks(TestDatabase db) {
        SessionFactory factory = seed(db, s -> s.put(HibernateSupport.INTEGRATORS_ENABLED, "false"), List.of());

        assertThat(firewallInstalled(factory)).isFalse();
        MergePlan<Account> plan = plan(factory);
        plan.execute(plan.dryRun());
        assertThat(db.queryLong("select count(*) from if_invoice where account_id = 1")).isEqualTo(2);
        assertThat(db.queryLong("select count(*) from if_account")).isEqualTo(1);
    }

    @MatrixTest(only = Database.H2)
    void integratorsSwitchedOffBySystemProperty_noFirewall(TestDatabase db) {
        // Hibernate copies the system properties once, when its Environment class loads: load it first, so that
        // the property does not stay in the settings of every factory this JVM builds later
        Environment.getProperties();
        System.setProperty(HibernateSupport.INTEGRATORS_ENABLED, "false");
        SessionFactory factory;
        try {
            factory = seed(db, s -> { }, List.of());
        } finally {
            System.clearProperty(HibernateSupport.INTEGRATORS_ENABLED);
        }

        assertThat(firewallInstalled(factory)).isFalse();
        MergePlan<Account> plan = plan(factory);
        plan.execute(plan.dryRun());
        assertThat(db.queryLong("select count(*) from if_account")).isEqualTo(1);
    }
}
