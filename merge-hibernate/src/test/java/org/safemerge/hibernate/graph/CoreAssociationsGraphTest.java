package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.graph.GraphAssertions.assertReferences;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import org.safemerge.Sensitive;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeFlag;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * To-one and collection associations between plain entities: many-to-one (nullable and NOT NULL), one-to-one
 * owning and inverse, one-to-many mappedBy, unidirectional one-to-many with a join column and with a join table,
 * many-to-many (set, and list with an order column), cascade REMOVE, orphan removal, {@code @OnDelete}, and
 * {@code @Version}.
 */
class CoreAssociationsGraphTest {

    @Entity(name = "Event")
    @Table(name = "event")
    static class Event {
        @Id
        Long id;
        @Version
        int version;
        @Sensitive
        String organizerEmail;
        @OneToMany(mappedBy = "event", cascade = CascadeType.ALL, orphanRemoval = true)
        List<Task> tasks;
        @ManyToMany(cascade = {CascadeType.PERSIST, CascadeType.REMOVE})
        @JoinTable(name = "event_tags", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<Tag> tags;
        @ManyToMany
        @OrderColumn(name = "speaker_order")
        @JoinTable(name = "event_speakers", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "person_id"))
        List<Person> speakers;
        @OneToMany
        @JoinColumn(name = "event_id")
        Set<Note> notes;
        @OneToMany
        @JoinTable(name = "event_attachments", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "attachment_id"))
        List<Attachment> attachments;
    }

    @Entity(name = "Task")
    @Table(name = "task")
    static class Task {
        @Id
        Long id;
        @ManyToOne(optional = false)
        @JoinColumn(name = "event_id", nullable = false)
        @OnDelete(action = OnDeleteAction.CASCADE)
        Event event;
        @ManyToOne
        @JoinColumn(name = "assignee_id")
        Person assignee;
    }

    @Entity(name = "Tag")
    @Table(name = "tag")
    static class Tag {
        @Id
        Long id;
        String label;
        @ManyToMany(mappedBy = "tags")
        Set<Event> events;
    }

    @Entity(name = "Person")
    @Table(name = "person")
    static class Person {
        @Id
        Long id;
        @OneToOne(mappedBy = "holder")
        Passport passport;
    }

    @Entity(name = "Passport")
    @Table(name = "passport")
    static class Passport {
        @Id
        Long id;
        @OneToOne
        @JoinColumn(name = "holder_id")
        Person holder;
    }

    @Entity(name = "Note")
    @Table(name = "note")
    static class Note {
        @Id
        Long id;
        String text;
    }

    @Entity(name = "Attachment")
    @Table(name = "attachment")
    static class Attachment {
        @Id
        Long id;
    }

    private static SessionFactory factory(TestDatabase db) {
        return db.sessionFactory(Event.class, Task.class, Tag.class, Person.class, Passport.class, Note.class,
                Attachment.class);
    }

    @MatrixTest
    void findsEveryMappedReference_withItsColumnsKindFlagsAndDatabaseRules(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        assertReferences(graph, db.database(),
                "task(event_id) FOREIGN_KEY -> Event [Task.event, Event.tasks] table=task columns=[event_id]"
                        + " rowKey=[id] source=Task NOT NULL"
                        + " flags=[CASCADE_REMOVE, ON_DELETE_CASCADE, ORPHAN_REMOVAL] onDelete=CASCADE",
                "task(assignee_id) FOREIGN_KEY -> Person [Task.assignee] table=task columns=[assignee_id]"
                        + " rowKey=[id] source=Task nullable flags=[] onDelete=DEFAULT",
                "event_tags(event_id) JOIN_TABLE -> Event [Event.tags] table=event_tags columns=[event_id]"
                        + " rowKey=[tag_id] source=Tag NOT NULL unique flags=[CASCADE_REMOVE] onDelete=DEFAULT",
                "event_tags(tag_id) JOIN_TABLE -> Tag [Tag.events, Event.tags] table=event_tags columns=[tag_id]"
                        + " rowKey=[event_id] source=Event NOT NULL unique flags=[CASCADE_REMOVE]"
                        + " onDelete=DEFAULT",
                "event_speakers(event_id) JOIN_TABLE -> Event [Event.speakers] table=event_speakers"
                        + " columns=[event_id] rowKey=[person_id] source=Person NOT NULL order=speaker_order"
                        + " flags=[ORDERED] onDelete=DEFAULT",
                "event_speakers(person_id) JOIN_TABLE -> Person [Event.speakers] table=event_speakers"
                        + " columns=[person_id] rowKey=[event_id] source=Event NOT NULL order=speaker_order"
                        + " flags=[ORDERED] onDelete=DEFAULT",
                "note(event_id) FOREIGN_KEY -> Event [Event.notes] table=note columns=[event_id] rowKey=[id]"
                        + " source=Note nullable flags=[] onDelete=DEFAULT",
                "event_attachments(event_id) JOIN_TABLE -> Event [Event.attachments] table=event_attachments"
                        + " columns=[event_id] rowKey=[attachment_id] source=Attachment NOT NULL unique flags=[]"
                        + " onDelete=DEFAULT",
                "event_attachments(attachment_id) JOIN_TABLE -> Attachment [Event.attachments]"
                        + " table=event_attachments columns=[attachment_id] rowKey=[event_id] source=Event NOT NULL"
                        + " unique flags=[] onDelete=DEFAULT",
                "passport(holder_id) FOREIGN_KEY -> Person [Passport.holder, Person.passport] table=passport"
                        + " columns=[holder_id] rowKey=[id] source=Passport nullable unique flags=[]"
                        + " onDelete=DEFAULT");
        assertThat(graph.references()).allSatisfy(r -> assertThat(r.constraintName()).as(r.key()).isNotBlank());
    }

    @MatrixTest
    void describesEachEntityType_withIdVersionSensitiveAttributesAndTheReferenceOfEachCollection(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        EntityType event = graph.entity("Event").orElseThrow();
        assertThat(event.javaType()).isEqualTo(Event.class.getName());
        assertThat(event.table()).isEqualTo("event");
        assertThat(event.idColumns()).containsExactly("id");
        assertThat(event.idAttribute()).isEqualTo("id");
        assertThat(event.versionAttribute()).isEqualTo("version");
        assertThat(event.superType()).isNull();
        assertThat(event.subTypes()).isEmpty();
        assertThat(event.softDeleteColumn()).isNull();
        assertThat(event.attributes()).extracting(EntityAttribute::name).containsExactlyInAnyOrder("id", "version",
                "organizerEmail", "tasks", "tags", "speakers", "notes", "attachments");
        assertThat(event.attribute("id").orElseThrow().kind()).isEqualTo(AttributeKind.ID);
        assertThat(event.attribute("version").orElseThrow().kind()).isEqualTo(AttributeKind.VERSION);
        assertThat(event.attribute("organizerEmail").orElseThrow())
                .isEqualTo(new EntityAttribute("organizerEmail", AttributeKind.BASIC, String.class.getName(), true,
                        true, null, null));
        assertThat(event.attribute("tasks").orElseThrow())
                .isEqualTo(new EntityAttribute("tasks", AttributeKind.ONE_TO_MANY, Task.class.getName(), true,
                        false, "task(event_id)", "Task",
                        Set.of(AttributeFlag.CASCADE_REMOVE, AttributeFlag.ORPHAN_REMOVAL)));
        assertThat(event.attribute("tags").orElseThrow())
                .isEqualTo(new EntityAttribute("tags", AttributeKind.MANY_TO_MANY, Tag.class.getName(), true,
                        false, "event_tags(event_id)", "Tag", Set.of(AttributeFlag.CASCADE_REMOVE)));
        assertThat(graph.entity("Tag").orElseThrow().attribute("events").orElseThrow().flags())
                .as("the inverse side declares no cascade of its own").isEmpty();
        assertThat(event.attribute("speakers").orElseThrow().reference()).isEqualTo("event_speakers(event_id)");
        assertThat(event.attribute("notes").orElseThrow().kind()).isEqualTo(AttributeKind.ONE_TO_MANY);
        assertThat(event.attribute("notes").orElseThrow().reference()).isEqualTo("note(event_id)");
        assertThat(event.attribute("attachments").orElseThrow().kind()).isEqualTo(AttributeKind.ONE_TO_MANY);
        assertThat(event.attribute("attachments").orElseThrow().reference())
                .isEqualTo("event_attachments(event_id)");

        EntityType task = graph.entity("Task").orElseThrow();
        assertThat(task.attribute("event").orElseThrow())
                .isEqualTo(new EntityAttribute("event", AttributeKind.TO_ONE, Event.class.getName(), false, false,
                        null, "Event"));
        assertThat(task.attribute("assignee").orElseThrow().nullable()).isTrue();
        assertThat(graph.entity("Tag").orElseThrow().attribute("events").orElseThrow().reference())
                .isEqualTo("event_tags(tag_id)");
        assertThat(graph.entity("Person").orElseThrow().attribute("passport").orElseThrow().reference())
                .as("the inverse one-to-one's rows are the owning side's FK").isEqualTo("passport(holder_id)");
        assertThat(graph.entity("Passport").orElseThrow().attribute("holder").orElseThrow().reference())
                .as("a to-one that is no self-reference has no reference of its own").isNull();
    }

    @MatrixTest
    void describe_listsWhoPointsAtTheEntity_withNullabilityAndHazards(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));
        String defaultRule = GraphAssertions.defaultRule(db.database()) == OnDeleteRule.RESTRICT
                ? " ON DELETE RESTRICT" : "";

        String description = graph.describe("Event");

        assertThat(description).startsWith("Event (table event, id id, version version)\n");
        assertThat(description).contains(
                "  <- task(event_id) [FOREIGN_KEY, NOT NULL] Task.event / Event.tasks"
                        + " [CASCADE_REMOVE, ON_DELETE_CASCADE, ORPHAN_REMOVAL] ON DELETE CASCADE\n",
                "  <- event_tags(event_id) [JOIN_TABLE, NOT NULL, unique] Event.tags [CASCADE_REMOVE]"
                        + defaultRule + "\n",
                "  <- note(event_id) [FOREIGN_KEY, nullable] Event.notes" + defaultRule + "\n");
        assertThat(description.lines().filter(l -> l.startsWith("  <- "))).hasSize(5);
    }

    @MatrixTest
    void of_returnsTheSameGraphForAFactory_untilTheFactoryIsClosed(TestDatabase db) {
        SessionFactory factory = factory(db);

        AssociationGraph first = AssociationGraphs.of(factory);

        assertThat(AssociationGraphs.of(factory)).isSameAs(first);
        assertThat(org.safemerge.hibernate.internal.graph.GraphCache.isCached(factory)).isTrue();
        factory.close();
        assertThat(org.safemerge.hibernate.internal.graph.GraphCache.isCached(factory)).isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> AssociationGraphs.of(factory)))
                .isInstanceOfSatisfying(org.safemerge.MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(org.safemerge.MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("closed");
    }

    @MatrixTest
    void referencesTo_returnsEveryReferenceThatCanHoldTheEntitysId(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        assertThat(graph.referencesTo(graph.entity("Person").orElseThrow()))
                .extracting(InboundReference::key)
                .containsExactly("event_speakers(person_id)", "passport(holder_id)", "task(assignee_id)");
    }
}
