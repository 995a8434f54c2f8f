package org.safemerge.hibernate.scan;

import jakarta.persistence.ConstraintMode;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A small ledger with every shape of reference the integrity scan must follow: a mapped to-one with a constraint
 * ({@code Invoice.client}), a mapped to-one the database never constrained ({@code Invoice.approver}), a composite
 * FK ({@code PurchaseOrder.account}), a join table ({@code Client.labels}), and (created by the tests) a table only
 * the catalog knows ({@code sc_legacy_note}).
 */
final class Ledger {
    private Ledger() {
    }

    static final Class<?>[] ENTITIES = {Client.class, Label.class, Invoice.class, Account.class, PurchaseOrder.class};

    @Entity(name = "Client")
    @Table(name = "sc_client")
    static class Client {
        @Id
        Long id;
        String name;
        @ManyToMany
        @JoinTable(name = "sc_client_label", joinColumns = @JoinColumn(name = "client_id"),
                inverseJoinColumns = @JoinColumn(name = "label_id"))
        Set<Label> labels = new HashSet<>();
    }

    @Entity(name = "Label")
    @Table(name = "sc_label")
    static class Label {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "Invoice")
    @Table(name = "sc_invoice")
    static class Invoice {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "client_id", foreignKey = @ForeignKey(name = "sc_invoice_client_fk"))
        Client client;
        @ManyToOne
        @JoinColumn(name = "approver_id", foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT))
        Client approver;
    }

    @Embeddable
    static class AccountId implements Serializable {
        private static final long serialVersionUID = 1L;
        String region;
        Integer number;

        @Override
        public boolean equals(Object o) {
            return o instanceof AccountId other && Objects.equals(region, other.region)
                    && Objects.equals(number, other.number);
        }

        @Override
        public int hashCode() {
            return Objects.hash(region, number);
        }
    }

    @Entity(name = "Account")
    @Table(name = "sc_account")
    static class Account {
        @EmbeddedId
        AccountId id;
        String holder;
    }

    @Entity(name = "PurchaseOrder")
    @Table(name = "sc_order")
    static class PurchaseOrder {
        @Id
        Long id;
        @ManyToOne
        @JoinColumns(value = {@JoinColumn(name = "account_region", referencedColumnName = "region"),
            @JoinColumn(name = "account_no", referencedColumnName = "number")},
                foreignKey = @ForeignKey(name = "sc_order_account_fk"))
        Account account;
    }
}
