package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.Sensitive;
import org.safemerge.audit.Slf4jAuditListener;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.testing.CapturingLogger;

/**
 * {@code @Sensitive} values never show, wherever they sit: inside an {@code @Embeddable} (the embedded attribute is
 * redacted as a whole), in element collections (whose row ids are the values) and map keys, and in the database's
 * own error text when a statement violates a unique key on a sensitive column. Checked in the report (text and
 * JSON sections), every audit event (AttributeSet, EntityDeleted.lastState, row events) and the SLF4J audit lines.
 */
class SensitiveValuesMergeTest {
    static final String SSN_A = "111-22-3333";
    static final String SSN_B = "999-88-7777";
    static final String SSN_C = "555-44-3333";
    static final String STREET_B = "Geheimweg 7";
    static final String SECRET_B = "secret-of-b";
    static final String CODE_KEY_B = "key-of-b";
    static final String PHONE_B = "+49 30 555 0101";

    /** An identity: its number is sensitive and unique. */
    @Embeddable
    static class Identity {
        @Sensitive
        @Column(name = "ssn", unique = true)
        String ssn;
        String country;
    }

    /** A home address: sensitive as a whole, because its street is. */
    @Embeddable
    static class Address {
        @Sensitive
        String street;
        String city;
    }

    /** A phone: an element of a collection, with a sensitive part. */
    @Embeddable
    static class Phone {
        @Sensitive
        @Column(name = "phone_number")
        String number;
        @Column(name = "phone_kind")
        String kind;
    }

    @Entity(name = "SvPerson")
    @Table(name = "sv_person")
    static class Person {
        @Id
        Long id;
        String name;
        @Embedded
        Identity identity;
        @Embedded
        Address home;
        @Sensitive
        @ElementCollection
        @CollectionTable(name = "sv_secret", joinColumns = @JoinColumn(name = "person_id"))
        @Column(name = "secret")
        Set<String> secrets = new HashSet<>();
        @Sensitive
        @ElementCollection
        @CollectionTable(name = "sv_code", joinColumns = @JoinColumn(name = "person_id"))
        @MapKeyColumn(name = "code_key")
        @Column(name = "code_value")
        Map<String, String> codes = new HashMap<>();
        @ElementCollection
        @CollectionTable(name = "sv_phone", joinColumns = @JoinColumn(name = "person_id"))
        Set<Phone> phones = new HashSet<>();
        @Version
        Long version;
    }

    private static SessionFactory seeded(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Person.class);
        factory.inTransaction(s -> {
            s.persist(person(1L, SSN_A, "Hauptstrasse 1", "secret-of-a", "key-of-a", "+49 30 555 0100"));
            s.persist(person(2L, SSN_B, STREET_B, SECRET_B, CODE_KEY_B, PHONE_B));
        });
        return factory;
    }

    private static Person person(long id, String ssn, String street, String secret, String codeKey, String phone) {
        Person p = new Person();
        p.id = id;
        p.name = "Person " + id;
        p.identity = new Identity();
        p.identity.ssn = ssn;
        p.identity.country = "DE";
        p.home = new Address();
        p.home.street = street;
        p.home.city = "Berlin";
        p.secrets.add(secret);
        p.codes.put(codeKey, "code " + id);
        Phone number = new Phone();
        number.number = phone;
        number.kind = "home";
        p.phones.add(number);
        return p;
    }

    /** Every text the merge produced: the report (text, JSON sections), the events, the SLF4J lines. */
    private static String everything(MergeReport report, AuditTrail trail, CapturingLogger log) {
        List<String> texts = new ArrayList<>();
        if (report != null) {
            texts.add(report.toText());
            texts.add(report.sections().toString());
            texts.add(report.toString());
            texts.add(report.steps().toString());
        }
        trail.events().forEach(e -> texts.add(e.toString()));
        log.lines().forEach(line -> texts.add(line.message() + " " + line.keyValues()));
        return String.join("\n", texts);
    }

    @MatrixTest
    void sensitiveValuesInEmbeddablesElementCollectionsAndMapKeys_showNowhere_butAreMerged(TestDatabase db) {
        SessionFactory factory = seeded(db);
        AuditTrail trail = new AuditTrail();
        CapturingLogger log = new CapturingLogger("audit");
        var plan = HibernateMerge.of(factory).plan(Person.class).survivor(1L).duplicates(2L)
                .field("home", FieldStrategy.takeB())
                .audit(trail, new Slf4jAuditListener(log)).build();

        MergeReport dryRun = plan.dryRun();
        MergeReport done = plan.execute(dryRun);

        String shown = everything(dryRun, trail, log) + everything(done, new AuditTrail(), new CapturingLogger("x"));
        assertThat(shown).doesNotContain(STREET_B, SSN_B, SSN_A, SECRET_B, CODE_KEY_B, PHONE_B)
                .contains(Sensitive.REDACTED);
        assertThat(trail.of(AuditEvent.AttributeSet.class)).filteredOn(e -> e.attribute().equals("home"))
                .singleElement().satisfies(e -> assertThat(e.after()).isEqualTo(Sensitive.REDACTED));
        assertThat(trail.of(AuditEvent.EntityDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.lastState()).containsEntry("identity", Sensitive.REDACTED)
                        .containsEntry("home", Sensitive.REDACTED));
        // merged all the same
        assertThat(db.queryRows("select street from sv_person where id = 1")).containsExactly(List.of(STREET_B));
        assertThat(db.queryLong("select count(*) from sv_secret where person_id = 1 and secret = '" + SECRET_B
                + "'")).isOne();
        assertThat(db.queryLong("select count(*) from sv_code where person_id = 1 and code_key = '" + CODE_KEY_B
                + "'")).isOne();
        assertThat(db.queryLong("select count(*) from sv_phone where person_id = 1")).isEqualTo(2);
    }

    @MatrixTest
    void uniqueViolationOnASensitiveColumn_showsTheConstraintButNeverTheValue(TestDatabase db) {
        SessionFactory factory = seeded(db);
        AuditTrail trail = new AuditTrail();
        CapturingLogger log = new CapturingLogger("audit");

        factory.inTransaction(s -> s.persist(person(3L, SSN_C, "Nebenweg 3", "secret-of-c", "key-of-c", "+49 1")));
        Identity taken = new Identity();
        taken.ssn = SSN_C;
        taken.country = "DE";

        // A takes C's ssn (a strategy's mistake), which C still holds: the database refuses the update
        Throwable thrown = catchThrowable(() -> HibernateMerge.of(factory).plan(Person.class).survivor(1L)
                .duplicates(2L).field("identity", FieldStrategy.combine((a, b) -> taken))
                .audit(trail, new Slf4jAuditListener(log)).build().execute());

        assertThat(thrown).satisfies(code(MergeErrorCode.DATABASE_ERROR));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                chain.append(suppressed).append('\n');
            }
        }
        assertThat(chain.toString() + everything(null, trail, log)).doesNotContain(SSN_C, SSN_B, SSN_A)
                .contains("SQLState 23");
        assertThat(trail.rolledBackWith()).isEqualTo("DATABASE_ERROR");
        assertThat(((AuditEvent.MergeRolledBack) trail.last()).reason()).contains("SQLState 23")
                .doesNotContain(SSN_C);
        assertThat(db.queryRows("select ssn from sv_person order by id")).containsExactly(List.of(SSN_A),
                List.of(SSN_B), List.of(SSN_C));
    }
}
