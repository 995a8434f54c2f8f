package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.MergeErrorCode.CONFLICTING_POLICIES;
import static org.safemerge.MergeErrorCode.CONFLICTING_STRATEGIES;
import static org.safemerge.MergeErrorCode.DUPLICATE_LISTED_TWICE;
import static org.safemerge.MergeErrorCode.INVALID_ARGUMENT;
import static org.safemerge.MergeErrorCode.NO_DUPLICATES;
import static org.safemerge.MergeErrorCode.NULL_ID;
import static org.safemerge.MergeErrorCode.POLICY_NOT_APPLICABLE;
import static org.safemerge.MergeErrorCode.STRATEGY_NOT_APPLICABLE;
import static org.safemerge.MergeErrorCode.SURVIVOR_IS_DUPLICATE;
import static org.safemerge.MergeErrorCode.UNKNOWN_ASSOCIATION;
import static org.safemerge.MergeErrorCode.UNKNOWN_ATTRIBUTE;
import static org.safemerge.MergeErrorCode.UNKNOWN_ENTITY;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safemerge.testing.InMemoryExecutor;

/** Every way the builder refuses a request: eagerly, naming the bad value, before anything touches the data. */
class PlanValidationTest {
    private final InMemoryExecutor executor = Workshop.executor();

    @AfterEach
    void nothingRan() {
        assertThat(executor.runs()).as("validation must not reach the database").isEmpty();
    }

    private MergePlan.Builder<Object> plan() {
        return Workshop.merge(executor);
    }

    @Test
    void survivorListedAsDuplicate_isRejected() {
        MergeException e = failsWith(SURVIVOR_IS_DUPLICATE,
                () -> MergePlan.builder(executor, "Event").survivor(1L).duplicates(2L, 1L).build());
        assertThat(e).hasMessageContaining("Event 1 is both the survivor and a duplicate");
    }

    @Test
    void noDuplicates_isRejected() {
        failsWith(NO_DUPLICATES, () -> MergePlan.builder(executor, "Event").survivor(1L).build());
        failsWith(NO_DUPLICATES, () -> MergePlan.builder(executor, "Event").survivor(1L).duplicates(List.of())
                .build());
    }

    @Test
    void nullOrMissingSurvivor_isRejected() {
        failsWith(NULL_ID, () -> MergePlan.builder(executor, "Event").survivor(null).duplicates(2L).build());
        MergeException missing = failsWith(NULL_ID, () -> MergePlan.builder(executor, "Event").duplicates(2L)
                .build());
        assertThat(missing).hasMessageContaining("call survivor(id)");
    }

    @Test
    void nullDuplicate_isRejected() {
        MergeException e = failsWith(NULL_ID, () -> MergePlan.builder(executor, "Event").survivor(1L)
                .duplicates(2L, null).build());
        assertThat(e).hasMessageContaining("duplicate #2");
        failsWith(NULL_ID, () -> MergePlan.builder(executor, "Event").survivor(1L).duplicates((Object[]) null)
                .build());
        failsWith(NULL_ID, () -> MergePlan.builder(executor, "Event").survivor(1L)
                .duplicates(Arrays.asList(2L, null)).build());
    }

    @Test
    void duplicateListedTwice_isRejected() {
        MergeException e = failsWith(DUPLICATE_LISTED_TWICE,
                () -> MergePlan.builder(executor, "Event").survivor(1L).duplicates(2L, 3L, 2L).build());
        assertThat(e).hasMessageContaining("Event 2 is listed twice");
    }

    @Test
    void unknownEntity_isRejected_byNameAndByClass() {
        MergeException byName = failsWith(UNKNOWN_ENTITY,
                () -> MergePlan.builder(executor, "Evnt").survivor(1L).duplicates(2L).build());
        assertThat(byName).hasMessageContaining("'Evnt'").hasMessageContaining("Event");
        failsWith(UNKNOWN_ENTITY, () -> MergePlan.builder(executor, String.class).survivor(1L).duplicates(2L)
                .build());
    }

    @Test
    void entityByJavaClass_isFound() {
        InMemoryExecutor vehicles = Vehicles.executor();
        MergePlan<Vehicles.Car> plan = MergePlan.builder(vehicles, Vehicles.Car.class).survivor(1L).duplicates(2L)
                .build();
        assertThat(plan.entity().name()).isEqualTo("Car");
    }

    @Test
    void unknownAttribute_isRejected_inStrategiesSensitiveAndNewestBy() {
        MergeException e = failsWith(UNKNOWN_ATTRIBUTE, () -> plan().field("titel", FieldStrategy.takeB()).build());
        assertThat(e).hasMessageContaining("Event has no attribute 'titel'").hasMessageContaining("name");
        failsWith(UNKNOWN_ATTRIBUTE, () -> plan().sensitive("password").build());
        failsWith(UNKNOWN_ATTRIBUTE, () -> plan().field("name", FieldStrategy.newestBy("modifiedAt")).build());
    }

    @Test
    void unionOnScalar_isRejected() {
        MergeException e = failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("name", FieldStrategy.union())
                .build());
        assertThat(e).hasMessageContaining("union on Event.name (BASIC)");
        failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("venue", FieldStrategy.union()).build());
    }

    @Test
    void anyStrategyOnIdOrVersion_isRejected() {
        failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("id", FieldStrategy.combine((a, b) -> a)).build());
        MergeException e = failsWith(STRATEGY_NOT_APPLICABLE,
                () -> plan().field("version", FieldStrategy.combine((a, b) -> a)).build());
        assertThat(e).hasMessageContaining("its version is bumped");
        failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("id", FieldStrategy.takeB()).build());
    }

    @Test
    void scalarStrategiesOnCollections_areRejected() {
        for (FieldStrategy strategy : List.of(FieldStrategy.firstNonNull(), FieldStrategy.newestBy("updatedAt"),
                FieldStrategy.combine((a, b) -> a), FieldStrategy.custom(context -> null))) {
            MergeException e = failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("tags", strategy).build());
            assertThat(e).hasMessageContaining("use union, takeA or takeB");
        }
        failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("aliases", FieldStrategy.firstNonNull()).build());
        failsWith(STRATEGY_NOT_APPLICABLE, () -> plan().field("tasks", FieldStrategy.firstNonNull()).build());
    }

    @Test
    void newestByANonBasicAttribute_isRejected() {
        MergeException e = failsWith(STRATEGY_NOT_APPLICABLE,
                () -> plan().field("name", FieldStrategy.newestBy("address")).build());
        assertThat(e).hasMessageContaining("'address' is EMBEDDED");
    }

    @Test
    void twoStrategiesForOneAttribute_areRejected() {
        MergeException e = failsWith(CONFLICTING_STRATEGIES,
                () -> plan().field("name", FieldStrategy.takeB()).field("name", FieldStrategy.firstNonNull()));
        assertThat(e).hasMessageContaining("takeB and firstNonNull");
    }

    @Test
    void unknownAssociation_isRejected_andAnAttributeGetsAHint() {
        MergeException e = failsWith(UNKNOWN_ASSOCIATION,
                () -> plan().association("speakers", AssociationPolicy.unassign()).build());
        assertThat(e).hasMessageContaining("task(event_id) [Task.event, Event.tasks]");
        MergeException attribute = failsWith(UNKNOWN_ASSOCIATION,
                () -> plan().association("name", AssociationPolicy.unassign()).build());
        assertThat(attribute).hasMessageContaining("decided by a field strategy");
        // a reference that points at another entity (the venue) is not an association of the merge
        failsWith(UNKNOWN_ASSOCIATION, () -> plan().association("Event.venue", AssociationPolicy.unassign())
                .build());
    }

    @Test
    void associationIsFound_byAttributeMappingNameAndKey() {
        for (String name : List.of("tasks", "Task.event", "Event.tasks", "task(event_id)")) {
            MergePlan<Object> plan = Workshop.merge(executor)
                    .association(name, AssociationPolicy.repoint().allowDelete()).build();
            assertThat(plan.associationPolicies()).containsOnlyKeys("task(event_id)");
        }
    }

    @Test
    void twoPoliciesForOneAssociation_areRejected_alsoUnderTwoNames() {
        failsWith(CONFLICTING_POLICIES, () -> plan().association("tasks", AssociationPolicy.repoint())
                .association("tasks", AssociationPolicy.repoint()));
        MergeException e = failsWith(CONFLICTING_POLICIES, () -> plan()
                .association("tasks", AssociationPolicy.repoint())
                .association("Task.event", AssociationPolicy.repoint().allowDelete()).build());
        assertThat(e).hasMessageContaining("'tasks' and 'Task.event' both name task(event_id)");
    }

    @Test
    void allowDeleteOnLinks_isRejected() {
        MergeException join = failsWith(POLICY_NOT_APPLICABLE,
                () -> plan().association("tags", AssociationPolicy.repoint().allowDelete()).build());
        assertThat(join).hasMessageContaining("never deletes the linked entities");
        MergeException elements = failsWith(POLICY_NOT_APPLICABLE,
                () -> plan().association("aliases", AssociationPolicy.unassign().allowDelete()).build());
        assertThat(elements).hasMessageContaining("element-collection values");
    }

    @Test
    void onConflictOnANonUniqueReference_isRejected() {
        MergeException e = failsWith(POLICY_NOT_APPLICABLE, () -> plan()
                .association("attendees", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B)).build());
        assertThat(e).hasMessageContaining("it is not unique");
    }

    @Test
    void unassignOnANotNullForeignKey_isRejected_unlessDeletesAreAllowed() {
        MergeException e = failsWith(POLICY_NOT_APPLICABLE,
                () -> plan().association("tasks", AssociationPolicy.unassign()).build());
        assertThat(e).hasMessageContaining("NOT NULL").hasMessageContaining("unassign().allowDelete()");
        assertThat(plan().association("tasks", AssociationPolicy.unassign().allowDelete()).build()
                .associationPolicies()).containsKey("task(event_id)");
    }

    @Test
    void invalidArguments_areRejected() {
        failsWith(INVALID_ARGUMENT, () -> plan().sampleLimit(-1));
        failsWith(INVALID_ARGUMENT, () -> plan().auditChunkSize(0));
        failsWith(INVALID_ARGUMENT, () -> FieldStrategy.newestBy(" "));
        failsWith(INVALID_ARGUMENT, () -> AssociationPolicy.repoint().onConflict(null));
        failsWith(INVALID_ARGUMENT, () -> plan().build().expecting(""));
    }

    @Test
    void builtPlan_isImmutableAndKeepsWhatWasAsked() {
        MergePlan<Object> plan = plan().field("name", FieldStrategy.takeB()).sensitive("note").sampleLimit(3)
                .auditChunkSize(7).selfReferences(SelfReferencePolicy.UNASSIGN).continueOnAuditFailure().build();
        assertThat(plan.survivorId()).isEqualTo(Workshop.A);
        assertThat(plan.duplicateIds()).containsExactly(Workshop.B);
        assertThat(plan.fieldStrategies()).containsEntry("name", FieldStrategy.takeB());
        assertThat(plan.sensitiveAttributes()).containsExactly("note");
        assertThat(plan.sampleLimit()).isEqualTo(3);
        assertThat(plan.auditChunkSize()).isEqualTo(7);
        assertThat(plan.selfReferences()).isEqualTo(SelfReferencePolicy.UNASSIGN);
        assertThat(plan.abortOnAuditFailure()).isFalse();
        assertThat(plan.tombstoneMarker()).isNull();
        assertThat(plan.expectedFingerprint()).isNull();
        assertThat(plan.expecting("abc").expectedFingerprint()).isEqualTo("abc");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.fieldStrategies().put("x", null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
