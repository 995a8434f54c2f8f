package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.testing.MergeAssertions.failsWith;

import org.junit.jupiter.api.Test;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.SetAttribute;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;

/** References between the merged records (A.parent = B, ...) never turn into a self-loop silently. */
class SelfReferenceTest {
    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;
    private static final long D = 4;

    private final InMemoryExecutor executor = Partners.executor(4);
    private final InMemoryDatabase db = executor.db();

    private Object parentOf(long partner) {
        return db.value("partner", partner, "parent_id");
    }

    @Test
    void survivorsParentIsTheDuplicate_isBlockedByDefault() {
        db.update("partner", A, "parent_id", B);
        MergePlan<Object> plan = Partners.merge(executor, A, B).build();

        MergeReport report = plan.dryRun();
        MergeException e = failsWith(MergeErrorCode.PLAN_BLOCKED, plan::execute);

        Hazard hazard = report.blockingHazards().get(0);
        assertThat(hazard.kind()).isEqualTo(HazardKind.SELF_REFERENCE);
        assertThat(hazard.subject()).isEqualTo("parent");
        assertThat(hazard.options()).containsExactly(
                ".selfReferences(SelfReferencePolicy.UNASSIGN) to set it to NULL",
                ".selfReferences(SelfReferencePolicy.ALLOW_LOOP) to let the survivor point at itself");
        assertThat(e).hasMessageContaining("Partner.parent of survivor 1 would point at 2");
        assertThat(parentOf(A)).isEqualTo(B);
    }

    @Test
    void survivorsParentIsTheDuplicate_unassign_clearsIt() {
        db.update("partner", A, "parent_id", B);

        MergeReport report = Partners.merge(executor, A, B).selfReferences(SelfReferencePolicy.UNASSIGN).build()
                .execute();

        assertThat(parentOf(A)).isNull();
        assertThat(report.steps().get(0)).isInstanceOfSatisfying(SetAttribute.class,
                step -> assertThat(step.attribute()).isEqualTo("parent"));
        assertThat(db.row("partner", B)).isEmpty();
    }

    @Test
    void survivorsParentIsTheDuplicate_allowLoop_pointsItAtItself() {
        db.update("partner", A, "parent_id", B);

        Partners.merge(executor, A, B).selfReferences(SelfReferencePolicy.ALLOW_LOOP).build().execute();

        assertThat(parentOf(A)).isEqualTo(A);
    }

    @Test
    void duplicatesParentIsTheSurvivor_mergesWithoutALoop() {
        db.update("partner", B, "parent_id", A);

        MergeReport report = Partners.merge(executor, A, B).build().execute();

        assertThat(report.hazards()).noneMatch(Hazard::blocking);
        assertThat(parentOf(A)).isNull();
        assertThat(db.row("partner", B)).isEmpty();
    }

    @Test
    void takingTheDuplicatesParent_whenItIsTheSurvivor_isBlocked() {
        db.update("partner", B, "parent_id", A);

        MergeReport report = Partners.merge(executor, A, B).field("parent", FieldStrategy.takeB()).build().dryRun();

        assertThat(report.blockingHazards()).singleElement()
                .satisfies(hazard -> assertThat(hazard.kind()).isEqualTo(HazardKind.SELF_REFERENCE));
    }

    @Test
    void childsMentorIsTheDuplicate_isRepointedToTheSurvivor() {
        db.update("partner", C, "mentor_id", B);

        Partners.merge(executor, A, B).build().execute();

        assertThat(db.value("partner", C, "mentor_id")).isEqualTo(A);
    }

    @Test
    void childrenOfTheDuplicate_moveToTheSurvivor_butTheSurvivorsOwnRowIsLeftToTheAttribute() {
        db.update("partner", A, "parent_id", B).update("partner", C, "parent_id", B);

        MergeReport report = Partners.merge(executor, A, B).selfReferences(SelfReferencePolicy.UNASSIGN).build()
                .execute();

        assertThat(parentOf(C)).isEqualTo(A);
        assertThat(parentOf(A)).isNull();
        assertThat(report.stepsOf(RepointReferences.class)).filteredOn(s -> s.reference().equals("partner(parent_id)"))
                .singleElement().satisfies(step -> {
                    assertThat(step.selection().except()).containsExactly(A);
                    assertThat(step.sampleRowIds()).containsExactly(C);
                });
    }

    @Test
    void chainOfThree_mergedIntoItsRoot_leavesNoLoop() {
        // A <- B <- C: B's parent is A, C's parent is B; B and C are duplicates of A; D is C's child
        db.update("partner", B, "parent_id", A).update("partner", C, "parent_id", B)
                .update("partner", D, "parent_id", C);

        Partners.merge(executor, A, B, C).build().execute();

        assertThat(db.rows("partner")).extracting(r -> r.get("id")).containsExactly(1L, 4L);
        assertThat(parentOf(A)).isNull();
        assertThat(parentOf(D)).isEqualTo(A);
    }

    @Test
    void chainOfThree_mergingTheMiddle_repointsTheGrandchild() {
        db.update("partner", B, "parent_id", A).update("partner", C, "parent_id", B);

        Partners.merge(executor, A, B).build().execute();

        assertThat(parentOf(C)).isEqualTo(A);
        assertThat(parentOf(A)).isNull();
    }

    @Test
    void chainOfThree_takingTheLastDuplicatesParent_isBlocked() {
        db.update("partner", B, "parent_id", A).update("partner", C, "parent_id", B);

        MergeReport report = Partners.merge(executor, A, C, B).field("parent", FieldStrategy.takeB()).build()
                .dryRun();

        assertThat(report.blockingHazards()).singleElement().satisfies(hazard -> assertThat(hazard.message())
                .contains("would point at 2, which is merged into the survivor"));
    }

    @Test
    void unmappedSelfReference_ofTheSurvivor_isBlocked_thenFollowsThePolicy() {
        db.update("partner", A, "legacy_parent_id", B).update("partner", C, "legacy_parent_id", B);

        MergeReport blocked = Partners.merge(executor, A, B).build().dryRun();
        assertThat(blocked.blockingHazards()).singleElement().satisfies(hazard -> {
            assertThat(hazard.subject()).isEqualTo("partner(legacy_parent_id)");
            assertThat(hazard.sampleRowIds()).containsExactly(A);
        });

        Partners.merge(executor, A, B).selfReferences(SelfReferencePolicy.UNASSIGN).build().execute();
        assertThat(db.value("partner", A, "legacy_parent_id")).isNull();
        assertThat(db.value("partner", C, "legacy_parent_id")).isEqualTo(A);
    }

    @Test
    void unmappedSelfReference_allowLoop_repointsTheSurvivorsRowToItself() {
        db.update("partner", A, "legacy_parent_id", B);

        Partners.merge(executor, A, B).selfReferences(SelfReferencePolicy.ALLOW_LOOP).build().execute();

        assertThat(db.value("partner", A, "legacy_parent_id")).isEqualTo(A);
    }

    @Test
    void notNullSelfReference_cannotBeUnassigned_andStaysBlocked() {
        TestGraphs.Categories fixture = new TestGraphs.Categories();

        MergeReport report = fixture.merge().selfReferences(SelfReferencePolicy.UNASSIGN).build().dryRun();

        assertThat(report.blockingHazards()).singleElement().satisfies(hazard -> {
            assertThat(hazard.message()).contains("is NOT NULL, so it cannot be unassigned");
            assertThat(hazard.options()).containsExactly(
                    ".selfReferences(SelfReferencePolicy.ALLOW_LOOP) to let the survivor point at itself");
        });
    }

    @Test
    void notNullSelfReference_allowLoop_pointsTheSurvivorAtItself() {
        TestGraphs.Categories fixture = new TestGraphs.Categories();

        fixture.merge().selfReferences(SelfReferencePolicy.ALLOW_LOOP).build().execute();

        assertThat(fixture.executor.db().rows("category")).singleElement()
                .satisfies(row -> assertThat(row.get("parent_id")).isEqualTo(1L));
    }
}
