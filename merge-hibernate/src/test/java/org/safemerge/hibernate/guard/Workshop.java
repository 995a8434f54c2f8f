package org.safemerge.hibernate.guard;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * The workshop-admin case of DESIGN.md "Why": events share tags (cascade ALL, as in the application whose merge
 * deleted them); tasks point at an event; a notes table only the database knows cascades deletes of events.
 */
final class Workshop {
    static final long A = 10L;
    static final long B = 11L;

    private Workshop() {
    }

    @Entity(name = "Event")
    @Table(name = "gd_event")
    static class Event {
        @Id
        Long id;
        String title;
        @ManyToMany(cascade = CascadeType.ALL)
        @JoinTable(name = "gd_event_tag", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<Tag> tags = new HashSet<>();
    }

    @Entity(name = "Tag")
    @Table(name = "gd_tag")
    static class Tag {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "Task")
    @Table(name = "gd_task")
    static class Task {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "event_id")
        Event event;
    }

    /**
     * Events A (10: python), B (11: beginners, online), other (12: beginners); tasks 100 -> A, 101, 102 -> B;
     * notes (catalog only, ON DELETE CASCADE) 500 -> A, 501 -> B.
     */
    static SessionFactory seed(TestDatabase db) {
        db.execute("drop table if exists gd_event_note");
        SessionFactory factory = db.sessionFactory(Event.class, Tag.class, Task.class);
        db.execute("create table gd_event_note (id bigint not null primary key, event_id bigint not null, "
                + "constraint gd_event_note_event foreign key (event_id) references gd_event (id) on delete cascade)");
        db.execute("insert into gd_tag (id, name) values (1, 'python'), (2, 'beginners'), (3, 'online')",
                "insert into gd_event (id, title) values (10, 'Python workshop'), (11, 'Python Workshop (dup)'), "
                        + "(12, 'Other')",
                "insert into gd_event_tag (event_id, tag_id) values (10, 1), (11, 2), (11, 3), (12, 2)",
                "insert into gd_task (id, event_id) values (100, 10), (101, 11), (102, 11)",
                "insert into gd_event_note (id, event_id) values (500, 10), (501, 11)");
        return factory;
    }

    /**
     * The hand-written merge of the post-mortem, "base A, tags from B": it deletes A's tags themselves (with every
     * link to them, as an ORM's {@code tags.all().delete()} does) instead of A's links, then copies B's links.
     */
    static void wrongTagsFromB(Session s) {
        s.createNativeMutationQuery("delete from gd_event_tag where tag_id in (select tag_id from (select tag_id "
                + "from gd_event_tag where event_id = :a) mine)").setParameter("a", A).executeUpdate();
        s.createNativeMutationQuery("delete from gd_tag where id not in (select tag_id from gd_event_tag)")
                .executeUpdate();
        s.createNativeMutationQuery("insert into gd_event_tag (event_id, tag_id) select :a, tag_id from "
                + "gd_event_tag where event_id = :b").setParameter("a", A).setParameter("b", B).executeUpdate();
    }

    /** The right one: A's links go, B's links move to A, B's tasks follow, B goes. Tags are never touched. */
    static void rightTagsFromB(Session s) {
        s.createNativeMutationQuery("delete from gd_event_tag where event_id = :a").setParameter("a", A)
                .executeUpdate();
        s.createNativeMutationQuery("update gd_event_tag set event_id = :a where event_id = :b")
                .setParameter("a", A).setParameter("b", B).executeUpdate();
        s.createNativeMutationQuery("update gd_task set event_id = :a where event_id = :b").setParameter("a", A)
                .setParameter("b", B).executeUpdate();
        s.createNativeMutationQuery("update gd_event_note set event_id = :a where event_id = :b")
                .setParameter("a", A).setParameter("b", B).executeUpdate();
        s.createNativeMutationQuery("delete from gd_event where id = :b").setParameter("b", B).executeUpdate();
    }
}
