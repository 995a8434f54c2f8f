package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An award given to a person at an event. */
@Entity(name = "Award")
@Table(name = "ws_award", indexes = {
        @Index(name = "ix_ws_award_event", columnList = "event_id"),
        @Index(name = "ix_ws_award_person", columnList = "person_id")})
public class Award {
    @Id
    public Long id;
    public String title;
    @ManyToOne(optional = false)
    @JoinColumn(name = "person_id", nullable = false)
    public Person person;
    @ManyToOne
    @JoinColumn(name = "event_id")
    public Event event;

    protected Award() {
    }

    public Award(Long id, String title, Person person, Event event) {
        this.id = id;
        this.title = title;
        this.person = person;
        this.event = event;
    }
}
