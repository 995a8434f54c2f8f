package org.safemerge.examples.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A task that cannot exist without its event (NOT NULL FK): it must be re-pointed, never orphaned. */
@Entity(name = "Task")
@Table(name = "ws_task", indexes = {
        @Index(name = "ix_ws_task_assignee", columnList = "assignee_id"),
        @Index(name = "ix_ws_task_event", columnList = "event_id")})
public class Task {
    @Id
    public Long id;
    public String title;
    @ManyToOne(optional = false)
    @JoinColumn(name = "event_id", nullable = false)
    public Event event;
    @ManyToOne
    @JoinColumn(name = "assignee_id")
    public Person assignee;

    protected Task() {
    }

    public Task(Long id, String title, Event event, Person assignee) {
        this.id = id;
        this.title = title;
        this.event = event;
        this.assignee = assignee;
    }
}
