package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.HazardOption;
import org.safemerge.report.MergeReport;
import org.safemerge.testing.InMemoryExecutor;

/**
 * The options of a blocked plan come as data ({@link Hazard#choices()}): the builder calls shown are rendered from
 * them, and each one, applied to the plan, unblocks it. Front ends (the CLI) rely on both.
 */
class HazardOptionsTest {

    /** What the caller asked for, by name; a later setting for the same name replaces the earlier one. */
    private static final class Request {
        final Map<String, FieldStrategy> fields = new LinkedHashMap<>();
        final Map<String, AssociationPolicy> associations = new LinkedHashMap<>();
        SelfReferencePolicy selfReferences = SelfReferencePolicy.BLOCK;

        Request copy() {
            Request copy = new Request();
            copy.fields.putAll(fields);
            copy.associations.putAll(associations);
            copy.selfReferences = selfReferences;
            return copy;
        }

        Request with(HazardOption option) {
            Request next = copy();
            switch (option.kind()) {
                case FIELD -> next.fields.put(option.subject(), switch (option.value()) {
                    case "union" -> FieldStrategy.union();
                    case "takeA" -> FieldStrategy.takeA();
                    case "takeB" -> FieldStrategy.takeB();
                    default -> throw new AssertionError("unexpected strategy " + option.value());
                });
                case ALLOW_DELETE -> next.associations.put(option.subject(), AssociationPolicy.repoint().allowDelete());
                case UNASSIGN -> next.associations.put(option.subject(), AssociationPolicy.unassign());
                case ON_CONFLICT -> next.associations.put(option.subject(), AssociationPolicy.repoint().onConflict(
                        option.value().equals("mergeRows()") ? ConflictPolicy.mergeRows()
                                : ConflictPolicy.valueOf(option.value())));
                case SELF_REFERENCES -> next.selfReferences = SelfReferencePolicy.valueOf(option.value());
            }
            return next;
        }

        MergePlan<Object> plan(MergePlan.Builder<Object> builder) {
            fields.forEach(builder::field);
            associations.forEach(builder::association);
            return builder.selfReferences(selfReferences).build();
        }
    }

    /** A blocked merge: fresh data each time, and the request that blocks it. */
    private record Scenario(String name, Supplier<MergePlan.Builder<Object>> data, Request request) {
        MergeReport dryRun(Request with) {
            return with.plan(data.get()).dryRun();
        }
    }

    private static List<Scenario> blockedScenarios() {
        Request takeATasks = new Request();
        takeATasks.fields.put("tasks", FieldStrategy.takeA());
        Request takeAChecklist = new Request();
        takeAChecklist.fields.put("checklist", FieldStrategy.takeA());
        Request failOnTags = new Request();
        failOnTags.associations.put("Event.tags", AssociationPolicy.repoint().onConflict(ConflictPolicy.FAIL));
        return List.of(
                new Scenario("NOT NULL children", () -> workshop(executor -> executor.db()
                        .insert("task", "id", 101, "title", "B's", "event_id", Workshop.B)), takeATasks),
                new Scenario("orphanRemoval", () -> workshop(executor -> executor.db()
                        .insert("checklist_item", "id", 300, "event_id", Workshop.B)), takeAChecklist),
                new Scenario("one-to-one conflict", () -> workshop(executor -> executor.db()
                        .insert("poster", "id", 400, "title", "A's", "event_id", Workshop.A)
                        .insert("poster", "id", 401, "title", "B's", "event_id", Workshop.B)), new Request()),
                new Scenario("identical links with FAIL", () -> workshop(executor -> { }), failOnTags),
                new Scenario("self-reference", () -> {
                    InMemoryExecutor executor = Partners.executor(2);
                    executor.db().update("partner", 1L, "parent_id", 2L);
                    return Partners.merge(executor, 1, 2L);
                }, new Request()));
    }

    private static MergePlan.Builder<Object> workshop(java.util.function.Consumer<InMemoryExecutor> data) {
        InMemoryExecutor executor = Workshop.executor();
        data.accept(executor);
        return Workshop.merge(executor);
    }

    @Test
    void everyBlockingHazard_offersItsOptionsAsData_andShowsThemAsTheirBuilderCalls() {
        for (Scenario scenario : blockedScenarios()) {
            MergeReport report = scenario.dryRun(scenario.request());

            assertThat(report.blockingHazards()).as(scenario.name()).isNotEmpty().allSatisfy(hazard -> {
                assertThat(hazard.choices()).as(scenario.name()).isNotEmpty();
                assertThat(hazard.options()).as(scenario.name())
                        .isEqualTo(hazard.choices().stream().map(HazardOption::toJava).toList());
            });
        }
    }

    @Test
    void everyOfferedChoice_appliedToThePlan_unblocksIt() {
        for (Scenario scenario : blockedScenarios()) {
            List<Hazard> blocking = scenario.dryRun(scenario.request()).blockingHazards();
            for (Hazard hazard : blocking) {
                for (HazardOption choice : hazard.choices()) {
                    Request chosen = scenario.request().with(choice);

                    MergeReport report = chosen.plan(scenario.data().get()).execute();

                    assertThat(report.blocked()).as(scenario.name() + ": " + choice).isFalse();
                }
            }
        }
    }

    @Test
    void choices_nameTheAssociationTheValueAndTheEffect() {
        MergeReport notNull = blockedScenarios().get(0).dryRun(blockedScenarios().get(0).request());
        MergeReport conflict = blockedScenarios().get(2).dryRun(new Request());
        MergeReport links = blockedScenarios().get(3).dryRun(blockedScenarios().get(3).request());

        assertThat(notNull.blockingHazards().get(0).choices()).containsExactly(
                HazardOption.field("tasks", "union", "keep them on the survivor"),
                HazardOption.allowDelete("Task.event", "delete them (each deletion is audited)"));
        assertThat(conflict.blockingHazards().get(0).choices()).containsExactly(
                HazardOption.onConflict("Poster.event", "KEEP_A", null),
                HazardOption.onConflict("Poster.event", "KEEP_B", null),
                HazardOption.onConflict("Poster.event", "mergeRows()", "merge the two rows (rows pointing at the "
                        + "duplicate's row move to the survivor's)"));
        assertThat(links.blockingHazards().get(0)).satisfies(hazard -> {
            assertThat(hazard.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
            assertThat(hazard.options()).containsExactly(".association(\"Event.tags\", AssociationPolicy.repoint()"
                    + ".onConflict(ConflictPolicy.SKIP_DUPLICATE)) to skip the identical links (nothing is lost)");
        });
    }

    @Test
    void eachKind_rendersItsBuilderCall() {
        assertThat(HazardOption.field("tags", "union", null).toJava())
                .isEqualTo(".field(\"tags\", FieldStrategy.union())");
        assertThat(HazardOption.allowDelete("Task.event", "delete them").toJava())
                .isEqualTo(".association(\"Task.event\", AssociationPolicy.repoint().allowDelete()) to delete them");
        assertThat(HazardOption.unassign("Attendee.event", null).toJava())
                .isEqualTo(".association(\"Attendee.event\", AssociationPolicy.unassign())");
        assertThat(HazardOption.onConflict("Poster.event", "KEEP_B", null).toJava())
                .isEqualTo(".association(\"Poster.event\", AssociationPolicy.repoint()"
                        + ".onConflict(ConflictPolicy.KEEP_B))");
        assertThat(HazardOption.selfReferences("ALLOW_LOOP", null).toJava())
                .isEqualTo(".selfReferences(SelfReferencePolicy.ALLOW_LOOP)");
    }

    @Test
    void anOptionLackingWhatItsKindNeeds_isRejected_namingIt() {
        assertThatThrownBy(() -> HazardOption.onConflict("Poster.event", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ON_CONFLICT needs a value");
        assertThatThrownBy(() -> HazardOption.allowDelete(" ", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ALLOW_DELETE needs a subject");
        assertThatThrownBy(() -> new HazardOption(HazardOption.Kind.UNASSIGN, "Task.event", "KEEP_A", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no value, got 'KEEP_A'");
    }

    @Test
    void aHazardRefusesAChoiceThatIsNotAmongItsOptions() {
        assertThatThrownBy(() -> new Hazard(HazardKind.UNIQUE_CONFLICT, true, "poster(event_id)", "poster", 1,
                List.of(), "conflict", List.of("something else"), List.of(HazardOption.onConflict("Poster.event",
                        "KEEP_A", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not among the options");
    }
}
