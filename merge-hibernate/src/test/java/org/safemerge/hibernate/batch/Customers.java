package org.safemerge.hibernate.batch;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * The batch domain: a customer with every shape a batch re-points set-based. A nullable FK (tickets), a NOT NULL FK
 * (orders, also mapped as a collection), a many-to-many join table (labels), an element collection (emails), an
 * ordered many-to-many list (pins, {@code @OrderColumn}), a unique one-to-one (card), a nullable FK merged with
 * {@code unassign()} (visits), and a self reference (parent). The {@code @Cache} annotations only matter in a factory
 * built with {@link #cachedFactory}.
 */
final class Customers {
    private Customers() {
    }

    static final Class<?>[] ENTITIES = {Customer.class, Label.class, Order.class, Ticket.class, Card.class,
        Visit.class};

    /** Every table, for dumps and counts. */
    static final List<String> TABLES = List.of("bm_customer", "bm_label", "bm_customer_label", "bm_customer_email",
            "bm_customer_pin", "bm_order", "bm_ticket", "bm_card", "bm_visit");

    static final String LABELS = Customer.class.getName() + ".labels";
    static final String EMAILS = Customer.class.getName() + ".emails";
    static final String PINS = Customer.class.getName() + ".pins";
    static final String ORDERS = Customer.class.getName() + ".orders";

    @Entity(name = "BmCustomer")
    @Table(name = "bm_customer")
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Customer")
    static class Customer {
        @Id
        Long id;
        String name;
        String phone;
        @Version
        Long version;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "parent_id")
        Customer parent;
        @ManyToMany
        @JoinTable(name = "bm_customer_label", joinColumns = @JoinColumn(name = "customer_id"),
                inverseJoinColumns = @JoinColumn(name = "label_id"))
        @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Customer.labels")
        Set<Label> labels = new HashSet<>();
        @ElementCollection
        @CollectionTable(name = "bm_customer_email", joinColumns = @JoinColumn(name = "customer_id"))
        @Column(name = "email", nullable = false)
        @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Customer.emails")
        Set<String> emails = new HashSet<>();
        @ManyToMany
        @JoinTable(name = "bm_customer_pin", joinColumns = @JoinColumn(name = "customer_id"),
                inverseJoinColumns = @JoinColumn(name = "label_id"))
        @OrderColumn(name = "position")
        @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Customer.pins")
        List<Label> pins = new ArrayList<>();
        @OneToOne(mappedBy = "customer", fetch = FetchType.LAZY)
        Card card;
        @OneToMany(mappedBy = "customer")
        @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Customer.orders")
        Set<Order> orders = new HashSet<>();
    }

    @Entity(name = "BmLabel")
    @Table(name = "bm_label")
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Label")
    static class Label {
        @Id
        Long id;
        String name;
    }

    /** NOT NULL FK, mapped on the customer as {@code orders}. */
    @Entity(name = "BmOrder")
    @Table(name = "bm_order")
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "Order")
    static class Order {
        @Id
        Long id;
        String text;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_id", nullable = false)
        Customer customer;
    }

    /** Nullable FK, not mapped on the customer. */
    @Entity(name = "BmTicket")
    @Table(name = "bm_ticket")
    static class Ticket {
        @Id
        Long id;
        String text;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_id")
        Customer customer;
    }

    /** Unique one-to-one: a customer has at most one card. */
    @Entity(name = "BmCard")
    @Table(name = "bm_card")
    static class Card {
        @Id
        Long id;
        String number;
        @OneToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_id", unique = true)
        Customer customer;
    }

    /** Nullable FK; the batches of the tests unassign it ({@code AssociationPolicy.unassign()}). */
    @Entity(name = "BmVisit")
    @Table(name = "bm_visit")
    static class Visit {
        @Id
        Long id;
        String text;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_id")
        Customer customer;
    }

    /**
     * A new factory on the schema: tables dropped and created, empty. The second-level cache is off: Hibernate would
     * otherwise enable it on its own (JCache is on the test class path), and JCache regions outlive the factory, so
     * the entries of another database's run would be read as this one's records.
     */
    static SessionFactory factory(TestDatabase db) {
        return db.sessionFactory(settings -> settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, false), ENTITIES);
    }

    /** Same, with the second-level cache on (JCache on Caffeine), a region prefix of its own. */
    static SessionFactory cachedFactory(TestDatabase db) {
        return db.sessionFactory(settings -> {
            settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, true);
            settings.put(AvailableSettings.CACHE_REGION_FACTORY, "jcache");
            settings.put("hibernate.javax.cache.provider",
                    "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
            settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
            settings.put(AvailableSettings.CACHE_REGION_PREFIX, db.schema() + "_batch_" + System.nanoTime());
        }, ENTITIES);
    }

    /** Inserts customers {@code ids} named {@code c<id>} with version 0 and no phone. */
    static void customers(TestDatabase db, long... ids) {
        StringBuilder values = new StringBuilder();
        for (long id : ids) {
            values.append(values.length() == 0 ? "" : ", ").append("(").append(id).append(", 'c").append(id)
                    .append("', null, 0)");
        }
        db.execute("insert into bm_customer (id, name, phone, version) values " + values);
    }

    /** Labels 1 red, 2 green, 3 blue, 4 gray. */
    static void labels(TestDatabase db) {
        db.execute("insert into bm_label (id, name) values (1, 'red'), (2, 'green'), (3, 'blue'), (4, 'gray')");
    }

    /**
     * The mixed batch of the main test: groups 2 -> 1, 4 -> 3 and 6, 7 -> 5; customers 8 and 9 are not merged. See
     * the table in the test for what points where.
     */
    static void seedMixed(TestDatabase db) {
        customers(db, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        labels(db);
        db.execute("update bm_customer set phone = '222' where id = 2",
                "update bm_customer set phone = '333' where id = 3",
                "update bm_customer set phone = '444' where id = 4",
                "update bm_customer set phone = '777' where id = 7",
                // bystanders whose parent is a duplicate
                "update bm_customer set parent_id = 6 where id = 8",
                "update bm_customer set parent_id = 4 where id = 9",
                // 2's label 1 is 1's too (skipped); 2's label 3 and 4's label 3 are 5's (another group!) but not
                // their survivor's: they move; 6's label 3 is 5's (skipped); 7's label 4 is 6's, an earlier
                // duplicate of its group (skipped)
                "insert into bm_customer_label (customer_id, label_id) values (1, 1), (2, 1), (2, 2), (2, 3), (4, 3), "
                        + "(5, 1), (5, 3), (6, 3), (6, 4), (7, 4), (7, 2), (9, 1)",
                "insert into bm_customer_email (customer_id, email) values (1, 'a@x'), (2, 'a@x'), (2, 'b@x'), "
                        + "(2, 'e@x'), (4, 'd@x'), (4, 'e@x'), (5, 'e@x'), (6, 'e@x'), (7, 'f@x'), (9, 'a@x')",
                "insert into bm_customer_pin (customer_id, label_id, position) values (1, 1, 0), (1, 2, 1), "
                        + "(2, 2, 0), (2, 3, 1), (2, 4, 2), (3, 4, 0), (4, 1, 0), (4, 4, 1), (6, 1, 0), (7, 2, 0), "
                        + "(7, 1, 1), (9, 3, 0)",
                "insert into bm_order (id, text, customer_id) values (101, 'o1', 1), (102, 'o2', 2), (103, 'o3', 2), "
                        + "(104, 'o4', 4), (105, 'o5', 3), (106, 'o6', 6), (107, 'o7', 7), (108, 'o8', 9)",
                "insert into bm_ticket (id, text, customer_id) values (201, 't1', 2), (202, 't2', 4), (203, 't3', 7), "
                        + "(204, 't4', null), (205, 't5', 9), (206, 't6', 5)",
                "insert into bm_card (id, number, customer_id) values (301, 'k1', 1), (302, 'k2', 2), (303, 'k3', 4), "
                        + "(304, 'k4', 5), (305, 'k5', 6), (306, 'k6', 9)",
                "insert into bm_visit (id, text, customer_id) values (401, 'v1', 2), (402, 'v2', 6), (403, 'v3', 7), "
                        + "(404, 'v4', 1), (405, 'v5', 9)");
    }
}
