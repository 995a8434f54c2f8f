package org.safemerge.hibernate.exec.enhanced;

import jakarta.persistence.Basic;
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

/** The workshop shape, enhanced: events share tags, tasks need their event, the description loads lazily. */
public final class EnhancedWorkshop {
    private EnhancedWorkshop() {
    }

    public static final Class<?>[] ENTITIES = {Event.class, Tag.class, Task.class};

    @Entity(name = "EnhancedEvent")
    @Table(name = "en_event")
    public static class Event {
        @Id
        private Long id;
        private String title;
        @Basic(fetch = FetchType.LAZY)
        private String description;
        @Version
        private Long version;
        @ManyToMany
        @JoinTable(name = "en_event_tag", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        private Set<Tag> tags = new HashSet<>();
        @OneToMany(mappedBy = "event")
        private Set<Task> tasks = new HashSet<>();

        protected Event() {
        }

        public Event(Long id, String title, String description) {
            this.id = id;
            this.title = title;
            this.description = description;
        }

        public Long getId() {
            return id;
        }

        public String getTitle() {
            return title;
        }

        public void setTitle(String title) {
            this.title = title;
        }

        public String getDescription() {
            return description;
        }

        public Long getVersion() {
            return version;
        }

        public Set<Tag> getTags() {
            return tags;
        }

        public Set<Task> getTasks() {
            return tasks;
        }
    }

    @Entity(name = "EnhancedTag")
    @Table(name = "en_tag")
    public static class Tag {
        @Id
        private Long id;
        private String name;

        protected Tag() {
        }

        public Tag(Long id, String name) {
            this.id = id;
            this.name = name;
        }

        public Long getId() {
            return id;
        }
    }

    @Entity(name = "EnhancedTask")
    @Table(name = "en_task")
    public static class Task {
        @Id
        private Long id;
        private String title;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "event_id", nullable = false)
        private Event event;

        protected Task() {
        }

        public Task(Long id, String title, Event event) {
            this.id = id;
            this.title = title;
            this.event = event;
        }

        public Event getEvent() {
            return event;
        }
    }
}
