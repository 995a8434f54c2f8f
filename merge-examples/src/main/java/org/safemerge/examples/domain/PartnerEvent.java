package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An event in the partner's history (NOT NULL FK to its partner). */
@Entity(name = "PartnerEvent")
@Table(name = "pr_event")
public class PartnerEvent extends PartnerRecord {
    @ManyToOne(optional = false)
    @JoinColumn(name = "partner_id", nullable = false)
    public Partner partner;

    protected PartnerEvent() {
    }

    public PartnerEvent(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
