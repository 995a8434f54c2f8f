package org.safemerge.examples.domain;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A granted benefit (NOT NULL FK to its partner). */
@Entity(name = "Granting")
@Table(name = "pr_granting", indexes = @Index(name = "ix_pr_granting_partner", columnList = "partner_id"))
@AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
public class Granting extends PartnerRecord {
    protected Granting() {
    }

    public Granting(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
