package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.spi.AuditEvent;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.UnassignReferences;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/**
 * Association policies: re-point (default), unassign, allowDelete and onConflict, against FK references of both
 * nullabilities, orphanRemoval, a one-to-one and a set-semantics join table.
 */
class AssociationPolicyTest {
    private final InMemoryExecutor executor = Workshop.executor();
    private final InMemoryDatabase db = executor.db();
    private final RecordingAuditListener audit = new RecordingAuditListener();

    private void tasks() {
        db.insert("task", "id", 100, "title", "A's", "event_id", A)
                .insert("task", "id", 101, "title", "B's", "event_id", B)
                .insert("task", "id", 102, "title", "B's", "event_id", B);
    }

    private void attendees() {
        db.insert("attendee", "id", 200, "event_id", A).insert("attendee", "id", 201, "event_id", B)
                .insert("attendee", "id", 202, "event_id", B);
    }

    private MergePlan.Builder<Object> merge() {
        return Workshop.merge(executor).audit(audit);
    }

    @Test
    void repoint_isTheDefault_forNullableAndNotNullReferences() {
        tasks();
        attendees();

        MergeReport report = merge().build().execute();

        assertThat(db.rowsWhere("task", "event_id", A)).hasSize(3);
        assertThat(db.rowsWhere("attendee", "event_id", A)).hasSize(3);
        assertThat(report.stepsOf(RepointReferences.class)).extracting(RepointReferences::reference)
                .containsExactly("attendee(event_id)", "task(event_id)");
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).extracting(AuditEvent.ReferencesRepointed::rowIds)
                .containsExactly(List.of(201L, 202L), List.of(101L, 102L));
    }

    @Test
    void unassign_onANullableReference_nullsTheForeignKey_andKeepsTheRows() {
        attendees();

        merge().association("attendees", AssociationPolicy.unassign()).build().execute();

        assertThat(db.rows("attendee")).hasSize(3);
        assertThat(db.rowsWhere("attendee", "event_id", null)).extracting(r -> r.get("id"))
                .containsExactlyInAnyOrder(201, 202);
        AuditEvent.ReferencesUnassigned event = audit.single(AuditEvent.ReferencesUnassigned.class);
        assertThat(event.rowIds()).containsExactly(201L, 202L);
        assertThat(event.from()).isEqualTo(B);
        assertThat(event.columns()).containsExactly("event_id");
    }

    @Test
    void unassign_onALinkTable_removesTheDuplicatesLinksOnly() {
        merge().association("tags", AssociationPolicy.unassign()).build().execute();

        assertThat(db.rowsWhere("event_tags", "event_id", A)).extracting(r -> r.get("tag_id"))
                .containsExactlyInAnyOrder(10L, 11L);
        assertThat(db.rows("tag")).hasSize(5);
    }

    @Test
    void unassignWithAllowDelete_onANotNullReference_deletesTheDuplicatesRowsOnly_andAuditsEach() {
        tasks();

        MergeReport report = merge().association("tasks", AssociationPolicy.unassign().allowDelete()).build()
                .execute();

        assertThat(db.rows("task")).extracting(r -> r.get("id")).containsExactly(100);
        assertThat(report.stepsOf(DeleteReferencingRows.class)).singleElement()
                .satisfies(step -> assertThat(step.sampleRowIds()).containsExactly(101L, 102L));
        assertThat(audit.single(AuditEvent.ReferencingRowsDeleted.class).rowIds()).containsExactly(101L, 102L);
    }

    @Test
    void takeA_onNotNullChildren_isBlocked_namingTheAssociationRowsAndOptions() {
        tasks();
        InMemoryDatabase.Snapshot before = db.snapshot();
        MergePlan<Object> plan = merge().field("tasks", FieldStrategy.takeA()).build();

        MergeReport preview = plan.dryRun();
        MergeException e = failsWith(MergeErrorCode.PLAN_BLOCKED, plan::execute);

        assertThat(preview.blocked()).isTrue();
        Hazard hazard = preview.blockingHazards().get(0);
        assertThat(hazard.kind()).isEqualTo(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
        assertThat(hazard.subject()).isEqualTo("task(event_id)");
        assertThat(hazard.rows()).isEqualTo(2);
        assertThat(hazard.sampleRowIds()).containsExactly(101L, 102L);
        assertThat(hazard.options()).containsExactly(
                ".field(\"tasks\", FieldStrategy.union()) to keep them on the survivor",
                ".association(\"Task.event\", AssociationPolicy.repoint().allowDelete()) to delete them (each "
                        + "deletion is audited)");
        assertThat(e).hasMessageContaining("NOT_NULL_CANNOT_UNASSIGN on task(event_id)")
                .hasMessageContaining("event_id is NOT NULL").hasMessageContaining("(rows [101, 102])")
                .hasMessageContaining("option: .association(\"Task.event\", AssociationPolicy.repoint()"
                        + ".allowDelete())")
                .hasMessageContaining("nothing was changed");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.types()).containsExactly("MergeStarted", "MergeRolledBack");
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("PLAN_BLOCKED");
    }

    @Test
    void everyHazard_isListed_notOnlyTheFirst() {
        tasks();
        db.insert("checklist_item", "id", 300, "event_id", B);
        MergePlan<Object> plan = merge().field("tasks", FieldStrategy.takeA()).field("checklist", FieldStrategy.takeA())
                .build();

        assertThat(plan.dryRun().blockingHazards()).extracting(Hazard::kind)
                .containsExactly(HazardKind.ORPHAN_REMOVAL, HazardKind.NOT_NULL_CANNOT_UNASSIGN);
        MergeException e = failsWith(MergeErrorCode.PLAN_BLOCKED, plan::execute);
        assertThat(e).hasMessageContaining("ORPHAN_REMOVAL on checklist_item(event_id)")
                .hasMessageContaining("NOT_NULL_CANNOT_UNASSIGN on task(event_id)");
    }

    @Test
    void takeA_onNotNullChildren_withAllowDelete_deletesTheDuplicatesChildrenOnly() {
        tasks();

        merge().field("tasks", FieldStrategy.takeA())
                .association("tasks", AssociationPolicy.repoint().allowDelete()).build().execute();

        assertThat(db.rows("task")).extracting(r -> r.get("id")).containsExactly(100);
        assertThat(audit.single(AuditEvent.ReferencingRowsDeleted.class).rowIds()).containsExactly(101L, 102L);
    }

    @Test
    void takeA_onNullableChildren_unassignsTheDuplicatesChildren() {
        attendees();

        MergeReport report = merge().field("attendees", FieldStrategy.takeA()).build().execute();

        assertThat(db.rowsWhere("attendee", "event_id", A)).hasSize(1);
        assertThat(db.rowsWhere("attendee", "event_id", null)).hasSize(2);
        assertThat(report.stepsOf(UnassignReferences.class)).hasSize(1);
    }

    @Test
    void takeB_onNotNullChildren_blocksOnTheSurvivorsChildren() {
        tasks();

        MergeReport report = merge().field("tasks", FieldStrategy.takeB()).build().dryRun();

        assertThat(report.blockingHazards()).singleElement().satisfies(hazard -> {
            assertThat(hazard.sampleRowIds()).containsExactly(100L);
            assertThat(hazard.message()).contains("pointing at 1 must leave");
        });
    }

    @Test
    void takeA_onOrphanRemoval_isBlocked_evenThoughTheForeignKeyIsNullable() {
        db.insert("checklist_item", "id", 300, "event_id", B).insert("checklist_item", "id", 301, "event_id", B);
        MergePlan<Object> plan = merge().field("checklist", FieldStrategy.takeA()).build();

        MergeException e = failsWith(MergeErrorCode.PLAN_BLOCKED, plan::execute);

        assertThat(e).hasMessageContaining("ORPHAN_REMOVAL on checklist_item(event_id)")
                .hasMessageContaining("orphanRemoval").hasMessageContaining("(rows [300, 301])")
                .hasMessageContaining(".field(\"checklist\", FieldStrategy.union())")
                .hasMessageContaining(".association(\"ChecklistItem.event\", AssociationPolicy.repoint()"
                        + ".allowDelete())");
        assertThat(db.rows("checklist_item")).hasSize(2);
    }

    @Test
    void takeA_onOrphanRemoval_withAllowDelete_deletesAndAuditsEachRow() {
        db.insert("checklist_item", "id", 300, "event_id", B).insert("checklist_item", "id", 301, "event_id", B);

        merge().auditChunkSize(1).field("checklist", FieldStrategy.takeA())
                .association("checklist", AssociationPolicy.repoint().allowDelete()).build().execute();

        assertThat(db.rows("checklist_item")).isEmpty();
        assertThat(audit.of(AuditEvent.ReferencingRowsDeleted.class))
                .extracting(AuditEvent.ReferencingRowsDeleted::rowIds)
                .containsExactly(List.of(300L), List.of(301L));
    }

    @Test
    void oneToOne_conflictWithoutPolicy_blocksThePlan_withTheConflictHazard() {
        posters();
        MergePlan<Object> plan = merge().build();

        MergeReport report = plan.dryRun();
        MergeException e = failsWith(MergeErrorCode.PLAN_BLOCKED, plan::execute);

        assertThat(report.blockingHazards()).singleElement().satisfies(hazard -> {
            assertThat(hazard.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
            assertThat(hazard.options()).containsExactly(
                    ".association(\"Poster.event\", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A))",
                    ".association(\"Poster.event\", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B))",
                    ".association(\"Poster.event\", AssociationPolicy.repoint().onConflict(ConflictPolicy.mergeRows()))"
                            + " to merge the two rows (rows pointing at the duplicate's row move to the survivor's)");
        });
        assertThat(e).hasMessageContaining("survivor 1 already has row 400 in poster");
    }

    @Test
    void oneToOne_keepA_unassignsTheDuplicatesRow_andAuditsTheResolution() {
        posters();

        MergeReport report = merge().association("Poster.event",
                AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(db.value("poster", 400, "event_id")).isEqualTo(A);
        assertThat(db.value("poster", 401, "event_id")).isNull();
        assertThat(report.stepsOf(ResolveConflict.class)).singleElement().satisfies(step -> {
            assertThat(step.policy()).isEqualTo("KEEP_A");
            assertThat(step.survivorRowId()).isEqualTo(400L);
            assertThat(step.duplicateRowId()).isEqualTo(401L);
        });
        AuditEvent.ConflictResolved resolved = audit.single(AuditEvent.ConflictResolved.class);
        assertThat(resolved.policy()).isEqualTo("KEEP_A");
        assertThat(resolved.survivorRowId()).isEqualTo(400L);
        assertThat(resolved.duplicateRowId()).isEqualTo(401L);
        assertThat(audit.single(AuditEvent.ReferencesUnassigned.class).rowIds()).containsExactly(401L);
    }

    @Test
    void oneToOne_keepB_movesTheDuplicatesRow_andUnassignsTheSurvivors() {
        posters();

        merge().association("Poster.event", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B)).build()
                .execute();

        assertThat(db.value("poster", 400, "event_id")).isNull();
        assertThat(db.value("poster", 401, "event_id")).isEqualTo(A);
        assertThat(audit.types()).containsSubsequence("ConflictResolved", "ReferencesUnassigned",
                "ReferencesRepointed");
    }

    @Test
    void oneToOne_skipDuplicate_keepsTheSurvivorsRow() {
        posters();

        merge().association("Poster.event", AssociationPolicy.repoint().onConflict(ConflictPolicy.SKIP_DUPLICATE))
                .build().execute();

        assertThat(db.value("poster", 400, "event_id")).isEqualTo(A);
        assertThat(db.value("poster", 401, "event_id")).isNull();
    }

    @Test
    void oneToOne_fail_refusesWithUniqueConflict() {
        posters();

        MergeException e = failsWith(MergeErrorCode.UNIQUE_CONFLICT, () -> merge().association("Poster.event",
                AssociationPolicy.repoint().onConflict(ConflictPolicy.FAIL)).build().execute());

        assertThat(e).hasMessageContaining("onConflict(FAIL) is set");
        assertThat(db.value("poster", 401, "event_id")).isEqualTo(B);
    }

    @Test
    void oneToOne_notNull_keepA_isBlockedUnlessDeletesAreAllowed() {
        TestGraphs.NotNullPoster fixture = new TestGraphs.NotNullPoster();

        MergeException e = failsWith(MergeErrorCode.PLAN_BLOCKED, () -> fixture.merge()
                .association("Poster.event", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A)).build()
                .execute());
        assertThat(e).hasMessageContaining("NOT_NULL_CANNOT_UNASSIGN on poster(event_id)");

        fixture.merge().association("Poster.event",
                AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A).allowDelete()).build().execute();
        assertThat(fixture.executor.db().rows("poster")).extracting(r -> r.get("id")).containsExactly(400);
    }

    @Test
    void oneToOne_withoutASurvivorRow_theFirstDuplicatesRowMoves_andTheSecondConflicts() {
        db.insert("event", "id", 4, "version", 0, "name", "copy")
                .insert("poster", "id", 401, "event_id", B).insert("poster", "id", 402, "event_id", 4);

        MergeReport report = MergePlan.builder(executor, "Event").survivor(A).duplicates(B, 4L)
                .association("Poster.event", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A)).build()
                .execute();

        assertThat(db.value("poster", 401, "event_id")).isEqualTo(A);
        assertThat(db.value("poster", 402, "event_id")).isNull();
        assertThat(report.stepsOf(ResolveConflict.class)).singleElement()
                .satisfies(step -> assertThat(step.survivorRowId()).isEqualTo(401L));
    }

    @Test
    void joinTable_identicalLinks_areSkippedByDefault_andEveryPolicyButFailKeepsOneLink() {
        InMemoryDatabase.Snapshot start = db.snapshot();
        for (ConflictPolicy policy : List.of(ConflictPolicy.SKIP_DUPLICATE, ConflictPolicy.KEEP_A,
                ConflictPolicy.KEEP_B)) {
            db.restore(start);
            audit.clear();

            merge().association("tags", AssociationPolicy.repoint().onConflict(policy)).build().execute();

            assertThat(db.rowsWhere("event_tags", "event_id", A)).extracting(r -> r.get("tag_id"))
                    .as(policy.name()).containsExactlyInAnyOrder(10L, 11L, 12L);
            AuditEvent.LinksSkipped skipped = audit.single(AuditEvent.LinksSkipped.class);
            assertThat(skipped.rowIds()).containsExactly(11L);
            assertThat(skipped.from()).isEqualTo(B);
            assertThat(skipped.to()).isEqualTo(A);
        }
    }

    @Test
    void joinTable_fail_refusesWithUniqueConflict() {
        MergeException e = failsWith(MergeErrorCode.UNIQUE_CONFLICT, () -> merge()
                .association("tags", AssociationPolicy.repoint().onConflict(ConflictPolicy.FAIL)).build().execute());

        assertThat(e).hasMessageContaining("1 links of duplicate 2 already exist on survivor 1")
                .hasMessageContaining("(rows [11])");
    }

    private void posters() {
        db.insert("poster", "id", 400, "title", "A's", "event_id", A)
                .insert("poster", "id", 401, "title", "B's", "event_id", B);
    }

    @Test
    void leaveToDatabase_takesNoOtherOption_andDescribesItself() {
        AssociationPolicy left = AssociationPolicy.leaveToDatabase();

        assertThat(left.leftToDatabase()).isTrue();
        assertThat(left.describe()).isEqualTo("left to the database");
        assertThat(AssociationPolicy.repoint().leftToDatabase()).isFalse();
        assertThat(failsWith(MergeErrorCode.INVALID_ARGUMENT, left::allowDelete).getMessage())
                .contains("allowDelete() on leaveToDatabase()");
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> left.onConflict(ConflictPolicy.KEEP_A));
    }

    @Test
    void leaveToDatabase_onAReferenceSafeMergeHandles_isNotApplicable() {
        assertThat(failsWith(MergeErrorCode.POLICY_NOT_APPLICABLE, () -> merge()
                .association("Task.event", AssociationPolicy.leaveToDatabase()).build()).getMessage())
                .contains("SafeMerge re-points its rows itself");
    }
}
