package org.safemerge.hibernate.exec;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * The social-services domain of DESIGN.md "Why": a partner referenced from eight tables (notes, words, guests, events,
 * coachings, contacts, grantings, income confirmations), some with a NOT NULL FK, some nullable.
 */
final class Partners {
    private Partners() {
    }

    static final Class<?>[] ENTITIES = {Partner.class, Note.class, Word.class, Guest.class, PartnerEvent.class,
        Coaching.class, Contact.class, Granting.class, IncomeConfirmation.class};

    /** The referencing tables, each with its FK column {@code partner_id}. */
    static final List<String> TABLES = List.of("pt_note", "pt_word", "pt_guest", "pt_event", "pt_coaching",
            "pt_contact", "pt_granting", "pt_income");

    /** The tables whose FK is NOT NULL. */
    static final List<String> NOT_NULL_TABLES = List.of("pt_note", "pt_guest", "pt_coaching", "pt_granting");

    static final long A = 1L;
    static final long B = 2L;
    static final long C = 3L;

    @Entity(name = "Partner")
    @Table(name = "pt_partner")
    static class Partner {
        @Id
        Long id;
        String name;
        String phone;
        @Version
        Long version;
        @OneToMany(mappedBy = "partner")
        Set<Note> notes = new HashSet<>();
        @OneToMany(mappedBy = "partner")
        Set<Contact> contacts = new HashSet<>();

        Partner() {
        }

        Partner(Long id, String name, String phone) {
            this.id = id;
            this.name = name;
            this.phone = phone;
        }
    }

    /** What every referencing row has: an id, a text and the FK to its partner (nullable unless overridden). */
    @MappedSuperclass
    abstract static class PartnerRow {
        @Id
        Long id;
        String text;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "partner_id")
        Partner partner;
    }

    @Entity(name = "PartnerNote")
    @Table(name = "pt_note")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Note extends PartnerRow {
    }

    @Entity(name = "PartnerWord")
    @Table(name = "pt_word")
    static class Word extends PartnerRow {
    }

    @Entity(name = "PartnerGuest")
    @Table(name = "pt_guest")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Guest extends PartnerRow {
    }

    @Entity(name = "PartnerEvent")
    @Table(name = "pt_event")
    static class PartnerEvent extends PartnerRow {
    }

    @Entity(name = "Coaching")
    @Table(name = "pt_coaching")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Coaching extends PartnerRow {
    }

    @Entity(name = "Contact")
    @Table(name = "pt_contact")
    static class Contact extends PartnerRow {
    }

    @Entity(name = "Granting")
    @Table(name = "pt_granting")
    @AssociationOverride(name = "partner", joinColumns = @JoinColumn(name = "partner_id", nullable = false))
    static class Granting extends PartnerRow {
    }

    @Entity(name = "IncomeConfirmation")
    @Table(name = "pt_income")
    static class IncomeConfirmation extends PartnerRow {
    }

    /** A new factory on the schema (tables dropped and created). */
    static SessionFactory factory(TestDatabase db) {
        return db.sessionFactory(ENTITIES);
    }

    /** A new factory on the schema, {@linkplain #seed seeded}. */
    static SessionFactory seeded(TestDatabase db) {
        SessionFactory factory = factory(db);
        seed(factory);
        return factory;
    }

    /**
     * Partners A (1), B (2, the duplicate of A) and C (3). Table number {@code t} (0..7, in {@link #TABLES} order)
     * holds rows {@code 100 t + 1} -> A, {@code 100 t + 2} and {@code 100 t + 3} -> B, {@code 100 t + 4} -> C, and
     * in nullable tables {@code 100 t + 5} -> NULL. Pointing at B: 16 rows, two per table.
     */
    static void seed(SessionFactory factory) {
        factory.inTransaction(s -> {
            Partner a = new Partner(A, "Anna Schmidt", null);
            Partner b = new Partner(B, "Anna Schmitt", "+49 30 1234");
            Partner c = new Partner(C, "Carl Weber", "+49 40 5678");
            s.persist(a);
            s.persist(b);
            s.persist(c);
            List<Class<? extends PartnerRow>> types = List.of(Note.class, Word.class, Guest.class,
                    PartnerEvent.class, Coaching.class, Contact.class, Granting.class, IncomeConfirmation.class);
            for (int t = 0; t < types.size(); t++) {
                long base = 100L * (t + 1);
                Partner[] targets = NOT_NULL_TABLES.contains(TABLES.get(t)) ? new Partner[] {a, b, b, c}
                        : new Partner[] {a, b, b, c, null};
                for (int k = 0; k < targets.length; k++) {
                    PartnerRow row = newRow(types.get(t));
                    row.id = base + k + 1;
                    row.text = TABLES.get(t) + " " + (k + 1);
                    row.partner = targets[k];
                    s.persist(row);
                }
            }
        });
    }

    /** The ids of the rows of table number {@code t} that {@link #seed} points at B. */
    static List<Object> rowsOfB(int t) {
        long base = 100L * (t + 1);
        return List.of(base + 2, base + 3);
    }

    private static PartnerRow newRow(Class<? extends PartnerRow> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
