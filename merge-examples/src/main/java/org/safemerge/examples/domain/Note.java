package org.safemerge.examples.domain;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A case note (NOT NULL FK to its partner). */
@Entity(name = "Note")
@Table(name = "pr_note", indexes = @Index(name = "ix_pr_note_partner", columnList = "partner_id"))
@AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
public class Note extends PartnerRecord {
    protected Note() {
    }

    public Note(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
