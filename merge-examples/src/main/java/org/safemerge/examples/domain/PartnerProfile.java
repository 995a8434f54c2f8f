package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/** A partner's one-to-one profile (unique FK): two duplicates with a profile each conflict. */
@Entity(name = "PartnerProfile")
@Table(name = "pr_profile")
public class PartnerProfile {
    @Id
    public Long id;
    public String notes;
    @OneToOne
    @JoinColumn(name = "partner_id", unique = true)
    public Partner partner;

    protected PartnerProfile() {
    }

    public PartnerProfile(Long id, String notes, Partner partner) {
        this.id = id;
        this.notes = notes;
        this.partner = partner;
    }
}
