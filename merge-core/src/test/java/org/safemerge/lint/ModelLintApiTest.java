package org.safemerge.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeFlag;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.graph.TableIndex;

/** The lint's API on a graph built by hand: custom checks, disabling, ids, and graphs without index facts. */
class ModelLintApiTest {

    private static final EntityType TAG = new EntityType("Tag", "x.Tag", "tag", List.of("id"), "id", null, null,
            List.of(), List.of(new EntityAttribute("id", AttributeKind.ID, "java.lang.Long", false, false, null,
                    null)), null);
    private static final EntityType EVENT = new EntityType("Event", "x.Event", "event", List.of("id"), "id", null,
            null, List.of(), List.of(new EntityAttribute("id", AttributeKind.ID, "java.lang.Long", false, false, null,
                    null), new EntityAttribute("tags", AttributeKind.MANY_TO_MANY, "x.Tag", true, false,
                    "event_tag(event_id)", "Tag", Set.of(AttributeFlag.CASCADE_REMOVE))), null);
    private static final InboundReference EVENT_SIDE = link("event_tag(event_id)", "event_id", "Event");
    private static final InboundReference TAG_SIDE = link("event_tag(tag_id)", "tag_id", "Tag");

    private static InboundReference link(String key, String column, String target) {
        return new InboundReference(key, List.of("Event.tags"), ReferenceKind.JOIN_TABLE, target, "event_tag",
                List.of(column), List.of(), null, false, true, null, Set.of(ReferenceFlag.CASCADE_REMOVE),
                null, "fk_" + column, List.of());
    }

    private static AssociationGraph graph(List<TableIndex> indexes) {
        return new AssociationGraph(List.of(EVENT, TAG), List.of(EVENT_SIDE, TAG_SIDE), List.of(), indexes);
    }

    /** A check of one's own: one finding per join table side, to show the interface is all it takes. */
    private static final LintCheck EVERY_LINK = new LintCheck() {
        @Override
        public String id() {
            return "every-link";
        }

        @Override
        public String description() {
            return "reports every join-table side";
        }

        @Override
        public List<LintFinding> check(AssociationGraph graph) {
            return graph.references().stream().filter(r -> r.kind() == ReferenceKind.JOIN_TABLE)
                    .map(r -> new LintFinding(id(), "Event", r.key(), r.names(), "a link", "none")).toList();
        }
    };

    @Test
    void indexFacts_decideTheIndexCheck_andAGraphWithoutThemReportsNothing() {
        AssociationGraph withPrimaryKey = graph(List.of(new TableIndex("event_tag", "pk_event_tag",
                List.of("event_id", "tag_id"), true)));

        assertThat(ModelLint.of(withPrimaryKey).check().findings(LintChecks.UNINDEXED_FOREIGN_KEY))
                .extracting(LintFinding::association).as("the primary key leads with event_id only")
                .containsExactly("event_tag(tag_id)");
        assertThat(ModelLint.of(graph(null)).check().findings(LintChecks.UNINDEXED_FOREIGN_KEY))
                .as("indexes unknown").isEmpty();
    }

    @Test
    void customChecks_runAfterTheBuiltInOnes_andCanBeSuppressed() {
        LintResult result = ModelLint.of(graph(null)).with(EVERY_LINK)
                .suppress("every-link", "event_tag(event_id)", "the owner side is fine")
                .check();

        assertThat(result.findings()).extracting(LintFinding::checkId, LintFinding::association).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cascade-remove-many-to-many", "Event.tags"),
                org.assertj.core.groups.Tuple.tuple("every-link", "event_tag(tag_id)"));
        assertThat(result.suppressed()).extracting(s -> s.finding().association())
                .containsExactly("event_tag(event_id)");
    }

    @Test
    void disable_switchesACheckOffEverywhere_withItsReason() {
        LintResult result = ModelLint.of(graph(null))
                .disable(LintChecks.CASCADE_REMOVE_MANY_TO_MANY, "tags are private to an event here")
                .check();

        assertThat(result.clean()).isTrue();
        assertThat(result.suppressed()).singleElement()
                .satisfies(s -> assertThat(s.suppression().toText()).isEqualTo("cascade-remove-many-to-many on "
                        + "every association: tags are private to an event here"));
    }

    @Test
    void checkIds_areStableAndUnique_andTakenIdsAreRefused() {
        assertThat(LintChecks.all()).extracting(LintCheck::id).containsExactly("cascade-remove-many-to-many",
                "cascade-remove-shared-to-one", "orphan-removal-shared-child", "nullability-mismatch",
                "missing-foreign-key", "unmapped-foreign-key", "unindexed-foreign-key", "unique-key-with-foreign-key",
                "any-association");
        assertThat(LintChecks.byId("any-association")).contains(LintChecks.ANY_ASSOCIATION);
        assertThatThrownBy(() -> ModelLint.of(graph(null)).with(LintChecks.ANY_ASSOCIATION))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("'any-association' is already part of this lint");
        assertThatThrownBy(() -> ModelLint.of(null)).isInstanceOf(MergeException.class);
    }
}
