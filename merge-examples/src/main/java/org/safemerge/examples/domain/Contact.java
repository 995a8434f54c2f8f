package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A contact person (nullable FK to its partner). */
@Entity(name = "Contact")
@Table(name = "pr_contact", indexes = @Index(name = "ix_pr_contact_partner", columnList = "partner_id"))
public class Contact extends PartnerRecord {
    protected Contact() {
    }

    public Contact(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
