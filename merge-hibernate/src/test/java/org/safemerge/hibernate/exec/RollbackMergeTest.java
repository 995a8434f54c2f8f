package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.safemerge.MergeErrorCode;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditListener;

/**
 * All or nothing: a merge that fails part-way (an audit sink that goes down, a row the database refuses) leaves
 * every row of every table as it was, and the audit trail ends with the rolled-back event that says why.
 */
class RollbackMergeTest {

    /** Started, then re-pointed pt_coaching, pt_contact, pt_event: the sink fails on the third change. */
    private static final int FAIL_ON_EVENT = 4;

    /** Refuses re-pointing row 203 ('pt_word 3', the last table the plan changes) to the survivor. */
    private static void rejectLastUpdate(TestDatabase db) {
        db.execute("alter table pt_word add constraint pt_word_guard check (partner_id <> 1 or text <> 'pt_word 3')");
    }

    @MatrixTest
    void auditSinkFailingMidMerge_inItsOwnTransaction_leavesTheDatabaseExactlyAsBefore(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        AuditTrail audit = new AuditTrail();

        failsAndChangesNothing(db, factory, false, MergeErrorCode.AUDIT_FAILED, audit,
                AuditTrail.failingOn(FAIL_ON_EVENT));
    }

    @MatrixTest
    void databaseRefusingOneUpdate_inItsOwnTransaction_leavesTheDatabaseExactlyAsBefore(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        rejectLastUpdate(db);
        AuditTrail audit = new AuditTrail();

        failsAndChangesNothing(db, factory, false, MergeErrorCode.DATABASE_ERROR, audit);
        // The refused 8th UPDATE is announced by the locking SELECT before it runs, except where the ids come from
        // the UPDATE itself (PostgreSQL RETURNING, H2 FINAL TABLE) and a refused statement reports none.
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).hasSize(db.returningDialect() ? 7 : 8);
    }

    @MatrixTest
    void anErrorFromAListenerMidMerge_isAuditFailed_andRolledBack_soNoLaterCommitCarriesHalfAMerge(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        int[] events = {0};
        AuditListener crashes = event -> {
            if (++events[0] == FAIL_ON_EVENT) {
                throw new AssertionError("a bug in an audit listener");
            }
        };

        assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                .audit(audit, crashes).build().execute())
                .satisfies(code(MergeErrorCode.AUDIT_FAILED)).hasCauseInstanceOf(AssertionError.class)
                .hasMessageContaining("a bug in an audit listener");
        // whichever pooled connection the merge used, the next transactions on it commit nothing of the merge
        for (int i = 0; i < 10; i++) {
            factory.inTransaction(s -> s.createNativeQuery("select count(*) from pt_partner", Object.class)
                    .getSingleResult());
        }

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("AUDIT_FAILED");
    }

    @MatrixTest
    void auditSinkFailingMidMerge_inTheCallersTransaction_rollsItBack(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);

        failsAndChangesNothing(db, factory, true, MergeErrorCode.AUDIT_FAILED, new AuditTrail(),
                AuditTrail.failingOn(FAIL_ON_EVENT));
    }

    @MatrixTest
    void databaseRefusingOneUpdate_inTheCallersTransaction_rollsItBack(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        rejectLastUpdate(db);

        failsAndChangesNothing(db, factory, true, MergeErrorCode.DATABASE_ERROR, new AuditTrail());
    }

    /**
     * Runs the merge A <- B, which must fail with {@code expected} after it changed rows, and proves that every row
     * of every table is as before and that the audit trail ends rolled back. In the caller's transaction, the caller
     * has changed a row of its own first; the failed merge marks the transaction rollback-only, and the caller's
     * commit then rolls everything back, its own change included.
     */
    private static void failsAndChangesNothing(TestDatabase db, SessionFactory factory, boolean inCallersTransaction,
            MergeErrorCode expected, AuditTrail audit, AuditListener... moreListeners) {
        TableDump before = TableDump.of(db);
        AuditListener[] listeners = new AuditListener[moreListeners.length + 1];
        listeners[0] = audit;
        System.arraycopy(moreListeners, 0, listeners, 1, moreListeners.length);
        if (inCallersTransaction) {
            try (Session session = factory.openSession()) {
                Transaction tx = session.beginTransaction();
                session.find(Partner.class, Partners.C).name = "changed by the caller";
                session.flush();
                assertThatThrownBy(() -> HibernateMerge.of(session).plan(Partner.class).survivor(A).duplicates(B)
                        .audit(listeners).build().execute())
                        .satisfies(code(expected));
                assertThat(tx.getRollbackOnly()).as("the caller's transaction is marked rollback-only").isTrue();
                assertThat(audit.of(AuditEvent.MergeRolledBack.class))
                        .as("rolled back is told when the caller's transaction really ends, not before").isEmpty();
                tx.commit(); // rolls back: it is rollback-only
                assertThat(tx.isActive()).isFalse();
            }
        } else {
            assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                    .audit(listeners).build().execute())
                    .satisfies(code(expected));
        }
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).as("changes made before the failure")
                .isNotEmpty();
        assertThat(audit.rolledBackWith()).isEqualTo(expected.name());
        assertThat(audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }
}
