package org.safemerge.hibernate.exec;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Foreign keys to a unique column other than the id (issue 12, item 3): customers have an id and a unique legacy
 * number ({@code legacy_no}, 1000 + id, so no legacy number equals any id). Rows point at a customer by that
 * number: mapped orders ({@code @JoinColumn(referencedColumnName = "legacy_no")}) and two tables only the database
 * knows, one with ON DELETE CASCADE.
 */
final class LegacyKeys {
    private LegacyKeys() {
    }

    static final long A = 1L;
    static final long B = 2L;
    static final long C = 3L;
    static final long D = 4L;
    /** A customer without a legacy number. */
    static final long E = 5L;
    /** Customers only {@code lk_legacy_ref} points at (no orders, no log lines). */
    static final long F = 6L;
    static final long G = 7L;
    /** A customer nothing points at. */
    static final long H = 8L;

    @Entity(name = "LegacyCustomer")
    @Table(name = "lk_customer")
    static class Customer implements Serializable {
        @Id
        Long id;
        String name;
        @Column(name = "legacy_no", unique = true)
        Long legacyNo;
        @OneToMany(mappedBy = "customer")
        Set<Order> orders = new HashSet<>();
    }

    @Entity(name = "LegacyOrder")
    @Table(name = "lk_order")
    static class Order {
        @Id
        Long id;
        String item;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "customer_no", referencedColumnName = "legacy_no")
        Customer customer;
    }

    /** The tables only the database knows; dropped first, since they would keep Hibernate from dropping its own. */
    static void dropCatalogTables(TestDatabase db) {
        db.execute("drop table if exists lk_legacy_ref", "drop table if exists lk_legacy_log");
    }

    /**
     * A new schema: customers A (1, legacy 1001), B (2, 1002), C (3, 1003), D (4, 1004), E (5, no number), F (6,
     * 1006), G (7, 1007), H (8, 1008); orders 21 -> A, 22, 23 -> B, 24 -> C, 25 -> D; {@code lk_legacy_ref} (NOT
     * NULL, ON DELETE CASCADE) 11 -> A, 12, 13 -> B, 14 -> C, 15 -> D, 16 -> F, 17, 18 -> G; {@code lk_legacy_log}
     * (nullable, no action) 31 -> B, 32 -> D, 33 -> none.
     */
    static SessionFactory seeded(TestDatabase db) {
        dropCatalogTables(db);
        SessionFactory factory = db.sessionFactory(Customer.class, Order.class);
        // before the first merge: the graph is read from the catalog once per factory
        db.execute("create table lk_legacy_ref (id bigint not null primary key, customer_no bigint not null, "
                        + "body varchar(100), constraint lk_legacy_ref_customer foreign key (customer_no) "
                        + "references lk_customer (legacy_no) on delete cascade)",
                "create table lk_legacy_log (id bigint not null primary key, customer_no bigint, "
                        + "line varchar(100), constraint lk_legacy_log_customer foreign key (customer_no) "
                        + "references lk_customer (legacy_no))",
                "insert into lk_customer (id, name, legacy_no) values (1, 'Acme', 1001), (2, 'ACME Inc.', 1002), "
                        + "(3, 'Other', 1003), (4, 'Other Ltd', 1004), (5, 'New', null), (6, 'Far', 1006), "
                        + "(7, 'FAR', 1007), (8, 'Lone', 1008)",
                "insert into lk_order (id, item, customer_no) values (21, 'bolts', 1001), (22, 'nuts', 1002), "
                        + "(23, 'screws', 1002), (24, 'nails', 1003), (25, 'pins', 1004)",
                "insert into lk_legacy_ref (id, customer_no, body) values (11, 1001, 'a'), (12, 1002, 'b1'), "
                        + "(13, 1002, 'b2'), (14, 1003, 'c'), (15, 1004, 'd'), (16, 1006, 'f'), (17, 1007, 'g1'), "
                        + "(18, 1007, 'g2')",
                "insert into lk_legacy_log (id, customer_no, line) values (31, 1002, 'b'), (32, 1004, 'd'), "
                        + "(33, null, '-')");
        return factory;
    }
}
