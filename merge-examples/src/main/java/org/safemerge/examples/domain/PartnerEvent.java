package org.safemerge.examples.domain;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** An event in the partner's history (NOT NULL FK to its partner). */
@Entity(name = "PartnerEvent")
@Table(name = "pr_event", indexes = @Index(name = "ix_pr_event_partner", columnList = "partner_id"))
@AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
public class PartnerEvent extends PartnerRecord {
    protected PartnerEvent() {
    }

    public PartnerEvent(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
