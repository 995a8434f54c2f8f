package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A confirmation of income (nullable FK to its partner). */
@Entity(name = "IncomeConfirmation")
@Table(name = "pr_income_confirmation")
public class IncomeConfirmation extends PartnerRecord {
    @ManyToOne
    @JoinColumn(name = "partner_id")
    public Partner partner;

    protected IncomeConfirmation() {
    }

    public IncomeConfirmation(Long id, String text, Partner partner) {
        super(id, text);
        this.partner = partner;
    }
}
