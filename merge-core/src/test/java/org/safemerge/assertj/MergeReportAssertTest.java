package org.safemerge.assertj;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ReportMode;
import org.safemerge.report.RowSelection;
import org.safemerge.report.Step;

/** Assertions on hand-built reports: each passes on the report that has it and fails, saying why, on one without. */
class MergeReportAssertTest {
    private static final AssociationGraph GRAPH = new AssociationGraph(List.of(
            entity("Event", "ws_event"), entity("Task", "ws_task"), entity("Tag", "ws_tag")), List.of(
            reference("ws_task(event_id)", List.of("Task.event", "Event.tasks"), ReferenceKind.FOREIGN_KEY,
                    "ws_task", "event_id"),
            reference("ws_event_tag(event_id)", List.of("Event.tags"), ReferenceKind.JOIN_TABLE, "ws_event_tag",
                    "event_id")));

    private static final MergeReport GOOD = report(List.of(
            new RepointReferences("ws_task(event_id)", "ws_task", 11L, 10L, RowSelection.all(), 2, List.of(101L,
                    102L)),
            new MoveLinks("ws_event_tag(event_id)", "ws_event_tag", 11L, 10L, RowSelection.all(), 2, List.of()),
            new DeleteDuplicate("Event", 11L, false)), List.of());

    @Test
    void aGoodPlan_passes() {
        MergeReportAssert.assertThat(GOOD, GRAPH).repoints(Task.class, "event")
                .repoints("tasks", 2).movesLinks("Event.tags").deletesOnlyDuplicates().isNotBlocked();
        MergeReportAssert.assertThat(GOOD).repoints("ws_task(event_id)").doesNotTouch("ws_award(event_id)");
    }

    @Test
    void deletingReferencingRows_failsDeletesOnlyDuplicates() {
        MergeReport deleting = report(List.of(new DeleteReferencingRows("ws_task(event_id)", "ws_task", 11L,
                RowSelection.all(), 2, List.of(101L, 102L)), new DeleteDuplicate("Event", 11L, false)), List.of());

        assertThatThrownBy(() -> MergeReportAssert.assertThat(deleting).deletesOnlyDuplicates())
                .isInstanceOf(AssertionError.class).hasMessageContaining("DELETE 2 rows of ws_task");
        assertThatThrownBy(() -> MergeReportAssert.assertThat(report(List.of(new DeleteDuplicate("Event", 12L,
                false)), List.of())).deletesOnlyDuplicates()).hasMessageContaining("delete duplicate Event 12");
    }

    @Test
    void missingSteps_andWrongCounts_fail() {
        assertThatThrownBy(() -> MergeReportAssert.assertThat(GOOD, GRAPH).unassigns("Task.event"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("unassign (set NULL) Task.event");
        assertThatThrownBy(() -> MergeReportAssert.assertThat(GOOD, GRAPH).repoints("Task.event", 3))
                .hasMessageContaining("re-point 3 rows of Task.event but it re-points 2");
        assertThatThrownBy(() -> MergeReportAssert.assertThat(GOOD, GRAPH).doesNotTouch("Event.tags"))
                .hasMessageContaining("move 2 links");
        assertThatThrownBy(() -> MergeReportAssert.assertThat(GOOD, GRAPH).repoints("Task.owner"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Task.event");
    }

    @Test
    void blockingHazards_areAssertedByKindAndAssociation() {
        MergeReport blocked = report(List.of(), List.of(new Hazard(HazardKind.NOT_NULL_CANNOT_UNASSIGN, true,
                "ws_task(event_id)", "ws_task", 2, List.of(101L, 102L), "NOT NULL", List.of("repoint()")),
                new Hazard(HazardKind.ON_DELETE_CASCADE, false, "ws_note(event_id)", "ws_note", 1, List.of(),
                        "cascade", List.of())));

        MergeReportAssert.assertThat(blocked, GRAPH).isBlocked().isBlockedBy(HazardKind.NOT_NULL_CANNOT_UNASSIGN)
                .isBlockedBy(HazardKind.NOT_NULL_CANNOT_UNASSIGN, "Task.event").notes(HazardKind.ON_DELETE_CASCADE);
        assertThatThrownBy(() -> MergeReportAssert.assertThat(blocked).isBlockedBy(HazardKind.UNIQUE_CONFLICT))
                .hasMessageContaining("[UNIQUE_CONFLICT]");
        assertThatThrownBy(() -> MergeReportAssert.assertThat(blocked).isNotBlocked())
                .hasMessageContaining("BLOCKED");
        assertThatThrownBy(() -> MergeReportAssert.assertThat(GOOD).isBlocked()).isInstanceOf(AssertionError.class);
    }

    /** Stands for the entity class the graph maps to {@code Task}. */
    static final class Task {
    }

    private static MergeReport report(List<Step> steps, List<Hazard> hazards) {
        return new MergeReport("m1", ReportMode.DRY_RUN, "Event", 10L, List.of(11L), steps, hazards, List.of(), "f",
                Instant.EPOCH);
    }

    private static EntityType entity(String name, String table) {
        String javaType = name.equals("Task") ? Task.class.getName() : "example." + name;
        return new EntityType(name, javaType, table, List.of("id"), "id", null, null, List.of(), List.of(), null);
    }

    private static InboundReference reference(String key, List<String> names, ReferenceKind kind, String table,
            String column) {
        return new InboundReference(key, names, kind, "Event", table, List.of(column), List.of("id"), null, true,
                false, null, EnumSet.noneOf(ReferenceFlag.class), OnDeleteRule.NO_ACTION, null, List.of());
    }
}
