package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDateTime;
import org.safemerge.Sensitive;

/** A client of a social-services office; duplicates appear when a client is registered twice. */
@Entity(name = "Partner")
@Table(name = "pr_partner", indexes = @Index(name = "ix_pr_partner_parent", columnList = "parent_id"))
public class Partner {
    @Id
    public Long id;
    public String name;
    public String city;
    @Sensitive
    public String socialSecurityNumber;
    public LocalDateTime updatedAt;
    @Version
    public Long version;
    @ManyToOne
    @JoinColumn(name = "parent_id")
    public Partner parent;
    @OneToOne(mappedBy = "partner")
    public PartnerProfile profile;

    protected Partner() {
    }

    public Partner(Long id, String name, String city, String socialSecurityNumber, LocalDateTime updatedAt) {
        this.id = id;
        this.name = name;
        this.city = city;
        this.socialSecurityNumber = socialSecurityNumber;
        this.updatedAt = updatedAt;
    }
}
