package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A confirmation of income (nullable FK to its partner). */
@Entity(name = "IncomeConfirmation")
@Table(name = "pr_income_confirmation",
        indexes = @Index(name = "ix_pr_income_confirmation_partner", columnList = "partner_id"))
public class IncomeConfirmation extends PartnerRecord {
    protected IncomeConfirmation() {
    }

    public IncomeConfirmation(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
