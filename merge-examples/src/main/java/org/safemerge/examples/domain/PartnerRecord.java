package org.safemerge.examples.domain;

import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;

/**
 * What the eight kinds of partner records share: an id, a text and the FK to their partner, nullable unless a kind
 * overrides it as NOT NULL.
 */
@MappedSuperclass
public abstract class PartnerRecord {
    @Id
    public Long id;
    public String text;
    @ManyToOne
    @JoinColumn(name = "partner_id")
    public Partner partner;

    protected PartnerRecord() {
    }

    protected PartnerRecord(Long id, String text, Partner partner) {
        this.id = id;
        this.text = text;
        this.partner = partner;
    }
}
