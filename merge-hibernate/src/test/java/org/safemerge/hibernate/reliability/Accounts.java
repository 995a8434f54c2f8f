package org.safemerge.hibernate.reliability;

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
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.BatchMerge;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeGroup;

/**
 * The reliability suite's domain: an account referenced in every shape the executor handles. A self reference
 * (parent, nullable), a many-to-many join table (tags), an element collection (emails), a NOT NULL FK mapped as a
 * collection (orders), a nullable FK (tickets), and a NOT NULL FK the mapping does not know (rl_legacy_note, found in
 * the catalog only).
 */
final class Accounts {
    private Accounts() {
    }

    static final Class<?>[] ENTITIES = {Account.class, Tag.class, Order.class, Ticket.class};

    /** The tables that reference an account, with their FK column. */
    static final Map<String, String> REFERENCES = Map.of("rl_account", "parent_id", "rl_account_tag", "account_id",
            "rl_account_email", "account_id", "rl_order", "account_id", "rl_ticket", "account_id",
            "rl_legacy_note", "account_id");

    @Entity(name = "RlAccount")
    @Table(name = "rl_account")
    static class Account {
        @Id
        Long id;
        String name;
        String phone;
        @Version
        Long version;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "parent_id")
        Account parent;
        @ManyToMany
        @JoinTable(name = "rl_account_tag", joinColumns = @JoinColumn(name = "account_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<Tag> tags = new HashSet<>();
        @ElementCollection
        @CollectionTable(name = "rl_account_email", joinColumns = @JoinColumn(name = "account_id"))
        @Column(name = "email", nullable = false)
        Set<String> emails = new HashSet<>();
        @OneToMany(mappedBy = "account")
        Set<Order> orders = new HashSet<>();
    }

    @Entity(name = "RlTag")
    @Table(name = "rl_tag")
    static class Tag {
        @Id
        Long id;
        String name;
    }

    /** NOT NULL FK, mapped on the account as {@code orders}. */
    @Entity(name = "RlOrder")
    @Table(name = "rl_order")
    static class Order {
        @Id
        Long id;
        String text;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "account_id", nullable = false)
        Account account;
    }

    /** Nullable FK, not mapped on the account. */
    @Entity(name = "RlTicket")
    @Table(name = "rl_ticket")
    static class Ticket {
        @Id
        Long id;
        String text;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "account_id")
        Account account;
    }

    /**
     * A new factory on the schema (tables dropped and created, empty) plus the catalog-only table, created before
     * the first merge reads the catalog. The second-level cache is off (JCache is on the test class path).
     */
    static SessionFactory factory(TestDatabase db) {
        db.execute("drop table if exists rl_legacy_note"); // left by another test: it would block dropping rl_account
        SessionFactory factory = db.sessionFactory(settings ->
                settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, false), ENTITIES);
        db.execute("create table rl_legacy_note (id bigint not null primary key, account_id bigint not null, "
                + "body varchar(40), constraint rl_legacy_note_account foreign key (account_id) "
                + "references rl_account (id))");
        return factory;
    }

    /**
     * Another factory on the same tables (nothing dropped), whose connections are recognizable from another
     * connection (PostgreSQL: application_name; MariaDB and H2: the schema is theirs alone while it runs), for
     * tests that kill them.
     */
    static SessionFactory victimFactory(TestDatabase db) {
        Consumer<Map<String, Object>> settings = s -> {
            s.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, false);
            s.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none");
            s.put(AvailableSettings.POOL_SIZE, 2);
            if (db.database() == Database.POSTGRESQL) {
                s.put(AvailableSettings.JAKARTA_JDBC_URL, db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
                        + "ApplicationName=" + victimName(db));
            }
        };
        return db.sessionFactory(settings, ENTITIES);
    }

    static String victimName(TestDatabase db) {
        return "victim_" + db.schema();
    }

    /** Empties every table and inserts the seed below; fast enough to run before every scenario. */
    static void reset(TestDatabase db) {
        db.execute("delete from rl_legacy_note", "delete from rl_ticket", "delete from rl_order",
                "delete from rl_account_email", "delete from rl_account_tag",
                "update rl_account set parent_id = null", "delete from rl_account", "delete from rl_tag");
        seed(db);
    }

    /**
     * Accounts 1..8 (2 has phone 222, 7 has 777); 2's parent is 1 (a reference between merged records), 8's is 2
     * and 3's is 6. Tags, emails (some shared, so links are skipped), orders, tickets and legacy notes spread over
     * the accounts.
     */
    static void seed(TestDatabase db) {
        db.execute("insert into rl_account (id, name, phone, version, parent_id) values (1, 'a1', null, 0, null), "
                        + "(2, 'a2', '222', 0, null), (3, 'a3', null, 0, null), (4, 'a4', null, 0, null), "
                        + "(5, 'a5', null, 0, null), (6, 'a6', null, 0, null), (7, 'a7', '777', 0, null), "
                        + "(8, 'a8', null, 0, null)",
                "update rl_account set parent_id = 1 where id = 2",
                "update rl_account set parent_id = 2 where id = 8",
                "update rl_account set parent_id = 6 where id = 3",
                "insert into rl_tag (id, name) values (1, 'red'), (2, 'green'), (3, 'blue')",
                "insert into rl_account_tag (account_id, tag_id) values (1, 1), (2, 1), (2, 2), (3, 3), (4, 3), "
                        + "(4, 1), (5, 2), (6, 2), (7, 3), (8, 1)",
                "insert into rl_account_email (account_id, email) values (1, 'a@x'), (2, 'a@x'), (2, 'b@x'), "
                        + "(4, 'd@x'), (6, 'f@x'), (7, 'f@x'), (7, 'g@x')",
                "insert into rl_order (id, text, account_id) values (101, 'o1', 1), (102, 'o2', 2), (103, 'o3', 2), "
                        + "(104, 'o4', 3), (105, 'o5', 4), (106, 'o6', 6), (107, 'o7', 7), (108, 'o8', 8)",
                "insert into rl_ticket (id, text, account_id) values (201, 't1', 2), (202, 't2', 4), "
                        + "(203, 't3', 7), (204, 't4', null), (205, 't5', 8)",
                "insert into rl_legacy_note (id, account_id, body) values (301, 2, 'n1'), (302, 2, 'n2'), "
                        + "(303, 4, 'n3'), (304, 6, 'n4'), (305, 7, 'n5'), (306, 1, 'n6')");
    }

    /** The single merge of the fault scenarios: 2 and 3 into 1, phone first non-null, self references unassigned. */
    static MergePlan.Builder<Account> merge(SessionFactory factory) {
        return merge(HibernateMerge.of(factory));
    }

    /** The same merge through any entry point (e.g. the caller's session). */
    static MergePlan.Builder<Account> merge(HibernateMerge merge) {
        return merge.plan(Account.class).survivor(1L).duplicates(2L, 3L)
                .field("phone", FieldStrategy.firstNonNull())
                .selfReferences(SelfReferencePolicy.UNASSIGN);
    }

    /** The batch of the fault scenarios. */
    static final List<MergeGroup> GROUPS = List.of(new MergeGroup(1L, List.of(2L)), new MergeGroup(3L, List.of(4L)),
            new MergeGroup(5L, List.of(6L, 7L)));

    /** A batch of {@code groups}, same options as {@link #merge}. */
    static BatchMerge.Builder<Account> batch(SessionFactory factory, List<MergeGroup> groups, int chunkSize) {
        BatchMerge.Builder<Account> batch = HibernateMerge.of(factory).batch(Account.class)
                .field("phone", FieldStrategy.firstNonNull())
                .selfReferences(SelfReferencePolicy.UNASSIGN)
                .chunkSize(chunkSize);
        for (MergeGroup group : groups) {
            batch.group(group.survivorId(), group.duplicateIds());
        }
        return batch;
    }
}
