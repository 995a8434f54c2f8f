package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A word (memo) about the partner (nullable FK to its partner). */
@Entity(name = "Word")
@Table(name = "pr_word", indexes = @Index(name = "ix_pr_word_partner", columnList = "partner_id"))
public class Word extends PartnerRecord {
    protected Word() {
    }

    public Word(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
