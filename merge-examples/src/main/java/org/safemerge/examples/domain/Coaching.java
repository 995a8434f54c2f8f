package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A coaching session (NOT NULL FK to its partner). */
@Entity(name = "Coaching")
@Table(name = "pr_coaching")
public class Coaching extends PartnerRecord {
    @ManyToOne(optional = false)
    @JoinColumn(name = "partner_id", nullable = false)
    public Partner partner;

    protected Coaching() {
    }

    public Coaching(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
