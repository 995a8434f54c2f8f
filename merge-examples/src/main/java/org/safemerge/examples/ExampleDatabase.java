package org.safemerge.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.examples.domain.Award;
import org.safemerge.examples.domain.Coaching;
import org.safemerge.examples.domain.Comment;
import org.safemerge.examples.domain.Contact;
import org.safemerge.examples.domain.Event;
import org.safemerge.examples.domain.Granting;
import org.safemerge.examples.domain.Guest;
import org.safemerge.examples.domain.IncomeConfirmation;
import org.safemerge.examples.domain.Note;
import org.safemerge.examples.domain.Organization;
import org.safemerge.examples.domain.Partner;
import org.safemerge.examples.domain.PartnerEvent;
import org.safemerge.examples.domain.PartnerProfile;
import org.safemerge.examples.domain.Person;
import org.safemerge.examples.domain.Tag;
import org.safemerge.examples.domain.Task;
import org.safemerge.examples.domain.Word;

/** Boots Hibernate on the example domain for a JDBC URL (H2, PostgreSQL or MariaDB). */
public final class ExampleDatabase {
    /** Every entity of the example domain. */
    public static final List<Class<?>> ENTITIES = List.of(Person.class, Organization.class, Tag.class, Event.class,
            Task.class, Award.class, Comment.class, Partner.class, PartnerProfile.class, Note.class, Word.class,
            Guest.class, PartnerEvent.class, Coaching.class, Contact.class, Granting.class, IncomeConfirmation.class);

    /** The tables of the example domain, for before/after counts. */
    public static final List<String> TABLES = List.of("ws_person", "ws_organization", "ws_tag", "ws_event",
            "ws_event_tag", "ws_task", "ws_award", "ws_comment", "pr_partner", "pr_profile", "pr_note", "pr_word",
            "pr_guest", "pr_event", "pr_coaching", "pr_contact", "pr_granting", "pr_income_confirmation");

    /** What to do with the schema when booting. */
    public enum Schema {
        /** Drop and create the example schema (seeding). */
        CREATE,
        /** Check that the schema is there (working on existing data). */
        VALIDATE,
        /** Leave the schema alone, whatever is there (commands that need only the database, e.g. its DDL). */
        NONE
    }

    private ExampleDatabase() {
    }

    public static SessionFactory open(String jdbcUrl, String user, String password, Schema schema) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AvailableSettings.JAKARTA_JDBC_URL, jdbcUrl);
        settings.put(AvailableSettings.JAKARTA_JDBC_USER, user);
        settings.put(AvailableSettings.JAKARTA_JDBC_PASSWORD, password);
        settings.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION,
                switch (schema) {
                    case CREATE -> "drop-and-create";
                    case VALIDATE -> "validate";
                    case NONE -> "none";
                });
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ENTITIES.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
