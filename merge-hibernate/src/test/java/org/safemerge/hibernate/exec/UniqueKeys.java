package org.safemerge.hibernate.exec;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Schemas shaped like real applications' unique keys that include the FK: a task unique on (partner, person, role)
 * (workshop administration), a bank account unique on (number, owner) with payments of its own (an ERP's
 * partners), a report unique on its code alone (a key without the FK), and a legacy table only the database knows,
 * unique on (partner, code).
 */
public final class UniqueKeys {
    static final long A = 1L;
    static final long B = 2L;
    static final long C = 3L;

    private UniqueKeys() {
    }

    @Entity(name = "UkPartner")
    @Table(name = "uk_partner")
    static class Partner {
        @Id
        Long id;
        String name;
        @OneToMany(mappedBy = "partner")
        Set<Task> tasks = new HashSet<>();
        @OneToMany(mappedBy = "owner")
        Set<Account> accounts = new HashSet<>();
    }

    @Entity(name = "UkTask")
    @Table(name = "uk_task", uniqueConstraints = @UniqueConstraint(name = "uk_task_partner_person_role",
            columnNames = {"partner_id", "person", "role"}))
    static class Task {
        @Id
        Long id;
        String person;
        String role;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "partner_id")
        Partner partner;
    }

    @Entity(name = "UkAccount")
    @Table(name = "uk_account", uniqueConstraints = @UniqueConstraint(name = "uk_account_number_owner",
            columnNames = {"number", "owner_id"}))
    static class Account {
        @Id
        Long id;
        String number;
        String holder;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "owner_id", nullable = false)
        Partner owner;
        @OneToMany(mappedBy = "account")
        Set<Payment> payments = new HashSet<>();
    }

    @Entity(name = "UkPayment")
    @Table(name = "uk_payment")
    static class Payment {
        @Id
        Long id;
        Integer amount;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "account_id", nullable = false)
        Account account;
    }

    @Entity(name = "UkReport")
    @Table(name = "uk_report", uniqueConstraints = @UniqueConstraint(name = "uk_report_code",
            columnNames = "code"))
    static class Report {
        @Id
        Long id;
        String code;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "partner_id")
        Partner partner;
    }

    /**
     * Partners A (1), B (2), C (3). Tasks: A 10 (ann, LEAD); B 20 (ann, LEAD), 21 (bob, LEAD); C 30 (bob, LEAD).
     * Accounts: A 100 (DE01); B 200 (DE01, payments 900, 901), 201 (DE02). Reports: A 50 (R1), B 51 (R2). Legacy
     * rows (catalog only, unique (partner_id, code)): A 70 (X); B 80 (X), 81 (Y).
     */
    public static SessionFactory seed(TestDatabase db) {
        // left by an earlier test; it would block dropping uk_partner
        db.execute("drop table if exists uk_legacy");
        SessionFactory factory = db.sessionFactory(Partner.class, Task.class, Account.class, Payment.class,
                Report.class);
        // before the first merge on this factory: the graph is read from the catalog once and cached
        db.execute("create table uk_legacy (id bigint not null primary key, partner_id bigint, code varchar(20), "
                + "constraint uk_legacy_partner_code unique (partner_id, code), constraint uk_legacy_partner "
                + "foreign key (partner_id) references uk_partner (id))");
        db.execute("insert into uk_partner (id, name) values (1, 'Acme'), (2, 'ACME'), (3, 'Acme Ltd')",
                "insert into uk_task (id, partner_id, person, role) values (10, 1, 'ann', 'LEAD'), "
                        + "(20, 2, 'ann', 'LEAD'), (21, 2, 'bob', 'LEAD'), (30, 3, 'bob', 'LEAD')",
                "insert into uk_account (id, owner_id, number, holder) values (100, 1, 'DE01', 'A. Acme'), "
                        + "(200, 2, 'DE01', 'Acme GmbH'), (201, 2, 'DE02', null)",
                "insert into uk_payment (id, account_id, amount) values (900, 200, 10), (901, 200, 20)",
                "insert into uk_report (id, partner_id, code) values (50, 1, 'R1'), (51, 2, 'R2')",
                "insert into uk_legacy (id, partner_id, code) values (70, 1, 'X'), (80, 2, 'X'), (81, 2, 'Y')");
        return factory;
    }
}
