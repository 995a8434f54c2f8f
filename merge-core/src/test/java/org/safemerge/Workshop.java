package org.safemerge;

import java.time.Instant;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/**
 * The workshop-admin app of DESIGN.md "Why", as a graph: events with tags (many-to-many), aliases (element
 * collection), tasks (NOT NULL FK), attendees (nullable FK), checklist items (orphanRemoval), a poster (one-to-one)
 * and a venue (to-one). Data: events 1 (A, the survivor), 2 (B, the duplicate) and 3 (C, untouched); tags 10-14;
 * A is tagged 10, 11; B 11, 12; C 10, 12.
 */
final class Workshop {
    static final long A = 1;
    static final long B = 2;
    static final long C = 3;

    /** An embeddable. */
    record Address(String street, String city) {
    }

    private Workshop() {
    }

    static AssociationGraph graph() {
        TestGraph g = new TestGraph();
        g.entity("Venue", "venue").basic("name");
        g.entity("Tag", "tag").basic("label");
        g.entity("Event", "event").version("version").basic("name").notNull("name").basic("note")
                .basic("updatedAt", Instant.class).basic("capacity", Integer.class).basic("secret")
                .sensitive("secret").embedded("address", Address.class);
        g.entity("Task", "task").basic("title");
        g.entity("Attendee", "attendee").basic("name");
        g.entity("ChecklistItem", "checklist_item").basic("text");
        g.entity("Poster", "poster").basic("title");
        g.toOne("Event", "venue", "Venue", "venue_id");
        g.manyToMany("Event", "tags", "Tag", "event_tags", "event_id", "tag_id");
        g.elementCollection("Event", "aliases", "event_alias", "event_id", "alias");
        g.toOne("Task", "event", "Event", "event_id").notNull().inverse("tasks");
        g.toOne("Attendee", "event", "Event", "event_id").inverse("attendees");
        g.toOne("ChecklistItem", "event", "Event", "event_id").orphanRemoval().inverse("checklist");
        g.toOne("Poster", "event", "Event", "event_id").unique();
        return g.build();
    }

    /** The graph with events A, B, C, their tags and aliases; no tasks, attendees, checklist items or posters. */
    static InMemoryExecutor executor() {
        InMemoryExecutor executor = InMemoryExecutor.of(graph());
        executor.db()
                .insert("venue", "id", 50, "name", "Hall")
                .insert("venue", "id", 51, "name", "Barn")
                .insert("event", "id", A, "version", 3, "name", "Kotlin workshop", "venue_id", 50)
                .insert("event", "id", B, "version", 7, "name", "Kotlin Workshop!", "venue_id", 51)
                .insert("event", "id", C, "version", 1, "name", "Java workshop");
        for (long tag = 10; tag <= 14; tag++) {
            executor.db().insert("tag", "id", tag, "label", "tag" + tag);
        }
        link(executor, A, 10, 11);
        link(executor, B, 11, 12);
        link(executor, C, 10, 12);
        return executor;
    }

    static void link(InMemoryExecutor executor, long event, long... tags) {
        for (long tag : tags) {
            executor.db().insert("event_tags", "event_id", event, "tag_id", tag);
        }
    }

    static MergePlan.Builder<Object> merge(InMemoryExecutor executor) {
        return MergePlan.builder(executor, "Event").survivor(A).duplicates(B);
    }
}
