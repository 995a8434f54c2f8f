package org.safemerge.examples.domain;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A coaching session (NOT NULL FK to its partner). */
@Entity(name = "Coaching")
@Table(name = "pr_coaching", indexes = @Index(name = "ix_pr_coaching_partner", columnList = "partner_id"))
@AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
public class Coaching extends PartnerRecord {
    protected Coaching() {
    }

    public Coaching(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
