package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A confirmation of income (nullable FK to its partner). */
@Entity(name = "IncomeConfirmation")
@Table(name = "pr_income_confirmation")
public class IncomeConfirmation extends PartnerRecord {
    protected IncomeConfirmation() {
    }

    public IncomeConfirmation(Long id, String text, Partner partner) {
        super(id, text, partner);
    }
}
