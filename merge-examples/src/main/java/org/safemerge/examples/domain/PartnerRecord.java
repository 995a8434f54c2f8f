package org.safemerge.examples.domain;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** What the eight kinds of partner records share: an id and a text. Each kind maps its own FK to the partner. */
@MappedSuperclass
public abstract class PartnerRecord {
    @Id
    public Long id;
    public String text;

    protected PartnerRecord() {
    }

    protected PartnerRecord(Long id, String text) {
        this.id = id;
        this.text = text;
    }
}
