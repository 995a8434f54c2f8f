package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.UndoMergeTest.snapshot;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.Sensitive;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.journal.MergeJournal;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;

/**
 * Undo of a record with a sensitive attribute: refused by a journal that redacts sensitive values (the default),
 * done by one built with {@code recordSensitiveValues(true)}, while the listeners still see the values redacted.
 */
class UndoSensitiveMergeTest {
    @Entity(name = "UsCustomer")
    @Table(name = "us_customer")
    static class Customer {
        @Id
        Long id;
        String name;
        @Sensitive
        String email;
        @Version
        Long version;
    }

    @Entity(name = "UsOrder")
    @Table(name = "us_order")
    static class Order {
        @Id
        Long id;
        @ManyToOne(optional = false)
        Customer customer;
    }

    private static SessionFactory seeded(TestDatabase db, MergeJournal journal) {
        SessionFactory factory = db.sessionFactory(Customer.class, Order.class);
        journal.dropSchema(factory);
        journal.createSchema(factory);
        db.execute("insert into us_customer (id, name, email, version) values (1, 'Ann Lee', 'ann@a.example', 0), "
                + "(2, 'Ann  Lee', 'ann@b.example', 0)",
                "insert into us_order (id, customer_id) values (10, 1), (11, 2), (12, 2)");
        return factory;
    }

    private static String merge(HibernateMerge merge, AuditTrail audit) {
        return merge.plan(Customer.class).survivor(1L).duplicates(2L).field("email", FieldStrategy.takeB())
                .audit(audit).build().execute().mergeId();
    }

    @MatrixTest
    void aJournalThatRedacts_refusesTheUndo_namingTheSensitiveValue_andWritesNothing(TestDatabase db) {
        MergeJournal journal = MergeJournal.builder().build();
        SessionFactory factory = seeded(db, journal);
        HibernateMerge journalled = HibernateMerge.of(factory).withJournal(journal);
        String mergeId = merge(journalled, new AuditTrail());
        Map<String, List<List<String>>> merged = snapshot(db);

        assertThatThrownBy(() -> journalled.undo(mergeId).dryRun()).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNDO_NOT_POSSIBLE))
                .hasMessageContaining("redacted");
        assertThatThrownBy(() -> journalled.undo(mergeId).execute()).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNDO_NOT_POSSIBLE));
        assertThat(snapshot(db)).isEqualTo(merged);
        assertThat(db.queryRows("select count(*) from safemerge_change where after_value like '%ann@b%'"))
                .containsExactly(List.of(0L));
    }

    @MatrixTest
    void aJournalRecordingSensitiveValues_undoesTheMerge_whileListenersStillSeeThemRedacted(TestDatabase db) {
        MergeJournal journal = MergeJournal.builder().recordSensitiveValues(true).build();
        SessionFactory factory = seeded(db, journal);
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge journalled = HibernateMerge.of(factory).withJournal(journal);
        AuditTrail audit = new AuditTrail();
        String mergeId = merge(journalled, audit);
        assertThat(db.queryRows("select email from us_customer")).containsExactly(List.of("ann@b.example"));

        assertThat(audit.of(AuditEvent.AttributeSet.class)).singleElement()
                .satisfies(e -> assertThat(e.after()).isEqualTo(Sensitive.REDACTED));
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.lastState().get("email")).isEqualTo(Sensitive.REDACTED));

        assertThat(journalled.undo(mergeId).dryRun().conflicts()).isEmpty();
        journalled.undo(mergeId).execute();
        assertThat(snapshot(db)).isEqualTo(before);
    }
}
