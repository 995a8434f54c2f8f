package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A comment on an event by a person. */
@Entity(name = "Comment")
@Table(name = "ws_comment", indexes = {
        @Index(name = "ix_ws_comment_author", columnList = "author_id"),
        @Index(name = "ix_ws_comment_event", columnList = "event_id")})
public class Comment {
    @Id
    public Long id;
    public String text;
    @ManyToOne
    @JoinColumn(name = "event_id")
    public Event event;
    @ManyToOne(optional = false)
    @JoinColumn(name = "author_id", nullable = false)
    public Person author;

    protected Comment() {
    }

    public Comment(Long id, String text, Event event, Person author) {
        this.id = id;
        this.text = text;
        this.event = event;
        this.author = author;
    }
}
