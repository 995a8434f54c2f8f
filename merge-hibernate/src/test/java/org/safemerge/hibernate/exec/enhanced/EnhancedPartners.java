package org.safemerge.hibernate.exec.enhanced;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Basic;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** The partner shape, enhanced: four referencing tables, NOT NULL and nullable; the case notes load lazily. */
public final class EnhancedPartners {
    private EnhancedPartners() {
    }

    public static final Class<?>[] ENTITIES = {Partner.class, Note.class, Word.class, Contact.class, Granting.class};

    @Entity(name = "EnhancedPartner")
    @Table(name = "en_partner")
    public static class Partner {
        @Id
        private Long id;
        private String name;
        @Basic(fetch = FetchType.LAZY)
        private String caseNotes;
        @Version
        private Long version;

        protected Partner() {
        }

        public Partner(Long id, String name, String caseNotes) {
            this.id = id;
            this.name = name;
            this.caseNotes = caseNotes;
        }

        public String getCaseNotes() {
            return caseNotes;
        }
    }

    /** An id and the FK to the partner (nullable unless an entity overrides it). */
    @MappedSuperclass
    public abstract static class PartnerRow {
        @Id
        private Long id;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "partner_id")
        private Partner partner;

        public Partner getPartner() {
            return partner;
        }
    }

    @Entity(name = "EnhancedNote")
    @Table(name = "en_note")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    public static class Note extends PartnerRow {
    }

    @Entity(name = "EnhancedWord")
    @Table(name = "en_word")
    public static class Word extends PartnerRow {
    }

    @Entity(name = "EnhancedContact")
    @Table(name = "en_contact")
    public static class Contact extends PartnerRow {
    }

    @Entity(name = "EnhancedGranting")
    @Table(name = "en_granting")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    public static class Granting extends PartnerRow {
    }
}
