package org.safemerge.examples.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.HashSet;
import java.util.Set;

/** A customer; duplicates come from sign-ups with a second e-mail address. */
@Entity
@Table(name = "shop_customer")
public class Customer {
    @Id
    private Long id;
    private String name;
    private String email;
    @Version
    private Long version;
    @ManyToMany
    @JoinTable(name = "shop_customer_tag", joinColumns = @JoinColumn(name = "customer_id"),
            inverseJoinColumns = @JoinColumn(name = "tag_id"))
    private Set<Tag> tags = new HashSet<>();

    protected Customer() {
    }

    public Customer(Long id, String name, String email) {
        this.id = id;
        this.name = name;
        this.email = email;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getEmail() {
        return email;
    }

    public Long getVersion() {
        return version;
    }

    public Set<Tag> getTags() {
        return tags;
    }
}
