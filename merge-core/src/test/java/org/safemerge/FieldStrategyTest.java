package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.Workshop.C;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.report.MergeReport;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.spi.CustomFieldStrategy;
import org.safemerge.spi.FieldContext;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;

/** Every field strategy on basic, embedded, to-one and collection attributes. */
class FieldStrategyTest {
    private static final long B2 = 4;
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-02-01T10:00:00Z");

    private final InMemoryExecutor executor = Workshop.executor();
    private final InMemoryDatabase db = executor.db();

    private Object survivorValue(String column) {
        return db.value("event", A, column);
    }

    /** Merges B into A deciding the name by {@code strategy}; returns the survivor's name after. */
    private Object nameAfter(FieldStrategy strategy) {
        Workshop.merge(executor).field("name", strategy).build().execute();
        return survivorValue("name");
    }

    private MergePlan.Builder<Object> withSecondDuplicate() {
        db.insert("event", "id", B2, "version", 1, "name", "Kotlin workshop (copy)");
        return MergePlan.builder(executor, "Event").survivor(A).duplicates(B, B2);
    }

    @Test
    void defaults_keepTheSurvivorsValues_andUniteCollections() {
        db.update("event", B, "note", "only B has a note");

        MergeReport report = Workshop.merge(executor).build().execute();

        assertThat(report.stepsOf(SetAttribute.class)).isEmpty();
        assertThat(survivorValue("name")).isEqualTo("Kotlin workshop");
        assertThat(survivorValue("note")).isNull();
        assertThat(survivorValue("venue_id")).isEqualTo(50);
        assertThat(tagsOf(A)).containsExactlyInAnyOrder(10L, 11L, 12L);
    }

    @Test
    void takeA_keepsTheSurvivorsValue_evenNull() {
        db.update("event", B, "note", "B's note");

        MergeReport report = Workshop.merge(executor).field("note", FieldStrategy.takeA()).build().execute();

        assertThat(report.stepsOf(SetAttribute.class)).isEmpty();
        assertThat(survivorValue("note")).isNull();
    }

    @Test
    void takeB_takesTheDuplicatesValue_evenNull() {
        db.update("event", A, "note", "A's note");

        MergeReport report = Workshop.merge(executor).field("name", FieldStrategy.takeB())
                .field("note", FieldStrategy.takeB()).build().execute();

        assertThat(survivorValue("name")).isEqualTo("Kotlin Workshop!");
        assertThat(survivorValue("note")).isNull();
        assertThat(report.stepsOf(SetAttribute.class)).extracting(SetAttribute::attribute, SetAttribute::before,
                SetAttribute::after, SetAttribute::strategy).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("name", "Kotlin workshop", "Kotlin Workshop!", "takeB"),
                        org.assertj.core.groups.Tuple.tuple("note", "A's note", null, "takeB"));
    }

    @Test
    void takeB_withSeveralDuplicates_takesTheFirstGiven() {
        withSecondDuplicate().field("name", FieldStrategy.takeB()).build().execute();

        assertThat(survivorValue("name")).isEqualTo("Kotlin Workshop!");
    }

    @Test
    void firstNonNull_prefersTheSurvivor_thenTheDuplicatesInOrder() {
        db.update("event", B, "note", null);
        MergePlan.Builder<Object> plan = withSecondDuplicate();
        db.update("event", B2, "note", "from B2");

        plan.field("note", FieldStrategy.firstNonNull()).build().execute();

        assertThat(survivorValue("note")).isEqualTo("from B2");
    }

    @Test
    void firstNonNull_keepsANonNullSurvivorValue() {
        db.update("event", A, "note", "A's").update("event", B, "note", "B's");

        MergeReport report = Workshop.merge(executor).field("note", FieldStrategy.firstNonNull()).build().execute();

        assertThat(report.stepsOf(SetAttribute.class)).isEmpty();
        assertThat(survivorValue("note")).isEqualTo("A's");
    }

    @Test
    void firstNonNull_keepsAnEmptySurvivorValue_onlyNullIsMissing() {
        db.update("event", A, "note", "").update("event", B, "note", "B's");

        MergeReport report = Workshop.merge(executor).field("note", FieldStrategy.firstNonNull()).build().execute();

        assertThat(report.stepsOf(SetAttribute.class)).isEmpty();
        assertThat(survivorValue("note")).isEqualTo("");
    }

    @Test
    void newestBy_takesTheValueOfTheRecordWithTheGreatestAttribute() {
        db.update("event", A, "updatedAt", T1).update("event", B, "updatedAt", T2);

        assertThat(nameAfter(FieldStrategy.newestBy("updatedAt"))).isEqualTo("Kotlin Workshop!");
    }

    @Test
    void newestBy_keepsTheSurvivorWhenItIsNewest() {
        db.update("event", A, "updatedAt", T2).update("event", B, "updatedAt", T1);

        assertThat(nameAfter(FieldStrategy.newestBy("updatedAt"))).isEqualTo("Kotlin workshop");
    }

    @Test
    void newestBy_countsNullsAsOldest() {
        db.update("event", B, "updatedAt", T1);

        assertThat(nameAfter(FieldStrategy.newestBy("updatedAt"))).as("A has no updatedAt, so B is newer")
                .isEqualTo("Kotlin Workshop!");
    }

    @Test
    void newestBy_withNoValuesAtAll_keepsTheSurvivor() {
        assertThat(nameAfter(FieldStrategy.newestBy("updatedAt"))).isEqualTo("Kotlin workshop");
    }

    @Test
    void newestBy_onATie_theSurvivorWins() {
        db.update("event", A, "updatedAt", T1).update("event", B, "updatedAt", T1);

        assertThat(nameAfter(FieldStrategy.newestBy("updatedAt"))).isEqualTo("Kotlin workshop");
    }

    @Test
    void newestBy_onATieBetweenDuplicates_theEarlierDuplicateWins() {
        MergePlan.Builder<Object> plan = withSecondDuplicate();
        db.update("event", A, "updatedAt", T1).update("event", B, "updatedAt", T2).update("event", B2, "updatedAt",
                T2);

        plan.field("name", FieldStrategy.newestBy("updatedAt")).build().execute();

        assertThat(survivorValue("name")).isEqualTo("Kotlin Workshop!");
    }

    @Test
    void newestBy_theVersion_comparesTheRecordsVersions() {
        // A has version 3, B version 7
        assertThat(nameAfter(FieldStrategy.newestBy("version"))).isEqualTo("Kotlin Workshop!");
    }

    @Test
    void combine_foldsTheSurvivorThenEachDuplicate_andSeesNulls() {
        MergePlan.Builder<Object> plan = withSecondDuplicate();
        db.update("event", A, "note", "a").update("event", B2, "note", "b2");
        List<String> calls = new ArrayList<>();

        MergeReport report = plan.field("note", FieldStrategy.combine((x, y) -> {
            calls.add(x + "+" + y);
            return y == null ? x : x + "; " + y;
        })).build().execute();

        assertThat(calls).containsExactly("a+null", "a+b2");
        assertThat(survivorValue("note")).isEqualTo("a; b2");
        assertThat(report.stepsOf(SetAttribute.class)).singleElement()
                .satisfies(step -> assertThat(step.strategy()).isEqualTo("combine"));
    }

    @Test
    void combine_ofNumbers_keepsTheAttributesType() {
        db.update("event", A, "capacity", 20).update("event", B, "capacity", 30);

        Workshop.merge(executor).field("capacity", FieldStrategy.combine((x, y) -> (Integer) x + (Integer) y))
                .build().execute();

        assertThat(survivorValue("capacity")).isEqualTo(50);
    }

    @Test
    void custom_seesEveryRecordsValues_andIsNamedInTheReport() {
        db.update("event", A, "capacity", 20).update("event", B, "capacity", 30);
        List<FieldContext> seen = new ArrayList<>();
        CustomFieldStrategy largest = new CustomFieldStrategy() {
            @Override
            public Object resolve(FieldContext context) {
                seen.add(context);
                return Math.max((Integer) context.survivorValue(), (Integer) context.duplicateValues().get(0));
            }

            @Override
            public String name() {
                return "largest";
            }
        };

        MergeReport report = Workshop.merge(executor).field("capacity", FieldStrategy.custom(largest)).build()
                .execute();

        assertThat(survivorValue("capacity")).isEqualTo(30);
        assertThat(seen).hasSize(1);
        FieldContext context = seen.get(0);
        assertThat(context.attribute()).isEqualTo("capacity");
        assertThat(context.survivorValue()).isEqualTo(20);
        assertThat(context.duplicateValues()).containsExactly(30);
        assertThat(context.survivor()).containsEntry("name", "Kotlin workshop").containsEntry("venue", 50L);
        assertThat(context.duplicates()).singleElement()
                .satisfies(values -> assertThat(values).containsEntry("name", "Kotlin Workshop!"));
        assertThat(report.stepsOf(SetAttribute.class)).singleElement()
                .satisfies(step -> assertThat(step.strategy()).isEqualTo("custom(largest)"));
    }

    @Test
    void custom_thatThrows_failsWithStrategyFailed_beforeAnythingChanges() {
        InMemoryDatabase.Snapshot before = db.snapshot();
        MergePlan<Object> plan = Workshop.merge(executor).field("note", FieldStrategy.custom(context -> {
            throw new IllegalStateException("no idea");
        })).build();

        MergeException e = failsWith(MergeErrorCode.STRATEGY_FAILED, plan::execute);

        assertThat(e).hasMessageContaining("failed on attribute 'note'").hasMessageContaining("no idea")
                .hasCauseInstanceOf(IllegalStateException.class);
        failsWith(MergeErrorCode.STRATEGY_FAILED, plan::dryRun);
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.appliedSteps()).isEmpty();
    }

    @Test
    void combine_thatThrows_failsWithStrategyFailed() {
        MergeException e = failsWith(MergeErrorCode.STRATEGY_FAILED, () -> Workshop.merge(executor)
                .field("capacity", FieldStrategy.combine((x, y) -> (Integer) x + (Integer) y)).build().execute());

        assertThat(e).hasMessageContaining("combine function failed on attribute 'capacity'")
                .hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void custom_returningAValueOfTheWrongType_failsWithStrategyFailed() {
        MergeException e = failsWith(MergeErrorCode.STRATEGY_FAILED, () -> Workshop.merge(executor)
                .field("note", FieldStrategy.custom(context -> 42)).build().dryRun());

        assertThat(e).hasMessageContaining("returned a java.lang.Integer for attribute 'note', which holds "
                + "java.lang.String");
    }

    @Test
    void embedded_isDecidedAsAWhole() {
        db.update("event", A, "address", new Workshop.Address("Main St 1", null))
                .update("event", B, "address", new Workshop.Address("Side St 2", "Bern"));

        Workshop.merge(executor).field("address", FieldStrategy.takeB()).build().execute();

        assertThat(survivorValue("address")).isEqualTo(new Workshop.Address("Side St 2", "Bern"));
    }

    @Test
    void embedded_combine_canMergeItsParts() {
        db.update("event", A, "address", new Workshop.Address("Main St 1", null))
                .update("event", B, "address", new Workshop.Address("Side St 2", "Bern"));

        Workshop.merge(executor).field("address", FieldStrategy.combine((x, y) -> {
            Workshop.Address a = (Workshop.Address) x;
            Workshop.Address b = (Workshop.Address) y;
            return new Workshop.Address(a.street(), a.city() != null ? a.city() : b.city());
        })).build().execute();

        assertThat(survivorValue("address")).isEqualTo(new Workshop.Address("Main St 1", "Bern"));
    }

    @Test
    void embedded_firstNonNull_takesTheDuplicatesWhenTheSurvivorHasNone() {
        db.update("event", B, "address", new Workshop.Address("Side St 2", "Bern"));

        Workshop.merge(executor).field("address", FieldStrategy.firstNonNull()).build().execute();

        assertThat(survivorValue("address")).isEqualTo(new Workshop.Address("Side St 2", "Bern"));
    }

    @Test
    void toOne_takeB_pointsTheSurvivorAtTheDuplicatesTarget() {
        MergeReport report = Workshop.merge(executor).field("venue", FieldStrategy.takeB()).build().execute();

        assertThat(survivorValue("venue_id")).isEqualTo(51L);
        assertThat(db.rows("venue")).hasSize(2);
        assertThat(report.stepsOf(SetAttribute.class)).singleElement().satisfies(step -> {
            assertThat(step.before()).isEqualTo(50L);
            assertThat(step.after()).isEqualTo(51L);
        });
    }

    @Test
    void toOne_firstNonNull_fillsAMissingTarget() {
        db.update("event", A, "venue_id", null);

        Workshop.merge(executor).field("venue", FieldStrategy.firstNonNull()).build().execute();

        assertThat(survivorValue("venue_id")).isEqualTo(51L);
    }

    @Test
    void union_onManyToMany_addsTheDuplicatesLinks_andSkipsIdenticalOnes() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeReport report = Workshop.merge(executor).field("tags", FieldStrategy.union()).build().execute();

        assertThat(tagsOf(A)).containsExactlyInAnyOrder(10L, 11L, 12L);
        assertThat(tagsOf(C)).containsExactlyInAnyOrder(10L, 12L);
        assertThat(report.stepsOf(SkipDuplicateLinks.class)).singleElement()
                .satisfies(step -> assertThat(step.sampleRowIds()).containsExactly(11L));
        assertThat(db.changesSince(before)).contains("- event_tags[[2, 11]] {event_id=2, tag_id=11}",
                "event_tags[[2, 12]].event_id: 2 -> 1").noneMatch(change -> change.contains("tag["));
    }

    @Test
    void takeA_onManyToMany_removesOnlyTheDuplicatesLinks_neverTheTags() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        Workshop.merge(executor).field("tags", FieldStrategy.takeA()).build().execute();

        assertThat(tagsOf(A)).containsExactlyInAnyOrder(10L, 11L);
        assertThat(tagsOf(C)).containsExactlyInAnyOrder(10L, 12L);
        assertThat(db.changesSince(before)).containsExactly(
                "- event[2] {id=2, version=7, name=Kotlin Workshop!, venue_id=51}",
                "- event_tags[[2, 11]] {event_id=2, tag_id=11}",
                "- event_tags[[2, 12]] {event_id=2, tag_id=12}",
                "event[1].version: 3 -> 4");
    }

    @Test
    void takeB_onManyToMany_withSeveralDuplicates_takesTheFirstDuplicatesLinksOnly() {
        MergePlan.Builder<Object> plan = withSecondDuplicate();
        Workshop.link(executor, B2, 13);

        plan.field("tags", FieldStrategy.takeB()).build().execute();

        assertThat(tagsOf(A)).containsExactlyInAnyOrder(11L, 12L);
        assertThat(db.rows("tag")).hasSize(5);
    }

    @Test
    void elementCollection_union_takeA_takeB() {
        db.insert("event_alias", "event_id", A, "alias", "kw").insert("event_alias", "event_id", B, "alias", "kw")
                .insert("event_alias", "event_id", B, "alias", "kotlin");
        InMemoryDatabase.Snapshot start = db.snapshot();

        Workshop.merge(executor).build().execute();
        assertThat(aliasesOf(A)).containsExactlyInAnyOrder("kw", "kotlin");

        db.restore(start);
        Workshop.merge(executor).field("aliases", FieldStrategy.takeA()).build().execute();
        assertThat(aliasesOf(A)).containsExactly("kw");

        db.restore(start);
        Workshop.merge(executor).field("aliases", FieldStrategy.takeB()).build().execute();
        assertThat(aliasesOf(A)).containsExactlyInAnyOrder("kw", "kotlin");
        assertThat(db.rows("event_alias")).hasSize(2);
    }

    @Test
    void sensitiveAttribute_isWrittenForReal_butRedactedInTheReport() {
        db.update("event", A, "secret", "alpha").update("event", B, "secret", "bravo");

        MergeReport report = Workshop.merge(executor).field("secret", FieldStrategy.takeB()).build().execute();

        assertThat(survivorValue("secret")).isEqualTo("bravo");
        SetAttribute step = report.stepsOf(SetAttribute.class).get(0);
        assertThat(step.sensitive()).isTrue();
        assertThat(step.before()).isEqualTo(Sensitive.REDACTED);
        assertThat(step.after()).isEqualTo(Sensitive.REDACTED);
        assertThat(report.toText()).doesNotContain("alpha").doesNotContain("bravo").contains("set secret = ***");
    }

    @Test
    void sensitiveByPlan_isRedactedLikeAnnotatedOnes() {
        db.update("event", A, "note", "alpha").update("event", B, "note", "bravo");

        MergeReport report = Workshop.merge(executor).field("note", FieldStrategy.takeB()).sensitive("note").build()
                .dryRun();

        assertThat(report.toText()).doesNotContain("alpha").doesNotContain("bravo");
        assertThat(report.stepsOf(SetAttribute.class).get(0).toString()).doesNotContain("bravo");
    }

    private List<Object> tagsOf(long event) {
        return db.rowsWhere("event_tags", "event_id", event).stream().map(r -> r.get("tag_id")).toList();
    }

    private List<Object> aliasesOf(long event) {
        return db.rowsWhere("event_alias", "event_id", event).stream().map(r -> r.get("alias")).toList();
    }

    static Map<String, Object> row(InMemoryDatabase db, String table, Object id) {
        return db.row(table, id).orElseThrow();
    }
}
