package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.ManagedEntity;
import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import org.junit.jupiter.api.Test;
import org.safemerge.FieldStrategy;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.enhanced.EnhancedPartners;
import org.safemerge.hibernate.exec.enhanced.EnhancedWorkshop;
import org.safemerge.hibernate.exec.enhanced.EnhancedWorkshop.Event;
import org.safemerge.hibernate.exec.enhanced.EnhancedWorkshop.Task;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * The workshop and partner merges again, on entities enhanced at build time (lazy basic attributes, dirty tracking):
 * the same rows change, and values written to the survivor reach the database through the enhanced dirty tracking.
 */
class EnhancedEntityMergeTest {

    @Test
    void theEntitiesReallyAreEnhanced() {
        for (Class<?> entity : List.of(EnhancedWorkshop.ENTITIES, EnhancedPartners.ENTITIES).stream()
                .flatMap(java.util.Arrays::stream).toList()) {
            assertThat(entity).as(entity.getName())
                    .isAssignableTo(ManagedEntity.class)
                    .isAssignableTo(PersistentAttributeInterceptable.class)
                    .isAssignableTo(SelfDirtinessTracker.class);
        }
        assertThat(ManagedEntity.class.isAssignableFrom(Workshop.Event.class))
                .as("only the enhanced package is enhanced").isFalse();
    }

    /** Like the plain workshop: A (10, tag 1), B (11, tags 2, 3), other (12, tag 2); tasks 100 -> A, 101, 102 -> B. */
    private static SessionFactory workshop(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(EnhancedWorkshop.ENTITIES);
        db.execute("insert into en_tag (id, name) values (1, 'python'), (2, 'beginners'), (3, 'online')",
                "insert into en_event (id, title, description, version) values "
                        + "(10, 'Python workshop', 'short', 0), (11, 'Python Workshop (dup)', 'the long text', 0), "
                        + "(12, 'Other event', 'other', 0)",
                "insert into en_event_tag (event_id, tag_id) values (10, 1), (11, 2), (11, 3), (12, 2)",
                "insert into en_task (id, title, event_id) values (100, 'book room', 10), (101, 'order pizza', 11), "
                        + "(102, 'print badges', 11)");
        return factory;
    }

    @MatrixTest
    void tagsFromB_andTheLazyDescriptionFromB_changeOnlyJoinRowsAndTheSurvivor(TestDatabase db) {
        SessionFactory factory = workshop(db);
        AuditTrail audit = new AuditTrail();

        factory.inTransaction(s -> {
            Task pizza = s.find(Task.class, 101L);
            Event survivor = s.find(Event.class, 10L);
            assertThat(Hibernate.isPropertyInitialized(survivor, "description")).as("lazy").isFalse();

            HibernateMerge.of(s).plan(Event.class).survivor(10L).duplicates(11L)
                    .field("tags", FieldStrategy.takeB())
                    .field("description", FieldStrategy.takeB())
                    .field("title", FieldStrategy.takeB())
                    .audit(audit).build().execute();

            assertThat(Hibernate.unproxy(pizza.getEvent())).isSameAs(survivor);
            assertThat(survivor.getDescription()).isEqualTo("the long text");
            assertThat(survivor.getTags()).extracting(EnhancedWorkshop.Tag::getId).containsExactlyInAnyOrder(2L, 3L);
        });

        assertThat(db.queryRows("select id, name from en_tag order by id")).as("every Tag row, unchanged")
                .containsExactly(List.of(1L, "python"), List.of(2L, "beginners"), List.of(3L, "online"));
        assertThat(db.queryRows("select event_id, tag_id from en_event_tag order by event_id, tag_id"))
                .containsExactly(List.of(10L, 2L), List.of(10L, 3L), List.of(12L, 2L));
        assertThat(db.queryRows("select id, event_id from en_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        // written through the enhanced entity: its dirty tracking saw both, and the version moved once
        assertThat(db.queryRows("select id, title, description, version from en_event order by id")).containsExactly(
                List.of(10L, "Python Workshop (dup)", "the long text", 1L), List.of(12L, "Other event", "other", 0L));
        assertThat(audit.of(AuditEvent.AttributeSet.class)).extracting(AuditEvent.AttributeSet::attribute)
                .containsExactlyInAnyOrder("description", "title");
        assertThat(audit.rowIds(AuditEvent.LinksRemoved.class)).containsExactly(1L);
        assertThat(audit.rowIds(AuditEvent.LinksAdded.class)).containsExactly(2L, 3L);
        assertThat(audit.rowIds(AuditEvent.ReferencesRepointed.class)).containsExactly(101L, 102L);
    }

    @MatrixTest
    void unionOfTags_keepsEveryTag(TestDatabase db) {
        SessionFactory factory = workshop(db);

        HibernateMerge.of(factory).plan(Event.class).survivor(10L).duplicates(11L).build().execute();

        assertThat(db.queryLong("select count(*) from en_tag")).isEqualTo(3);
        assertThat(db.queryRows("select event_id, tag_id from en_event_tag order by event_id, tag_id")).containsExactly(
                List.of(10L, 1L), List.of(10L, 2L), List.of(10L, 3L), List.of(12L, 2L));
        assertThat(db.queryRows("select id, description, version from en_event order by id"))
                .containsExactly(List.of(10L, "short", 1L), List.of(12L, "other", 0L));
    }

    @MatrixTest
    void thePartnerCase_repointsEveryReferencingRow_andNothingElseChanges(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(EnhancedPartners.ENTITIES);
        db.execute("insert into en_partner (id, name, caseNotes, version) values (1, 'Anna Schmidt', null, 0), "
                        + "(2, 'Anna Schmitt', 'notes of B', 0), (3, 'Carl Weber', 'notes of C', 0)");
        for (String table : List.of("en_note", "en_word", "en_contact", "en_granting")) {
            db.execute("insert into " + table + " (id, partner_id) values (1, 1), (2, 2), (3, 2), (4, 3)");
        }
        TableDump before = TableDump.of(db);

        HibernateMerge.of(factory).plan(EnhancedPartners.Partner.class).survivor(1L).duplicates(2L)
                .field("caseNotes", FieldStrategy.firstNonNull()).build().execute();

        TableDump expected = before.without("en_partner");
        for (String table : List.of("en_note", "en_word", "en_contact", "en_granting")) {
            expected = expected.replacing(table, "partner_id", 2L, 1L);
        }
        assertThat(TableDump.of(db).without("en_partner")).isEqualTo(expected);
        assertThat(db.queryRows("select id, name, caseNotes, version from en_partner order by id")).containsExactly(
                List.of(1L, "Anna Schmidt", "notes of B", 1L), List.of(3L, "Carl Weber", "notes of C", 0L));
    }
}
