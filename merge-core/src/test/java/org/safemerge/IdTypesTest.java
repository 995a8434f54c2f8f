package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safemerge.report.MergeGroup;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/**
 * Ids are normalized at build() to the Java type of the entity's id, so that every check compares like with like:
 * {@code 3}, {@code 3L} and {@code "3"} are one record of a Long-id entity. What cannot become an id of that type
 * exactly is refused at build(), naming the argument, the value, its type and the id type.
 */
class IdTypesTest {
    private static final UUID U1 = UUID.fromString("0b7f2d4e-3c1a-4f6b-9d8e-5a4b3c2d1e0f");
    private static final UUID U2 = UUID.fromString("7c6d5e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f");

    /** Roles (Long ids) 1..4 with grants 10 -> 3, 11 -> 4; desks (Integer), codes (String), devices (UUID). */
    private final InMemoryExecutor executor = InMemoryExecutor.of(graph());
    private final InMemoryDatabase db = executor.db();

    IdTypesTest() {
        for (long id = 1; id <= 4; id++) {
            db.insert("role", "id", id, "name", "role " + id);
        }
        db.insert("role_grant", "id", 10L, "role_id", 3L).insert("role_grant", "id", 11L, "role_id", 4L)
                .insert("desk", "id", 1, "name", "desk 1").insert("desk", "id", 2, "name", "desk 2")
                .insert("code", "id", "3", "name", "code three").insert("code", "id", "03", "name", "code oh-three")
                .insert("device", "id", U1, "name", "device 1").insert("device", "id", U2, "name", "device 2");
    }

    private static org.safemerge.graph.AssociationGraph graph() {
        TestGraph g = new TestGraph();
        g.entity("Role", "role").basic("name");
        g.entity("RoleGrant", "role_grant");
        g.toOne("RoleGrant", "role", "Role", "role_id").notNull();
        g.entity("Desk", "desk").idType(Integer.class).basic("name");
        g.entity("Code", "code").idType(String.class).basic("name");
        g.entity("Device", "device").idType(UUID.class).basic("name");
        g.entity("Account", "account").idType(BigDecimal.class);
        g.entity("Vehicle", "vehicle");
        g.subtype("Car", "Vehicle").javaType(Vehicles.Car.class.getName());
        return g.build();
    }

    private MergePlan.Builder<Object> plan(String entity, Object survivor, Object... duplicates) {
        return MergePlan.builder(executor, entity).survivor(survivor).duplicates(duplicates);
    }

    private BatchMerge.Builder<Object> batch() {
        return BatchMerge.builder(executor, "Role");
    }

    // ---- the same record in two spellings ----

    @Test
    void survivorAndDuplicate_asLongAndInteger_areOneRecord_refusedAtBuild_andNothingIsDeleted() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Role", 3L, 3).build());

        assertThat(e).hasMessageContaining("Role 3 is both the survivor and a duplicate")
                .hasMessageContaining("given as 3 (Long) and 3 (Integer)");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(executor.runs()).isEmpty();
    }

    @Test
    void selfMerge_inAnySpelling_isSurvivorIsDuplicate() {
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Role", 3, "3").build());
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Role", "3", BigInteger.valueOf(3)).build());
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Role", (short) 3, new BigDecimal("3.00"))
                .build());
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Desk", 1L, 1).build());
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Device", U1, U1.toString().toUpperCase())
                .build());
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> plan("Account", new BigDecimal("7"),
                new BigDecimal("7.000")).build());
    }

    @Test
    void duplicateListedTwice_inTwoSpellings_isRefused() {
        MergeException e = failsWith(MergeErrorCode.DUPLICATE_LISTED_TWICE, () -> plan("Role", 1L, 2, 2L).build());

        assertThat(e).hasMessageContaining("Role 2 is listed twice");
    }

    @Test
    void idsOfOtherWholeNumberTypes_becomeTheIdType_andTheMergeRemovesOnlyTheDuplicate() {
        MergePlan<Object> plan = plan("Role", 3, BigInteger.valueOf(4)).build();

        assertThat(plan.survivorId()).isEqualTo(3L);
        assertThat(plan.duplicateIds()).containsExactly(4L);
        plan.execute();
        assertThat(db.row("role", 3L)).isPresent();
        assertThat(db.row("role", 4L)).isEmpty();
        assertThat(db.value("role_grant", 11L, "role_id")).isEqualTo(3L);
    }

    @Test
    void canonicalText_isParsed_forNumericAndUuidIds() {
        assertThat(plan("Role", "1", "-2", "0").build().duplicateIds()).containsExactly(-2L, 0L);
        assertThat(plan("Desk", 1L, "2").build().duplicateIds()).containsExactly(2);
        assertThat(plan("Device", U1.toString(), U2).build().survivorId()).isEqualTo(U1);
        assertThat(plan("Account", 7, "8", new BigDecimal("9.50")).build().duplicateIds())
                .containsExactly(new BigDecimal("8"), new BigDecimal("9.5"));
    }

    @Test
    void stringIds_areTakenAsGiven_soDifferentTextsAreDifferentRecords() {
        MergePlan<Object> plan = plan("Code", "3", "03").build();

        assertThat(plan.duplicateIds()).containsExactly("03");
        plan.execute();
        assertThat(db.row("code", "3")).isPresent();
        assertThat(db.row("code", "03")).isEmpty();
    }

    // ---- what cannot be an id of the type ----

    @Test
    void nonCanonicalText_isRefused_namingTheArgumentTheValueAndTheIdType() {
        for (String text : List.of("03", " 3", "3 ", "3.0", "+3", "-0", "3L", "", "three")) {
            MergeException e = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Role", 1L, text).build());
            assertThat(e).hasMessageContaining("duplicate #1 of the Role merge is \"" + text + "\" (java.lang.String)")
                    .hasMessageContaining("Role ids are java.lang.Long").hasMessageContaining("pass a whole number");
        }
        MergeException uuid = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Device", "1-2-3-4-5", U2)
                .build());
        assertThat(uuid).hasMessageContaining("the survivor of the Device merge is \"1-2-3-4-5\"")
                .hasMessageContaining("Device ids are java.util.UUID");
    }

    @Test
    void fractionsOverflowAndFloatingPoint_areRefused() {
        MergeException fraction = failsWith(MergeErrorCode.INVALID_ARGUMENT,
                () -> plan("Role", 1L, new BigDecimal("2.5")).build());
        MergeException overflow = failsWith(MergeErrorCode.INVALID_ARGUMENT,
                () -> plan("Desk", 1, 3_000_000_000L).build());
        MergeException bigOverflow = failsWith(MergeErrorCode.INVALID_ARGUMENT,
                () -> plan("Role", BigInteger.TWO.pow(64), 1L).build());
        MergeException floating = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Role", 1L, 2.0).build());

        assertThat(fraction).hasMessageContaining("2.5 (java.math.BigDecimal), which has a fraction");
        assertThat(overflow).hasMessageContaining("3000000000 (java.lang.Long), which is outside the range of "
                + "Integer (-2147483648..2147483647)").hasMessageContaining("Desk ids are java.lang.Integer");
        assertThat(bigOverflow).hasMessageContaining("outside the range of Long");
        assertThat(floating).hasMessageContaining("2.0 (java.lang.Double), a floating-point number");
    }

    @Test
    void valuesOfAnotherType_areRefused_namingTheExpectedType() {
        MergeException number = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Code", "3", 3).build());
        MergeException bool = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Role", 1L, true).build());
        MergeException list = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Role", List.of(1L), 2L)
                .build());
        MergeException uuidForNumber = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> plan("Role", 1L, U1)
                .build());

        assertThat(number).hasMessageContaining("duplicate #1 of the Code merge is 3 (java.lang.Integer); Code ids "
                + "are java.lang.String: pass a java.lang.String");
        assertThat(bool).hasMessageContaining("true (java.lang.Boolean)");
        assertThat(list).hasMessageContaining("the survivor of the Role merge is [1]");
        assertThat(uuidForNumber).hasMessageContaining("(java.util.UUID)");
    }

    @Test
    void anEntityInstance_isRefused_askingForItsId_orAsWrongEntityTypeFromAnotherHierarchy() {
        MergeException ownHierarchy = failsWith(MergeErrorCode.INVALID_ARGUMENT,
                () -> plan("Vehicle", new Vehicles.Car(), 2L).build());
        MergeException otherHierarchy = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE,
                () -> plan("Role", 1L, new Vehicles.Car()).build());

        assertThat(ownHierarchy).hasMessageContaining("the survivor of the Vehicle merge is an entity (an instance "
                + "of " + Vehicles.Car.class.getName() + "), not an id: pass its id, a java.lang.Long");
        assertThat(otherHierarchy).hasMessageContaining("duplicate #1 of the Role merge is a Car")
                .hasMessageContaining("not a Role");
    }

    // ---- batches ----

    @Test
    void batch_oneAndOneL_areOneRecord_soChainsResolve() {
        Map<Object, Object> duplicateToSurvivor = new LinkedHashMap<>();
        duplicateToSurvivor.put(2, 1L);
        duplicateToSurvivor.put(3L, "2");
        duplicateToSurvivor.put(new BigDecimal("4"), (short) 3);

        BatchMerge<Object> batch = batch().merges(duplicateToSurvivor).build();

        assertThat(batch.groups()).containsExactly(new MergeGroup(1L, List.of(2L, 3L, 4L)));
        batch.execute();
        assertThat(db.rows("role")).extracting(r -> r.get("id")).containsExactly(1L);
        assertThat(db.value("role_grant", 10L, "role_id")).isEqualTo(1L);
        assertThat(db.value("role_grant", 11L, "role_id")).isEqualTo(1L);
    }

    @Test
    void batch_refusesWhatOnlyTheSpellingHid() {
        failsWith(MergeErrorCode.DUPLICATE_LISTED_TWICE, () -> batch().group(1L, 2, 2L).build());
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> batch().merge(5, 5L).build());
        MergeException twoSurvivors = failsWith(MergeErrorCode.DUPLICATE_OF_TWO_SURVIVORS,
                () -> batch().merge(2, 1L).merge(2L, 3).build());
        failsWith(MergeErrorCode.MERGE_CYCLE, () -> batch().merge(1, 2L).merge("2", 1L).build());
        MergeException text = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> batch().merge(2L, 1L)
                .merge("03", 1L).build());

        assertThat(twoSurvivors).hasMessageContaining("Role 2 is merged into 1 and into 3");
        assertThat(text).hasMessageContaining("\"03\"").hasMessageContaining("java.lang.Long");
        assertThat(executor.runs()).isEmpty();
    }

    @Test
    void batch_planOfAGroupGivenByTheCaller_isNormalizedToo() {
        BatchMerge<Object> batch = batch().merge(2L, 1L).build();

        MergePlan<Object> plan = batch.plan(new MergeGroup(3, List.of("4")));

        assertThat(plan.survivorId()).isEqualTo(3L);
        assertThat(plan.duplicateIds()).containsExactly(4L);
        failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> batch.plan(new MergeGroup(3, List.of(3L))));
    }
}
