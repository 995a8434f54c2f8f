package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.arjuna.ats.jdbc.TransactionalDriver;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.transaction.jta.platform.internal.AbstractJtaPlatform;
import org.junit.jupiter.api.AfterEach;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;

/**
 * Merging in a JTA transaction of a real transaction manager (Narayana, standalone), as in a Jakarta EE server:
 * Hibernate with the JTA transaction coordinator and Narayana's platform, its connections enlisted in the JTA
 * transaction through Narayana's transactional JDBC driver over H2's XADataSource. The merge joins the JTA
 * transaction (also when the session was opened before it began): its commit commits the merge, its rollback undoes
 * it, and the audit trail ends when it really ends.
 * Without a JTA transaction a plain session merges in a transaction of its own (begun through the transaction
 * manager).
 */
class JtaTransactionMergeTest {
    private static final TransactionManager TM = com.arjuna.ats.jta.TransactionManager.transactionManager();

    @AfterEach
    void noTransactionLeftOnThisThread() throws Exception {
        if (TM.getStatus() != Status.STATUS_NO_TRANSACTION) {
            TM.rollback();
        }
    }

    /** The workshop seed in a factory whose sessions take part in JTA transactions. */
    private static SessionFactory seed(TestDatabase db) {
        return Workshop.seed(db, settings -> {
            settings.remove(AvailableSettings.JAKARTA_JDBC_URL);
            settings.remove(AvailableSettings.JAKARTA_JDBC_USER);
            settings.remove(AvailableSettings.JAKARTA_JDBC_PASSWORD);
            settings.remove(AvailableSettings.POOL_SIZE);
            settings.put(AvailableSettings.JAKARTA_JTA_DATASOURCE, new EnlistingDataSource(db));
            settings.put(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jta");
            settings.put(AvailableSettings.JTA_PLATFORM, new Narayana());
        });
    }

    private static MergePlan<Event> plan(HibernateMerge merge, AuditTrail audit) {
        return merge.plan(Event.class).survivor(10L).duplicates(11L).field("tags", FieldStrategy.takeB())
                .audit(audit).build();
    }

    @MatrixTest(only = Database.H2)
    void inAJtaTransaction_mergesAndCommitsWithIt(TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        UserTransaction ut = com.arjuna.ats.jta.UserTransaction.userTransaction();

        ut.begin();
        EntityManagerFactory jpa = factory; // Hibernate 6.6's SessionFactory returns no Session here
        try (EntityManager em = jpa.createEntityManager()) {
            MergeReport done = plan(HibernateMerge.of(em), audit).execute();

            assertThat(done.expectedRowsTotal()).isPositive();
            assertThat(ut.getStatus()).as("the JTA transaction is still open").isEqualTo(Status.STATUS_ACTIVE);
            assertThat(audit.of(AuditEvent.MergeCommitted.class)).as("committed only with the JTA commit").isEmpty();
            assertThat(em.find(Event.class, 11L)).isNull();
            ut.commit();
        }

        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        assertThat(db.queryRows("select tag_id from ws_event_tag where event_id = 10 order by tag_id"))
                .containsExactly(List.of(2L), List.of(3L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
    }

    @MatrixTest(only = Database.H2)
    void sessionOpenedBeforeTheJtaTransaction_joinsItAtTheMerge(TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        UserTransaction ut = com.arjuna.ats.jta.UserTransaction.userTransaction();

        try (Session session = factory.openSession()) {
            ut.begin();
            plan(HibernateMerge.of(session), audit).execute();

            assertThat(audit.of(AuditEvent.MergeCommitted.class)).as("committed only with the JTA commit").isEmpty();
            ut.commit();
        }

        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
    }

    @MatrixTest(only = Database.H2)
    void jtaTransactionRolledBackAfterTheMerge_undoesIt_andTheAuditSaysRolledBack(TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();
        TableDump before = TableDump.of(db);
        UserTransaction ut = com.arjuna.ats.jta.UserTransaction.userTransaction();

        ut.begin();
        try (Session session = factory.openSession()) {
            plan(HibernateMerge.of(session), audit).execute();
            session.find(Event.class, 12L).title = "changed after the merge";
            session.flush();
            ut.rollback();
        }

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeStarted.class)).hasSize(1);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).isNotEmpty();
        assertThat(audit.last()).as("the merge's rows went with the rollback").isInstanceOf(
                AuditEvent.MergeRolledBack.class);
        assertThat(audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    @MatrixTest(only = Database.H2)
    void noJtaTransaction_aPlainSessionMergesInATransactionOfItsOwn(TestDatabase db) throws Exception {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        try (Session session = factory.openSession()) {
            plan(HibernateMerge.of(session), audit).execute();
        }

        assertThat(TM.getStatus()).as("the merge's own transaction ended").isEqualTo(Status.STATUS_NO_TRANSACTION);
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
    }

    /** Narayana's standalone transaction manager, for Hibernate (6.6 has no NarayanaJtaPlatform of its own). */
    private static final class Narayana extends AbstractJtaPlatform {
        @Override
        protected TransactionManager locateTransactionManager() {
            return com.arjuna.ats.jta.TransactionManager.transactionManager();
        }

        @Override
        protected UserTransaction locateUserTransaction() {
            return com.arjuna.ats.jta.UserTransaction.userTransaction();
        }
    }

    /**
     * Connections that take part in the thread's JTA transaction: Narayana's transactional driver over H2's
     * XADataSource (an application server's JTA data source does the same).
     */
    private static final class EnlistingDataSource implements DataSource {
        private final TransactionalDriver driver = new TransactionalDriver();
        private final Properties properties = new Properties();

        EnlistingDataSource(TestDatabase db) {
            JdbcDataSource xa = new JdbcDataSource();
            xa.setURL(db.jdbcUrl());
            xa.setUser(db.user());
            xa.setPassword(db.password());
            properties.put(TransactionalDriver.XADataSource, xa);
            properties.setProperty(TransactionalDriver.userName, db.user());
            properties.setProperty(TransactionalDriver.password, db.password());
        }

        @Override
        public Connection getConnection() throws SQLException {
            return driver.connect(TransactionalDriver.arjunaDriver + "h2", properties);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
