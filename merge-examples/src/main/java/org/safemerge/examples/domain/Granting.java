package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A granted benefit (NOT NULL FK to its partner). */
@Entity(name = "Granting")
@Table(name = "pr_granting")
public class Granting extends PartnerRecord {
    @ManyToOne(optional = false)
    @JoinColumn(name = "partner_id", nullable = false)
    public Partner partner;

    protected Granting() {
    }

    public Granting(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
