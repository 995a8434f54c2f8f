package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A case note (NOT NULL FK to its partner). */
@Entity(name = "Note")
@Table(name = "pr_note")
public class Note extends PartnerRecord {
    @ManyToOne(optional = false)
    @JoinColumn(name = "partner_id", nullable = false)
    public Partner partner;

    protected Note() {
    }

    public Note(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
