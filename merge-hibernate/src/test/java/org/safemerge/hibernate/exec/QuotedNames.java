package org.safemerge.hibernate.exec;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * A domain whose every name needs quoting: the merged client lives in {@code "Client Record"} (a space, mixed case)
 * with the id column {@code "Id"}; it is referenced from {@code "note archive"} through the reserved word
 * {@code "group"}, linked to tags through the join table {@code "order"} ({@code "ClientId"}, {@code "TagId"}), owns
 * the element collection {@code "Phone Numbers"} ({@code "Owner"}, {@code "Number"}), and two tables the mapping does
 * not know point at it through {@code "client ref"}: {@code "LegacyContact"} and {@code "CascadingNote"} (ON DELETE
 * CASCADE). Tags are plain ({@code qn_tag}), so plain names stay covered. Mapped names are quoted the way users do:
 * backticks or {@code \"...\"}, which Hibernate renders with the dialect's quotes.
 */
final class QuotedNames {
    private QuotedNames() {
    }

    static final long A = 1L;
    static final long B = 2L;
    static final long C = 3L;

    /** The tables the catalog-only references live in (created by plain DDL, never mapped). */
    static final List<String> CATALOG_ONLY_TABLES = List.of("LegacyContact", "CascadingNote");

    @Entity(name = "QuotedClient")
    @Table(name = "\"Client Record\"")
    static class Client {
        @Id
        @Column(name = "\"Id\"")
        Long id;
        @Column(name = "\"Name\"")
        String name;
        @ManyToMany
        @JoinTable(name = "\"order\"", joinColumns = @JoinColumn(name = "\"ClientId\""),
                inverseJoinColumns = @JoinColumn(name = "\"TagId\""))
        Set<Tag> tags = new HashSet<>();
        @ElementCollection
        @CollectionTable(name = "\"Phone Numbers\"", joinColumns = @JoinColumn(name = "\"Owner\""))
        @Column(name = "\"Number\"")
        Set<String> phones = new HashSet<>();

        Client() {
        }

        Client(Long id, String name, Set<Tag> tags, Set<String> phones) {
            this.id = id;
            this.name = name;
            this.tags.addAll(tags);
            this.phones.addAll(phones);
        }
    }

    @Entity(name = "QuotedNote")
    @Table(name = "`note archive`")
    static class Note {
        @Id
        Long id;
        @Column(name = "`Body`")
        String body;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "`group`", nullable = false)
        Client client;

        Note() {
        }

        Note(Long id, String body, Client client) {
            this.id = id;
            this.body = body;
            this.client = client;
        }
    }

    @Entity(name = "QuotedTag")
    @Table(name = "qn_tag")
    static class Tag {
        @Id
        Long id;
        String label;

        Tag() {
        }

        Tag(Long id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    /**
     * A new factory on the schema, seeded: clients A (1), B (2, the duplicate of A), C (3). Notes 11 -> A, 12 and
     * 13 -> B, 14 -> C. Tags: A {1}, B {1, 2}, C {2}. Phones: A {111}, B {111, 222}, C {333}. LegacyContact 21 -> A,
     * 22 -> B, 23 -> C; CascadingNote 31 -> B, 32 -> C.
     */
    static SessionFactory seeded(TestDatabase db) {
        // left by an earlier test; their FKs would keep Hibernate from dropping "Client Record"
        CATALOG_ONLY_TABLES.forEach(t -> db.execute("drop table if exists " + db.quote(t)));
        SessionFactory factory = db.sessionFactory(Client.class, Note.class, Tag.class);
        // before the first merge: the association graph reads the catalog once and is cached
        String clientRef = db.quote("client ref");
        String references = " references " + db.quote("Client Record") + " (" + db.quote("Id") + ")";
        db.execute("create table " + db.quote("LegacyContact") + " (id bigint not null primary key, " + clientRef
                        + " bigint not null, foreign key (" + clientRef + ")" + references + ")",
                "create table " + db.quote("CascadingNote") + " (id bigint not null primary key, " + clientRef
                        + " bigint not null, foreign key (" + clientRef + ")" + references + " on delete cascade)");
        factory.inTransaction(s -> {
            Tag python = new Tag(1L, "python");
            Tag online = new Tag(2L, "online");
            s.persist(python);
            s.persist(online);
            Client a = new Client(A, "Acme", Set.of(python), Set.of("111"));
            Client b = new Client(B, "ACME Inc.", Set.of(python, online), Set.of("111", "222"));
            Client c = new Client(C, "Other", Set.of(online), Set.of("333"));
            s.persist(a);
            s.persist(b);
            s.persist(c);
            s.persist(new Note(11L, "a", a));
            s.persist(new Note(12L, "b1", b));
            s.persist(new Note(13L, "b2", b));
            s.persist(new Note(14L, "c", c));
        });
        db.execute("insert into " + db.quote("LegacyContact") + " (id, " + clientRef + ") values (21, 1), (22, 2),"
                        + " (23, 3)",
                "insert into " + db.quote("CascadingNote") + " (id, " + clientRef + ") values (31, 2), (32, 3)");
        return factory;
    }
}
