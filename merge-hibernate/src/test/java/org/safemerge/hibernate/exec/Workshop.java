package org.safemerge.hibernate.exec;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.testing.TestDatabase;

/** The workshop-admin domain of DESIGN.md "Why": events share tags; tasks need their event. */
final class Workshop {
    private Workshop() {
    }

    static final Class<?>[] ENTITIES = {Event.class, Tag.class, Task.class, CascadingEvent.class};

    @Entity(name = "Event")
    @Table(name = "ws_event")
    static class Event {
        @Id
        Long id;
        String title;
        @Version
        Long version;
        @ManyToMany
        @JoinTable(name = "ws_event_tag", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<Tag> tags = new HashSet<>();
        @OneToMany(mappedBy = "event")
        Set<Task> tasks = new HashSet<>();

        Event() {
        }

        Event(Long id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    @Entity(name = "Tag")
    @Table(name = "ws_tag")
    static class Tag {
        @Id
        Long id;
        String name;

        Tag() {
        }

        Tag(Long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    @Entity(name = "Task")
    @Table(name = "ws_task")
    static class Task {
        @Id
        Long id;
        String title;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "event_id", nullable = false)
        Event event;

        Task() {
        }

        Task(Long id, String title, Event event) {
            this.id = id;
            this.title = title;
            this.event = event;
        }
    }

    /** Same shape, but the many-to-many cascades ALL: a naive merge would delete shared tags. */
    @Entity(name = "CascadingEvent")
    @Table(name = "ws_cevent")
    static class CascadingEvent {
        @Id
        Long id;
        String title;
        @ManyToMany(cascade = CascadeType.ALL)
        @JoinTable(name = "ws_cevent_tag", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<Tag> tags = new HashSet<>();

        CascadingEvent() {
        }

        CascadingEvent(Long id, String title, Tag... tags) {
            this.id = id;
            this.title = title;
            this.tags.addAll(Set.of(tags));
        }
    }

    /**
     * A new factory with the seed of DESIGN.md's case: events A (10, tag python), B (11, tags beginners and online,
     * the duplicate of A), other (12, beginners); tasks 100 -> A, 101 and 102 -> B. Tags: 1 python, 2 beginners,
     * 3 online. The cascade=ALL shape: 20, its duplicate 21 (python, beginners, online), 22 (beginners).
     */
    static SessionFactory seed(TestDatabase db) {
        return seed(db, settings -> { });
    }

    /** Same, with extra Hibernate settings (e.g. a JTA platform) applied on top of the database's. */
    static SessionFactory seed(TestDatabase db, Consumer<Map<String, Object>> settings) {
        SessionFactory factory = db.sessionFactory(settings, Workshop.ENTITIES);
        factory.inTransaction(s -> {
            Tag python = new Tag(1L, "python");
            Tag beginners = new Tag(2L, "beginners");
            Tag online = new Tag(3L, "online");
            s.persist(python);
            s.persist(beginners);
            s.persist(online);
            Event a = new Event(10L, "Python workshop");
            a.tags.add(python);
            Event b = new Event(11L, "Python Workshop (dup)");
            b.tags.add(beginners);
            b.tags.add(online);
            Event other = new Event(12L, "Other event");
            other.tags.add(beginners);
            s.persist(a);
            s.persist(b);
            s.persist(other);
            s.persist(new Task(100L, "book room", a));
            s.persist(new Task(101L, "order pizza", b));
            s.persist(new Task(102L, "print badges", b));
            // the cascade=ALL shape: 21 duplicates 20, 22 shares a tag with both
            s.persist(new CascadingEvent(20L, "Rust meetup", python));
            s.persist(new CascadingEvent(21L, "Rust Meetup (dup)", python, beginners, online));
            s.persist(new CascadingEvent(22L, "Other meetup", beginners));
        });
        return factory;
    }
}
