package org.safemerge.examples.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tag shared by many customers: merging customers must never delete one. */
@Entity
@Table(name = "shop_tag")
public class Tag {
    @Id
    private Long id;
    private String name;

    protected Tag() {
    }

    public Tag(Long id, String name) {
        this.id = id;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
