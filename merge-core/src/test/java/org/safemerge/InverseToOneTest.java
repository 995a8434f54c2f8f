package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.SetAttribute;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/**
 * An inverse one-to-one ({@code Partner.profile}, mapped by {@code Profile.partner}) is rows of a reference, not a
 * value of the partner: strategies on it move or unassign those rows; nothing is "set" on the entity (that would
 * write nothing and audit a change that never happened).
 */
class InverseToOneTest {
    private static final long A = 1;
    private static final long B = 2;

    private final InMemoryExecutor executor = executor();

    private static InMemoryExecutor executor() {
        TestGraph g = new TestGraph();
        g.entity("Partner", "partner").basic("name");
        g.entity("Profile", "profile").basic("notes");
        g.toOne("Profile", "partner", "Partner", "partner_id").unique().inverseOne("profile");
        InMemoryExecutor executor = InMemoryExecutor.of(g.build());
        executor.db()
                .insert("partner", "id", A, "name", "Maria Schmidt")
                .insert("partner", "id", B, "name", "MARIA SCHMIDT")
                .insert("profile", "id", 10L, "notes", "intake A", "partner_id", A)
                .insert("profile", "id", 20L, "notes", "intake B", "partner_id", B);
        return executor;
    }

    private MergePlan.Builder<Object> merge() {
        return MergePlan.builder(executor, "Partner").survivor(A).duplicates(B);
    }

    @Test
    void takeB_movesTheDuplicatesProfile_andUnassignsTheSurvivors_withoutSettingTheAttribute() {
        MergeReport report = merge().field("profile", FieldStrategy.takeB()).build().execute();

        assertThat(report.stepsOf(SetAttribute.class)).isEmpty();
        assertThat(executor.db().value("profile", 20L, "partner_id")).isEqualTo(A);
        assertThat(executor.db().value("profile", 10L, "partner_id")).as("unassigned, not deleted").isNull();
        assertThat(executor.db().count("profile")).isEqualTo(2);
    }

    @Test
    void takeA_keepsTheSurvivorsProfile_andUnassignsTheDuplicates() {
        MergeReport report = merge().field("profile", FieldStrategy.takeA()).build().execute();

        assertThat(report.stepsOf(SetAttribute.class)).isEmpty();
        assertThat(executor.db().value("profile", 10L, "partner_id")).isEqualTo(A);
        assertThat(executor.db().value("profile", 20L, "partner_id")).isNull();
    }

    @Test
    void byDefault_bothProfilesConflict_andThePlanIsBlocked() {
        MergeReport preview = merge().build().dryRun();

        assertThat(preview.blocked()).isTrue();
        assertThat(preview.blockingHazards()).extracting(h -> h.kind()).containsExactly(HazardKind.UNIQUE_CONFLICT);
        assertThat(preview.stepsOf(SetAttribute.class)).isEmpty();
    }

    @Test
    void aScalarStrategyOnAnInverseToOne_isRejectedAtBuild() {
        assertThatThrownBy(() -> merge().field("profile", FieldStrategy.firstNonNull()).build())
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.STRATEGY_NOT_APPLICABLE));
    }
}
