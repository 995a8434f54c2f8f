package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A word (memo) about the partner (nullable FK to its partner). */
@Entity(name = "Word")
@Table(name = "pr_word")
public class Word extends PartnerRecord {
    @ManyToOne
    @JoinColumn(name = "partner_id")
    public Partner partner;

    protected Word() {
    }

    public Word(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
