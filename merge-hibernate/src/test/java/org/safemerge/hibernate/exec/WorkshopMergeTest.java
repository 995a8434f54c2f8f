package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.CascadingEvent;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;

class WorkshopMergeTest {
    private final AuditTrail audit = new AuditTrail();

    private static SessionFactory seed(TestDatabase db) {
        return Workshop.seed(db);
    }

    @MatrixTest
    void tagsFromB_keepsSharedTagsAlive_andChangesOnlyJoinRows(TestDatabase db) {
        SessionFactory factory = seed(db);

        MergeReport report = factory.fromTransaction(s -> HibernateMerge.of(s).plan(Event.class)
                .survivor(10L).duplicates(11L)
                .field("tags", FieldStrategy.takeB())
                .audit(audit)
                .build().execute());

        assertThat(db.queryLong("select count(*) from ws_tag")).as("every Tag row still exists").isEqualTo(3);
        assertThat(db.queryRows("select event_id, tag_id from ws_event_tag order by event_id, tag_id"))
                .containsExactly(List.of(10L, 2L), List.of(10L, 3L), List.of(12L, 2L));
        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
        assertThat(db.queryLong("select version from ws_event where id = 10")).isEqualTo(1);
        assertThat(report.actualRows()).doesNotContain(-1L);
        assertThat(audit.events()).first().isInstanceOf(AuditEvent.MergeStarted.class);
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(audit.of(AuditEvent.LinksRemoved.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(1L));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(101L, 102L));
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

    @MatrixTest
    void unionOfTags_keepsEveryTag_andSkipsTheLinkBothAlreadyHave(TestDatabase db) {
        SessionFactory factory = seed(db);
        db.execute("insert into ws_event_tag (event_id, tag_id) values (11, 1)");

        MergeReport report = factory.fromTransaction(s -> HibernateMerge.of(s).plan(Event.class)
                .survivor(10L).duplicates(11L)
                .field("tags", FieldStrategy.union())
                .audit(audit)
                .build().execute());

        assertThat(db.queryRows("select id, name from ws_tag order by id")).as("every Tag row, unchanged")
                .containsExactly(List.of(1L, "python"), List.of(2L, "beginners"), List.of(3L, "online"));
        assertThat(db.queryRows("select event_id, tag_id from ws_event_tag order by event_id, tag_id"))
                .containsExactly(List.of(10L, 1L), List.of(10L, 2L), List.of(10L, 3L), List.of(12L, 2L));
        assertThat(audit.of(AuditEvent.LinksSkipped.class)).singleElement().satisfies(e -> {
            assertThat(e.rowIds()).containsExactly(1L);
            assertThat(e.from()).isEqualTo(11L);
            assertThat(e.to()).isEqualTo(10L);
        });
        assertThat(audit.of(AuditEvent.LinksAdded.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(2L, 3L));
        assertThat(audit.of(AuditEvent.LinksRemoved.class)).isEmpty();
        assertThat(report.toText()).contains("skip 1 link of 11 that 10 already has", "move 2 links in ws_event_tag");
    }

    @MatrixTest
    void tagsFromB_withCascadeAllOnTheManyToMany_deletesNoTag(TestDatabase db) {
        SessionFactory factory = seed(db);

        MergeReport report = factory.fromTransaction(s -> HibernateMerge.of(s).plan(CascadingEvent.class)
                .survivor(20L).duplicates(21L)
                .field("tags", FieldStrategy.takeB())
                .audit(audit)
                .build().execute());

        assertThat(db.queryLong("select count(*) from ws_tag")).as("every Tag row still exists").isEqualTo(3);
        assertThat(db.queryRows("select event_id, tag_id from ws_cevent_tag order by event_id, tag_id"))
                .containsExactly(List.of(20L, 1L), List.of(20L, 2L), List.of(20L, 3L), List.of(22L, 2L));
        assertThat(db.queryRows("select id, title from ws_cevent order by id"))
                .containsExactly(List.of(20L, "Rust meetup"), List.of(22L, "Other meetup"));
        assertThat(audit.of(AuditEvent.LinksRemoved.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(1L));
        assertThat(audit.of(AuditEvent.LinksAdded.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(1L, 2L, 3L));
        assertThat(report.hazards()).anySatisfy(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.CASCADE_REMOVE_IGNORED);
            assertThat(h.blocking()).isFalse();
        });
    }

    @MatrixTest
    void unionOfTags_withCascadeAllOnTheManyToMany_deletesNoTag(TestDatabase db) {
        SessionFactory factory = seed(db);

        factory.inTransaction(s -> HibernateMerge.of(s).plan(CascadingEvent.class)
                .survivor(20L).duplicates(21L)
                .audit(audit)
                .build().execute());

        assertThat(db.queryRows("select id, name from ws_tag order by id"))
                .containsExactly(List.of(1L, "python"), List.of(2L, "beginners"), List.of(3L, "online"));
        assertThat(db.queryRows("select event_id, tag_id from ws_cevent_tag order by event_id, tag_id"))
                .containsExactly(List.of(20L, 1L), List.of(20L, 2L), List.of(20L, 3L), List.of(22L, 2L));
        assertThat(audit.of(AuditEvent.LinksSkipped.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(1L));
        assertThat(audit.of(AuditEvent.LinksAdded.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(2L, 3L));
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).extracting(AuditEvent.EntityDeleted::entity)
                .containsExactly("CascadingEvent");
    }
}
