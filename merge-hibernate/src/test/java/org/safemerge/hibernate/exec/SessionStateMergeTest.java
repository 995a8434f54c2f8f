package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import java.util.List;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.exec.Workshop.Tag;
import org.safemerge.hibernate.exec.Workshop.Task;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;

/**
 * The caller's session after a merge in it: nothing it holds shows the old state, and a dry run leaves the caller's
 * pending changes alone.
 */
class SessionStateMergeTest {

    private static SessionFactory seed(TestDatabase db) {
        return Workshop.seed(db);
    }

    @MatrixTest
    void entitiesLoadedBeforeTheMerge_showTheMergedStateWithoutReloading(TestDatabase db) {
        SessionFactory factory = seed(db);

        factory.inTransaction(s -> {
            Task pizza = s.find(Task.class, 101L);
            assertThat(((Event) Hibernate.unproxy(pizza.event)).id).isEqualTo(11L);
            Event survivor = s.find(Event.class, 10L);
            assertThat(survivor.tags).extracting(t -> t.id).containsExactly(1L);
            assertThat(survivor.tasks).extracting(t -> t.id).containsExactly(100L);
            Event duplicate = s.find(Event.class, 11L);
            Tag beginners = s.find(Tag.class, 2L);

            HibernateMerge.of(s).plan(Event.class).survivor(10L).duplicates(11L)
                    .field("tags", FieldStrategy.takeB()).build().execute();

            assertThat(Hibernate.unproxy(pizza.event)).as("the task now points at the survivor instance")
                    .isSameAs(survivor);
            assertThat(survivor.tags).extracting(t -> t.id).containsExactlyInAnyOrder(2L, 3L);
            assertThat(survivor.tags).contains(beginners);
            assertThat(survivor.tasks).extracting(t -> t.id).containsExactlyInAnyOrder(100L, 101L, 102L);
            assertThat(survivor.version).isEqualTo(1L);
            assertThat(s.contains(duplicate)).isFalse();
            assertThat(s.contains(beginners)).as("linked entities stay managed").isTrue();
        });

        assertThat(db.queryRows("select id, event_id from ws_task order by id"))
                .containsExactly(List.of(100L, 10L), List.of(101L, 10L), List.of(102L, 10L));
    }

    @MatrixTest
    void dryRunInTheCallersSession_doesNotFlushItsPendingChanges(TestDatabase db) {
        SessionFactory factory = seed(db);

        try (Session s = factory.openSession()) {
            s.beginTransaction();
            s.find(Event.class, 10L).title = "renamed, not flushed";
            s.find(Task.class, 100L).title = "also pending";

            MergeReport preview = HibernateMerge.of(s).plan(Event.class).survivor(10L).duplicates(11L)
                    .build().dryRun();

            assertThat(preview.steps()).isNotEmpty();
            assertThat(s.isDirty()).as("the caller's changes are still pending").isTrue();
            // read through the session's own connection: a flush would be visible here, uncommitted or not
            List<String> titles = s.doReturningWork(c -> {
                try (var st = c.createStatement();
                     var rs = st.executeQuery("select title from ws_event where id = 10 union all "
                             + "select title from ws_task where id = 100")) {
                    List<String> values = new java.util.ArrayList<>();
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                    return values;
                }
            });
            assertThat(titles).containsExactly("Python workshop", "book room");
            s.getTransaction().commit();
        }

        assertThat(db.queryRows("select title from ws_event where id = 10"))
                .as("the caller's own commit still writes them").containsExactly(List.of("renamed, not flushed"));
    }

    @MatrixTest
    void closedSession_isRefusedWithWhatToDo_andNothingChanges(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        Session closed = factory.openSession();
        closed.close();

        assertThatThrownBy(() -> HibernateMerge.of(closed).plan(Event.class).survivor(10L).duplicates(11L).build()
                .execute())
                .satisfies(code(MergeErrorCode.INVALID_ARGUMENT)).hasMessageContaining("the session is closed");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }
}
