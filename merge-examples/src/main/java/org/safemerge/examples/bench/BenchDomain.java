package org.safemerge.examples.bench;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's model: a partner, eight referencing tables of mixed nullability and a many-to-many tag table.
 * Separate from the example domain so the benchmark can generate large volumes without its seed rules.
 */
final class BenchDomain {
    private BenchDomain() {
    }

    /** The eight referencing tables, with whether their FK is NOT NULL. */
    static final List<String> RECORD_TABLES = List.of("bn_note", "bn_word", "bn_guest", "bn_event", "bn_coaching",
            "bn_contact", "bn_granting", "bn_income");

    static final List<Class<?>> ENTITIES = List.of(BenchPartner.class, BenchTag.class, Note.class, Word.class,
            Guest.class, PartnerEvent.class, Coaching.class, Contact.class, Granting.class, Income.class);

    /** The record type of each referencing table, for the naive JPA contender. */
    static final List<Class<? extends Record>> RECORD_TYPES = List.of(Note.class, Word.class, Guest.class,
            PartnerEvent.class, Coaching.class, Contact.class, Granting.class, Income.class);

    @Entity(name = "BenchPartner")
    @Table(name = "bn_partner")
    static class BenchPartner {
        @Id
        Long id;
        String name;
        @ManyToMany
        @JoinTable(name = "bn_partner_tag", joinColumns = @JoinColumn(name = "partner_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<BenchTag> tags = new HashSet<>();
    }

    @Entity(name = "BenchTag")
    @Table(name = "bn_tag")
    static class BenchTag {
        @Id
        Long id;
        String name;
    }

    /** A referencing row: id, text and its FK to the partner (NOT NULL where a subclass overrides it so). */
    @MappedSuperclass
    abstract static class Record {
        @Id
        Long id;
        String text;
        @ManyToOne
        @JoinColumn(name = "partner_id")
        BenchPartner partner;

        void partner(BenchPartner p) {
            partner = p;
        }
    }

    @Entity(name = "BenchNote")
    @Table(name = "bn_note")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Note extends Record {
    }

    @Entity(name = "BenchWord")
    @Table(name = "bn_word")
    static class Word extends Record {
    }

    @Entity(name = "BenchGuest")
    @Table(name = "bn_guest")
    static class Guest extends Record {
    }

    @Entity(name = "BenchEvent")
    @Table(name = "bn_event")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class PartnerEvent extends Record {
    }

    @Entity(name = "BenchCoaching")
    @Table(name = "bn_coaching")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Coaching extends Record {
    }

    @Entity(name = "BenchContact")
    @Table(name = "bn_contact")
    static class Contact extends Record {
    }

    @Entity(name = "BenchGranting")
    @Table(name = "bn_granting")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Granting extends Record {
    }

    @Entity(name = "BenchIncome")
    @Table(name = "bn_income")
    static class Income extends Record {
    }
}
