package org.safemerge.examples.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An order; it must follow its customer into the survivor. */
@Entity
@Table(name = "shop_order")
public class CustomerOrder {
    @Id
    private Long id;
    private String item;
    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "customer_id", nullable = false)
    private Customer customer;

    protected CustomerOrder() {
    }

    public CustomerOrder(Long id, String item, Customer customer) {
        this.id = id;
        this.item = item;
        this.customer = customer;
    }

    public Long getId() {
        return id;
    }

    public Customer getCustomer() {
        return customer;
    }
}
