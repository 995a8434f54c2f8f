package org.safemerge.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The README's Spring Boot service, on Spring Boot's own Hibernate: merges through the injected EntityManager join
 * Spring's transaction, a rollback of that transaction undoes the merge, the survivor can be edited right after the
 * merge in the same transaction, and the audit trail says what happened. Every assertion reads the real tables.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class CustomerMergeServiceTest {

    /** Records the audit events of every merge (next to the application's SLF4J listener). */
    static final class RecordingAudit implements AuditListener {
        final List<AuditEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(AuditEvent event) {
            events.add(event);
        }

        <E extends AuditEvent> List<E> of(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        AuditEvent last() {
            return events.get(events.size() - 1);
        }
    }

    @TestConfiguration
    static class RecordingAuditConfiguration {
        @Bean
        RecordingAudit recordingAudit() {
            return new RecordingAudit();
        }
    }

    @Autowired
    CustomerMergeService service;
    @Autowired
    CustomerRepository customers;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    RecordingAudit audit;
    @PersistenceContext
    EntityManager entityManager;

    /**
     * Customers 1 and 2 are the same person (2 signed up again with an e-mail address); 3 is someone else. Tag 1
     * (vip) is on 1 and 2, tag 2 (newsletter) on 2 and 3. Orders: 10 of customer 1, 11 and 12 of 2, 13 of 3.
     */
    @BeforeEach
    void seed() {
        jdbc.execute("delete from shop_order");
        jdbc.execute("delete from shop_customer_tag");
        jdbc.execute("delete from shop_customer");
        jdbc.execute("delete from shop_tag");
        jdbc.update("insert into shop_customer (id, name, email, version) values (1, 'Ada Lovelace', null, 0), "
                + "(2, 'Ada Lovelace', 'ada@example.org', 0), (3, 'Grace Hopper', 'grace@example.org', 0)");
        jdbc.update("insert into shop_tag (id, name) values (1, 'vip'), (2, 'newsletter')");
        jdbc.update("insert into shop_customer_tag (customer_id, tag_id) values (1, 1), (2, 1), (2, 2), (3, 2)");
        jdbc.update("insert into shop_order (id, item, customer_id) values (10, 'book', 1), (11, 'pen', 2), "
                + "(12, 'ink', 2), (13, 'lamp', 3)");
        audit.events.clear();
    }

    /** Every row of every table of the example, as text. */
    private List<String> dump() {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("shop_customer", "shop_tag", "shop_customer_tag", "shop_order")) {
            for (Map<String, Object> row : jdbc.queryForList("select * from " + table)) {
                rows.add(table + " " + row);
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void previewThenMerge_movesOrdersAndTagsToTheSurvivor_andKeepsTheSharedTags() {
        List<String> before = dump();

        MergeReport preview = service.preview(1L, 2L);

        assertThat(dump()).as("a preview writes nothing").isEqualTo(before);
        assertThat(preview.toText()).contains("re-point 2 rows of shop_order from 2 to 1 [11, 12]");
        assertThat(audit.events).as("a preview is not audited").isEmpty();

        service.merge(1L, 2L, preview.fingerprint());

        assertThat(jdbc.queryForList("select id, customer_id from shop_order order by id"))
                .extracting(r -> List.of(r.get("ID"), r.get("CUSTOMER_ID")))
                .containsExactly(List.of(10L, 1L), List.of(11L, 1L), List.of(12L, 1L), List.of(13L, 3L));
        assertThat(jdbc.queryForList("select tag_id from shop_customer_tag where customer_id = 1 order by tag_id",
                Long.class)).containsExactly(1L, 2L);
        assertThat(jdbc.queryForList("select id from shop_tag order by id", Long.class))
                .as("tags are never deleted").containsExactly(1L, 2L);
        assertThat(jdbc.queryForMap("select email, version from shop_customer where id = 1"))
                .containsEntry("EMAIL", "ada@example.org").containsEntry("VERSION", 1L);
        assertThat(jdbc.queryForList("select id from shop_customer order by id", Long.class))
                .containsExactly(1L, 3L);
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
    }

    @Test
    void dataChangedAfterThePreview_mergeIsRefused_andNothingChanges() {
        MergeReport preview = service.preview(1L, 2L);
        jdbc.update("insert into shop_order (id, item, customer_id) values (14, 'paper', 2)");
        List<String> before = dump();

        assertThatThrownBy(() -> service.merge(1L, 2L, preview.fingerprint()))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.PLAN_STALE));

        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void laterFailureInTheSameTransaction_undoesTheMerge_andTheAuditSaysRolledBack() {
        List<String> before = dump();
        String fingerprint = service.preview(1L, 2L).fingerprint();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            service.merge(1L, 2L, fingerprint);
            assertThat(audit.of(AuditEvent.MergeCommitted.class)).as("not before Spring commits").isEmpty();
            throw new IllegalStateException("the payment service is down");
        })).hasMessage("the payment service is down");

        assertThat(dump()).as("every row as before the merge").isEqualTo(before);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).isNotEmpty();
        assertThat(audit.last()).isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                rolledBack -> assertThat(rolledBack.errorCode()).as("SafeMerge did not fail; Spring rolled back")
                        .isNull());
        assertThat(audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    @Test
    void survivorLoadedBeforeTheMerge_attributeWritten_isEditedAndSavedInTheSameTransaction() {
        // 1 has no e-mail address: firstNonNull writes 2's
        mergeAndRenameSavesVersion2(1L, 2L);
    }

    @Test
    void survivorLoadedBeforeTheMerge_noAttributeWritten_isEditedAndSavedInTheSameTransaction() {
        // 2 keeps its own e-mail address: only links and orders move, and the version is bumped on its own
        mergeAndRenameSavesVersion2(2L, 1L);
        assertThat(jdbc.queryForList("select id from shop_order where customer_id = 2 order by id", Long.class))
                .containsExactly(10L, 11L, 12L);
    }

    /** The survivor, loaded before the merge and renamed after it in one transaction: saved, at version 2. */
    private void mergeAndRenameSavesVersion2(long survivorId, long duplicateId) {
        Customer saved = service.mergeAndRename(survivorId, duplicateId, "Ada King");

        assertThat(jdbc.queryForMap("select name, email, version from shop_customer where id = ?", survivorId))
                .containsEntry("NAME", "Ada King").containsEntry("EMAIL", "ada@example.org")
                .containsEntry("VERSION", 2L);
        assertThat(saved.getVersion()).isEqualTo(2L);
    }

    @Test
    void survivorLoadedAfterTheMerge_isEditedAndSavedInTheSameTransaction() {
        for (long[] merge : new long[][] {{1L, 2L}, {3L, 1L}}) { // with an attribute written, then without
            String fingerprint = service.preview(merge[0], merge[1]).fingerprint();

            Long version = transaction.execute(status -> {
                service.merge(merge[0], merge[1], fingerprint);
                Customer survivor = customers.findById(merge[0]).orElseThrow();
                survivor.setName(survivor.getName() + " (merged)");
                customers.saveAndFlush(survivor);
                return survivor.getVersion();
            });

            assertThat(version).isEqualTo(2L);
            assertThat(jdbc.queryForMap("select name, version from shop_customer where id = ?", merge[0]))
                    .containsEntry("VERSION", 2L).extractingByKey("NAME").asString().endsWith(" (merged)");
        }
    }

    @Test
    void auditTrail_namesEveryChange_andTheLogLineSaysWhatHappened(CapturedOutput output) {
        MergeReport done = service.merge(1L, 2L, service.preview(1L, 2L).fingerprint());

        assertThat(audit.events).extracting(e -> e.getClass().getSimpleName()).startsWith("MergeStarted")
                .contains("ReferencesRepointed", "EntityDeleted").endsWith("MergeCommitted");
        assertThat(audit.events).extracting(AuditEvent::mergeId).containsOnly(done.mergeId());
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement().satisfies(repointed -> {
            assertThat(repointed.table()).isEqualTo("shop_order");
            assertThat(repointed.rowIds()).containsExactly(11L, 12L);
        });
        // Spring Boot's default console layout shows the message only: it says what happened
        assertThat(output.getOut()).contains("merge " + done.mergeId()
                + " re-pointed 2 rows of shop_order(customer_id) from 2 to 1 [11, 12]");
    }

    @Test
    void executeOutsideATransaction_isRefusedWithWhatToDo_whileADryRunReads() {
        List<String> before = dump();
        var plan = HibernateMerge.of(entityManager).plan(Customer.class).survivor(1L).duplicates(2L).build();

        assertThat(plan.dryRun().steps()).isNotEmpty();
        assertThatThrownBy(plan::execute).isInstanceOfSatisfying(MergeException.class, e -> {
            assertThat(e.code()).isEqualTo(MergeErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("@Transactional");
        });
        assertThat(dump()).isEqualTo(before);
    }
}
