package org.safemerge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowSelection;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RunMode;
import org.safemerge.spi.TombstoneMarker;

/** The test harness itself: it must refuse what a database refuses, or the merge tests could not fail. */
class InMemoryExecutorTest {
    private final AssociationGraph graph = graph();
    private final InMemoryExecutor executor = InMemoryExecutor.of(graph);
    private final InMemoryDatabase db = executor.db();
    private final List<List<Object>> chunks = new ArrayList<>();

    private static AssociationGraph graph() {
        TestGraph g = new TestGraph();
        g.entity("Event", "event").basic("name");
        g.entity("Task", "task");
        g.entity("Attendee", "attendee");
        g.entity("Tag", "tag");
        g.toOne("Task", "event", "Event", "event_id").notNull();
        g.toOne("Attendee", "event", "Event", "event_id").onDelete(OnDeleteRule.SET_NULL);
        g.manyToMany("Event", "tags", "Tag", "event_tags", "event_id", "tag_id");
        g.catalogFk("audit_log", "event_id", "Event").onDelete(OnDeleteRule.CASCADE);
        return g.build();
    }

    InMemoryExecutorTest() {
        db.insert("event", "id", 1, "name", "A").insert("event", "id", 2, "name", "B")
                .insert("task", "id", 10, "event_id", 2).insert("task", "id", 11, "event_id", 2)
                .insert("attendee", "id", 20, "event_id", 2)
                .insert("tag", "id", 5).insert("tag", "id", 6)
                .insert("event_tags", "event_id", 1, "tag_id", 5).insert("event_tags", "event_id", 2, "tag_id", 5)
                .insert("event_tags", "event_id", 2, "tag_id", 6)
                .insert("audit_log", "id", 30, "event_id", 2);
    }

    private EntityType event() {
        return graph.entity("Event").orElseThrow();
    }

    private MergeStore.StepContext context() {
        return new MergeStore.StepContext() {
            @Override
            public Consumer<List<Object>> rowIds() {
                return chunks::add;
            }

            @Override
            public int chunkSize() {
                return 1;
            }

            @Override
            public TombstoneMarker<Object> tombstoneMarker() {
                return null;
            }
        };
    }

    private long apply(RunMode mode, Step step) {
        return executor.run(mode, store -> {
            if (mode != RunMode.READ_ONLY) {
                store.lock(event(), List.of(1L, 2L));
            }
            return store.apply(step, context());
        });
    }

    @Test
    void database_enforcesNotNullUniquePrimaryKeyAndForeignKeys() {
        db.check();
        InMemoryDatabase.Snapshot valid = db.snapshot();

        db.insert("task", "id", 12);
        assertThatThrownBy(db::check).hasMessageContaining("NOT NULL task.event_id");
        db.restore(valid);
        db.insert("task", "id", 12, "event_id", 99);
        assertThatThrownBy(db::check).hasMessageContaining("foreign key task[event_id] -> event[id] violated");
        db.restore(valid);
        db.insert("event_tags", "event_id", 1, "tag_id", 5);
        assertThatThrownBy(db::check).hasMessageContaining("duplicate primary key [1, 5] in event_tags");
        db.restore(valid);
        db.unique("event", "name").insert("event", "id", 3, "name", "A");
        assertThatThrownBy(db::check).hasMessageContaining("unique event[name] violated by [A]");
        db.restore(valid);
        db.check();
    }

    @Test
    void database_appliesOnDeleteRules() {
        InMemoryDatabase.Snapshot before = db.snapshot();
        EntityType event = event();

        assertThatThrownBy(() -> db.delete("event", db.live("event").subList(1, 2)))
                .hasMessageContaining("still reference it (ON DELETE NO_ACTION)");

        db.restore(before);
        db.delete("task", List.copyOf(db.live("task")));
        db.delete("event_tags", List.copyOf(db.live("event_tags")));
        db.delete(event.table(), db.live("event").subList(1, 2));
        assertThat(db.rows("audit_log")).as("ON DELETE CASCADE").isEmpty();
        assertThat(db.value("attendee", 20, "event_id")).as("ON DELETE SET NULL").isNull();
        assertThat(db.changesSince(before)).contains("- audit_log[30] {id=30, event_id=2}",
                "attendee[20].event_id: 2 -> null");
    }

    @Test
    void inspect_countsSamplesAndFindsIdenticalLinks() {
        ReferenceState tags = executor.run(RunMode.READ_ONLY, store -> store.inspect(
                graph.reference("event_tags(event_id)").orElseThrow(), 1L, List.of(2L), 1));

        assertThat(tags.pointingAtSurvivor().count()).isEqualTo(1);
        assertThat(tags.pointingAtDuplicates().get(0).count()).isEqualTo(2);
        assertThat(tags.pointingAtDuplicates().get(0).sampleRowIds()).containsExactly(5L);
        assertThat(tags.identicalLinks(0).sampleRowIds()).containsExactly(5L);
        assertThat(tags.survivorSelfRows(0).isEmpty()).isTrue();
    }

    @Test
    void wrongStep_failsOnTheConstraint() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        assertThatThrownBy(() -> apply(RunMode.EXECUTE, new UnassignReferences("task(event_id)", "task", 2L,
                RowSelection.all(), 2, List.of(10L, 11L))))
                .isInstanceOf(InMemoryDatabase.ConstraintViolation.class).hasMessageContaining("NOT NULL");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void deletingAStillReferencedDuplicate_fails_evenWhereTheDatabaseWouldCascade() {
        db.delete("task", List.copyOf(db.live("task")));
        db.delete("event_tags", List.copyOf(db.live("event_tags")));

        assertThatThrownBy(() -> apply(RunMode.EXECUTE, new DeleteDuplicate("Event", 2L, false)))
                .hasMessageContaining("would cascade or fail").hasMessageContaining("audit_log");
        assertThat(db.rows("audit_log")).hasSize(1);
    }

    @Test
    void readOnlyRun_refusesToWriteOrLock() {
        Step step = new RepointReferences("task(event_id)", "task", 2L, 1L, RowSelection.all(), 2, List.of());

        assertThatThrownBy(() -> apply(RunMode.READ_ONLY, step)).hasMessageContaining("must not write");
        assertThatThrownBy(() -> executor.run(RunMode.READ_ONLY, store -> {
            store.lock(event(), List.of(1L));
            return null;
        })).hasMessageContaining("takes no locks");
    }

    @Test
    void applyBeforeLock_andUseOutsideTheRun_areRefused() {
        Step step = new RepointReferences("task(event_id)", "task", 2L, 1L, RowSelection.all(), 2, List.of());
        assertThatThrownBy(() -> executor.run(RunMode.EXECUTE, store -> store.apply(step, context())))
                .hasMessageContaining("apply before lock");
        MergeStore leaked = executor.run(RunMode.READ_ONLY, store -> store);
        assertThatThrownBy(() -> leaked.read(event(), 1L)).hasMessageContaining("outside its run()");
    }

    @Test
    void selectionNamingRowsOfAnotherRecord_isRefused() {
        Step step = new RepointReferences("task(event_id)", "task", 1L, 2L, RowSelection.only(List.of(10L)), 1,
                List.of(10L));

        assertThatThrownBy(() -> apply(RunMode.EXECUTE, step)).hasMessageContaining("do not point at 1");
    }

    @Test
    void execute_commits_rehearse_rollsBack_andRowIdsComeInChunks() {
        Step step = new RepointReferences("task(event_id)", "task", 2L, 1L, RowSelection.allExcept(List.of(11L)),
                1, List.of(10L));

        assertThat(apply(RunMode.REHEARSE, step)).isEqualTo(1);
        assertThat(db.value("task", 10, "event_id")).isEqualTo(2);
        assertThat(apply(RunMode.EXECUTE, new RepointReferences("task(event_id)", "task", 2L, 1L,
                RowSelection.all(), 2, List.of()))).isEqualTo(2);
        assertThat(db.rowsWhere("task", "event_id", 1L)).hasSize(2);
        assertThat(chunks).containsExactly(List.of(10L), List.of(10L), List.of(11L));
    }
}
