package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A guest the partner brought (nullable FK to its partner). */
@Entity(name = "Guest")
@Table(name = "pr_guest", indexes = @Index(name = "ix_pr_guest_partner", columnList = "partner_id"))
public class Guest extends PartnerRecord {
    protected Guest() {
    }

    public Guest(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
