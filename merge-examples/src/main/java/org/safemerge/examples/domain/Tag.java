package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tag shared by many events: merging events must never delete one. */
@Entity(name = "Tag")
@Table(name = "ws_tag")
public class Tag {
    @Id
    public Long id;
    public String name;

    protected Tag() {
    }

    public Tag(Long id, String name) {
        this.id = id;
        this.name = name;
    }
}
