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
import java.util.Set;

/** The workshop-admin domain of DESIGN.md "Why": events share tags; tasks need their event. */
final class Workshop {
    private Workshop() {
    }

    static final Class<?>[] ENTITIES = {Event.class, Tag.class, Task.class};

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
    }
}
