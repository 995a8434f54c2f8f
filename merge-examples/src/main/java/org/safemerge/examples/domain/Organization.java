package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An organization hosting events. */
@Entity(name = "Organization")
@Table(name = "ws_organization")
public class Organization {
    @Id
    public Long id;
    public String name;

    protected Organization() {
    }

    public Organization(Long id, String name) {
        this.id = id;
        this.name = name;
    }
}
