package org.safemerge.hibernate.journal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;

/** Customers with tickets (nullable FK), merged with a journal, for the history queries. */
final class HistoryFixture {
    static final MergeJournal JOURNAL = MergeJournal.builder().tablePrefix("hs_journal_")
            .principal(() -> "alice").build();

    private HistoryFixture() {
    }

    @Entity(name = "Customer")
    @Table(name = "hs_customer")
    static class Customer {
        @Id
        Long id;
        String name;
        @Version
        Long version;
    }

    @Entity(name = "Ticket")
    @Table(name = "hs_ticket")
    static class Ticket {
        @Id
        Long id;
        String title;
        @ManyToOne
        Customer customer;
    }

    /** Customers 1..5, two tickets each (ids 10c+1, 10c+2), an empty journal. */
    static SessionFactory seeded(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Customer.class, Ticket.class);
        reset(db, factory);
        return factory;
    }

    static void reset(TestDatabase db, SessionFactory factory) {
        JOURNAL.dropSchema(factory);
        JOURNAL.createSchema(factory);
        db.execute("delete from hs_ticket", "delete from hs_customer");
        for (int c = 1; c <= 5; c++) {
            db.execute("insert into hs_customer (id, name, version) values (" + c + ", 'Customer " + c + "', 0)",
                    "insert into hs_ticket (id, title, customer_id) values (" + (10 * c + 1) + ", 't', " + c + ")",
                    "insert into hs_ticket (id, title, customer_id) values (" + (10 * c + 2) + ", 't', " + c + ")");
        }
    }

    /** Merges {@code duplicate} into {@code survivor} with the journal; the merge id. */
    static String merge(SessionFactory factory, long survivor, long duplicate) {
        MergeReport report = HibernateMerge.of(factory).withJournal(JOURNAL).plan(Customer.class)
                .survivor(survivor).duplicates(duplicate).build().execute();
        return report.mergeId();
    }

    static MergeHistory history(SessionFactory factory) {
        return MergeHistory.of(factory, JOURNAL);
    }
}
