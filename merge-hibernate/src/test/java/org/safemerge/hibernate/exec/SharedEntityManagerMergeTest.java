package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;

/**
 * Merging through a container-managed EntityManager: the shared proxy Spring injects, which refuses
 * {@code getTransaction()} and reaches the session of the transaction bound to the calling thread
 * ({@link SharedEntityManager} behaves as Spring's). The merge joins that transaction: its commit commits the merge,
 * its rollback undoes it, and the audit trail ends when the transaction really ends. Without a transaction a dry run
 * reads and {@code execute()} is refused with what to do.
 */
class SharedEntityManagerMergeTest {

    private static MergePlan<Event> plan(HibernateMerge merge, AuditTrail audit) {
        return merge.plan(Event.class).survivor(10L).duplicates(11L).field("tags", FieldStrategy.takeB())
                .audit(audit).build();
    }

    @MatrixTest
    void inTheContainersTransaction_mergesAndCommitsWithIt(TestDatabase db) {
        SharedEntityManager container = new SharedEntityManager(Workshop.seed(db));
        EntityManager em = container.entityManager();
        AuditTrail audit = new AuditTrail();

        container.inTransaction(tx -> {
            MergeReport done = plan(HibernateMerge.of(em), audit).execute();

            assertThat(done.expectedRowsTotal()).isPositive();
            assertThat(tx.isActive()).as("the container's transaction is still open").isTrue();
            assertThat(audit.of(AuditEvent.MergeCommitted.class)).as("committed only with the container's commit")
                    .isEmpty();
            assertThat(em.find(Event.class, 11L)).isNull();
        });

        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        assertThat(db.queryRows("select tag_id from ws_event_tag where event_id = 10 order by tag_id"))
                .containsExactly(List.of(2L), List.of(3L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
    }

    @MatrixTest
    void containersTransactionRolledBackAfterTheMerge_undoesIt_andTheAuditSaysRolledBack(TestDatabase db) {
        SharedEntityManager container = new SharedEntityManager(Workshop.seed(db));
        EntityManager em = container.entityManager();
        AuditTrail audit = new AuditTrail();
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> container.inTransaction(tx -> {
            plan(HibernateMerge.of(em), audit).execute();
            em.find(Event.class, 12L).title = "changed after the merge";
            throw new IllegalStateException("a later step of the same transaction fails");
        })).hasMessage("a later step of the same transaction fails");

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeStarted.class)).hasSize(1);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).isNotEmpty();
        assertThat(audit.last()).as("the merge's rows went with the rollback").isInstanceOf(
                AuditEvent.MergeRolledBack.class);
        assertThat(audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    @MatrixTest
    void boundOnceOutsideATransaction_mergesInTheSessionOfEachTransaction(TestDatabase db) {
        SharedEntityManager container = new SharedEntityManager(Workshop.seed(db));
        // as a bean keeps it: made once, outside any transaction
        HibernateMerge merge = HibernateMerge.of(container.entityManager());
        AuditTrail audit = new AuditTrail();

        container.inTransaction(tx -> merge.plan(Event.class).survivor(10L).duplicates(11L).audit(audit).build()
                .execute());
        container.inTransaction(tx -> merge.plan(Event.class).survivor(10L).duplicates(12L).audit(audit).build()
                .execute());

        assertThat(audit.of(AuditEvent.MergeCommitted.class)).hasSize(2);
        assertThat(db.queryRows("select id from ws_event order by id")).containsExactly(List.of(10L));
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
    }

    @MatrixTest
    void outsideATransaction_dryRunReads_andExecuteIsRefusedWithWhatToDo(TestDatabase db) {
        HibernateMerge merge = HibernateMerge.of(new SharedEntityManager(Workshop.seed(db)).entityManager());
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        MergePlan<Event> plan = plan(merge, audit);

        MergeReport preview = plan.dryRun();

        assertThat(preview.steps()).isNotEmpty();
        assertThatThrownBy(plan::execute).satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("@Transactional").hasMessageContaining("HibernateMerge.of(entityManagerFactory)");
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeStarted.class)).as("nothing started").isEmpty();
    }

    @MatrixTest
    void failedMergeInTheContainersTransaction_marksItRollbackOnly_soItsCommitRollsBack(TestDatabase db) {
        SharedEntityManager container = new SharedEntityManager(Workshop.seed(db));
        EntityManager em = container.entityManager();
        AuditTrail audit = new AuditTrail();
        TableDump before = TableDump.of(db);

        container.inTransaction(tx -> {
            em.find(Event.class, 12L).title = "changed by the caller";
            em.flush();
            assertThatThrownBy(() -> merge(em, audit, AuditTrail.failingOn(3)))
                    .satisfies(code(MergeErrorCode.AUDIT_FAILED));
            assertThat(tx.getRollbackOnly()).isTrue();
        });

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("AUDIT_FAILED");
    }

    private static void merge(EntityManager em, AuditTrail audit, org.safemerge.spi.AuditListener more) {
        HibernateMerge.of(em).plan(Event.class).survivor(10L).duplicates(11L).audit(audit, more).build().execute();
    }

    @MatrixTest
    void survivorReadThroughTheSharedEntityManager_isEditedAndSavedAfterTheMerge(TestDatabase db) {
        SharedEntityManager container = new SharedEntityManager(Workshop.seed(db));
        EntityManager em = container.entityManager();
        Long[] version = new Long[1];

        container.inTransaction(tx -> {
            Event survivor = em.find(Event.class, 10L);
            HibernateMerge.of(em).plan(Event.class).survivor(10L).duplicates(11L).build().execute();
            survivor.title = "edited after the merge";
            em.flush();
            version[0] = survivor.version;
        });

        assertThat(db.queryRows("select title, version from ws_event where id = 10"))
                .containsExactly(List.of("edited after the merge", version[0]));
    }
}
