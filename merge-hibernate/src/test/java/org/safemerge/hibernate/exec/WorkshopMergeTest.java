package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.safemerge.FieldStrategy;
import org.safemerge.audit.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.exec.Workshop.Tag;
import org.safemerge.hibernate.exec.Workshop.Task;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;

class WorkshopMergeTest {
    private final List<AuditEvent> audit = new ArrayList<>();

    @BeforeEach
    void clearAudit() {
        audit.clear();
    }

    private SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Workshop.ENTITIES);
        db.execute("delete from ws_task", "delete from ws_event_tag", "delete from ws_event", "delete from ws_tag");
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
        });
        return factory;
    }

    @MatrixTest
    void tagsFromB_keepsSharedTagsAlive_andChangesOnlyJoinRows(TestDatabase db) {
        SessionFactory factory = seed(db);

        MergeReport report = factory.fromTransaction(s -> HibernateMerge.of(s).plan(Event.class)
                .survivor(10L).duplicates(11L)
                .field("tags", FieldStrategy.takeB())
                .audit(audit::add)
                .build().execute());

        assertThat(db.queryLong("select count(*) from ws_tag")).as("every Tag row still exists").isEqualTo(3);
        assertThat(db.queryRows("select event_id, tag_id from ws_event_tag order by event_id, tag_id"))
                .containsExactly(List.of(10L, 2L), List.of(10L, 3L), List.of(12L, 2L));
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
        assertThat(db.queryLong("select version from ws_event where id = 10")).isEqualTo(1);
        assertThat(report.actualRows()).doesNotContain(-1L);
        assertThat(audit).first().isInstanceOf(AuditEvent.MergeStarted.class);
        assertThat(audit).last().isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(audit).filteredOn(AuditEvent.LinksRemoved.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((AuditEvent.LinksRemoved) e).rowIds()).containsExactly(1L));
        assertThat(audit).filteredOn(AuditEvent.ReferencesRepointed.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((AuditEvent.ReferencesRepointed) e).rowIds()).containsExactly(101L, 102L));
    }

    @MatrixTest
    void dryRun_writesNothing_andShowsTheStepsExecuteRuns(TestDatabase db) {
        SessionFactory factory = seed(db);

        MergeReport preview = factory.fromTransaction(s -> HibernateMerge.of(s).plan(Event.class)
                .survivor(10L).duplicates(11L).build().dryRun());

        assertThat(db.queryLong("select count(*) from ws_event")).isEqualTo(3);
        assertThat(db.queryLong("select count(*) from ws_event_tag")).isEqualTo(4);
        MergeReport done = factory.fromTransaction(s -> HibernateMerge.of(s).plan(Event.class)
                .survivor(10L).duplicates(11L).build().execute(preview));
        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(db.queryRows("select event_id, tag_id from ws_event_tag order by event_id, tag_id"))
                .containsExactly(List.of(10L, 1L), List.of(10L, 2L), List.of(10L, 3L), List.of(12L, 2L));
    }
}
