package org.safemerge.examples.domain;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A workshop. Its tags cascade ALL, as in the application whose hand-written merge deleted shared tags: SafeMerge
 * changes join rows only, whatever the cascade says.
 */
@Entity(name = "Event")
@Table(name = "ws_event", indexes = {
        @Index(name = "ix_ws_event_organization", columnList = "organization_id"),
        @Index(name = "ix_ws_event_organizer", columnList = "organizer_id")})
public class Event {
    @Id
    public Long id;
    public String title;
    public LocalDate startsOn;
    public String description;
    public LocalDateTime updatedAt;
    @Version
    public Long version;
    @ManyToOne
    @JoinColumn(name = "organization_id")
    public Organization organization;
    @ManyToOne
    @JoinColumn(name = "organizer_id")
    public Person organizer;
    @ManyToMany(cascade = CascadeType.ALL)
    @JoinTable(name = "ws_event_tag", joinColumns = @JoinColumn(name = "event_id"),
            inverseJoinColumns = @JoinColumn(name = "tag_id"),
            indexes = @Index(name = "ix_ws_event_tag_tag", columnList = "tag_id"))
    public Set<Tag> tags = new LinkedHashSet<>();
    @OneToMany(mappedBy = "event")
    public Set<Task> tasks = new LinkedHashSet<>();

    protected Event() {
    }

    public Event(Long id, String title, LocalDate startsOn, Organization organization, Person organizer,
            LocalDateTime updatedAt) {
        this.id = id;
        this.title = title;
        this.startsOn = startsOn;
        this.organization = organization;
        this.organizer = organizer;
        this.updatedAt = updatedAt;
    }
}
