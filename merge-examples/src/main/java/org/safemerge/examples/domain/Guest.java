package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A guest the partner brought (nullable FK to its partner). */
@Entity(name = "Guest")
@Table(name = "pr_guest")
public class Guest extends PartnerRecord {
    @ManyToOne
    @JoinColumn(name = "partner_id")
    public Partner partner;

    protected Guest() {
    }

    public Guest(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
