package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/**
 * A duplicate whose own to-one cascades REMOVE (its badge; its parent) cannot be deleted without deleting that
 * target: the dry run shows it as a blocking hazard, and execute() refuses with nothing changed.
 */
class CascadeFromDuplicateTest {
    private static final long A = 1;
    private static final long B = 2;

    private static InMemoryExecutor executor(Long duplicatesBadge, Long duplicatesParent) {
        TestGraph g = new TestGraph();
        g.entity("Volunteer", "volunteer").basic("name");
        g.entity("Badge", "badge").basic("code");
        g.toOne("Volunteer", "badge", "Badge", "badge_id").unique()
                .flag(ReferenceFlag.CASCADE_REMOVE, ReferenceFlag.CASCADE_REMOVE_FROM_SOURCE);
        g.toOne("Volunteer", "parent", "Volunteer", "parent_id")
                .flag(ReferenceFlag.CASCADE_REMOVE, ReferenceFlag.CASCADE_REMOVE_FROM_SOURCE);
        InMemoryExecutor executor = InMemoryExecutor.of(g.build());
        executor.db()
                .insert("badge", "id", 7L, "code", "A-7")
                .insert("badge", "id", 8L, "code", "B-8")
                .insert("volunteer", "id", A, "name", "Grace", "badge_id", 7L)
                .insert("volunteer", "id", B, "name", "GRACE", "badge_id", duplicatesBadge, "parent_id",
                        duplicatesParent);
        return executor;
    }

    @Test
    void aDuplicateWhoseBadgeCascades_isBlockedInTheDryRun_andRefusedByExecute() {
        InMemoryExecutor executor = executor(8L, null);
        MergePlan<Object> plan = MergePlan.builder(executor, "Volunteer").survivor(A).duplicates(B).build();

        MergeReport preview = plan.dryRun();

        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.CASCADE_FROM_DUPLICATE);
            assertThat(h.message()).contains("Volunteer.badge", "Badge 8");
            assertThat(h.options()).anySatisfy(o -> assertThat(o).contains("keepDuplicates"));
        });
        assertThatThrownBy(plan::execute).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.PLAN_BLOCKED));
        assertThat(executor.db().count("badge")).isEqualTo(2);
        assertThat(executor.db().count("volunteer")).isEqualTo(2);
    }

    @Test
    void aDuplicateWhoseParentIsTheSurvivor_withCascade_isBlocked_forItWouldDeleteTheSurvivor() {
        MergeReport preview = MergePlan.builder(executor(null, A), "Volunteer").survivor(A).duplicates(B).build()
                .dryRun();

        assertThat(preview.blockingHazards()).extracting(Hazard::kind)
                .containsExactly(HazardKind.CASCADE_FROM_DUPLICATE);
    }

    @Test
    void keptAsTombstone_orWithoutABadge_theDuplicateMergesNormally() {
        InMemoryExecutor withBadge = executor(8L, null);
        MergePlan.builder(withBadge, "Volunteer").survivor(A).duplicates(B)
                .keepDuplicates((duplicate, survivorId) -> { }).build().execute();
        assertThat(withBadge.db().count("badge")).isEqualTo(2);

        InMemoryExecutor withoutBadge = executor(null, null);
        MergeReport done = MergePlan.builder(withoutBadge, "Volunteer").survivor(A).duplicates(B).build().execute();
        assertThat(done.blocked()).isFalse();
        assertThat(withoutBadge.db().count("volunteer")).isEqualTo(1);
    }
}
