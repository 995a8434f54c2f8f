package org.safemerge;

import org.safemerge.report.MergeGroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.testing.InMemoryExecutor;

/**
 * How a batch turns the merges it was given into groups: chains resolve to their root, independent groups keep the
 * caller's order, and mappings that cannot mean one thing are refused at build() with the ids named, before
 * anything touches the database.
 */
class BatchGroupsTest {
    private final InMemoryExecutor executor = Partners.executor(12);

    private BatchMerge.Builder<Object> batch() {
        return BatchMerge.builder(executor, "Partner");
    }

    private static Map<Object, Object> pairs(long... duplicateSurvivor) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < duplicateSurvivor.length; i += 2) {
            map.put(duplicateSurvivor[i], duplicateSurvivor[i + 1]);
        }
        return map;
    }

    private static MergeGroup group(long survivor, Object... duplicates) {
        return new MergeGroup(survivor, List.of(duplicates));
    }

    // ---- chains ----

    @Test
    void chain_parentFirst_viaMerges_becomesOneGroupOnTheRoot() {
        BatchMerge<Object> batch = batch().merges(pairs(2, 1, 3, 2)).build();

        assertThat(batch.groups()).containsExactly(group(1, 2L, 3L));
    }

    @Test
    void chain_childFirst_viaMerges_becomesOneGroupOnTheRoot() {
        BatchMerge<Object> batch = batch().merges(pairs(3, 2, 2, 1)).build();

        assertThat(batch.groups()).containsExactly(group(1, 3L, 2L));
    }

    @Test
    void chain_viaGroups_inEitherOrder_becomesOneGroupOnTheRoot() {
        assertThat(batch().group(1L, 2L).group(2L, 3L).build().groups()).containsExactly(group(1, 2L, 3L));
        assertThat(batch().group(2L, 3L).group(1L, 2L).build().groups()).containsExactly(group(1, 3L, 2L));
    }

    @Test
    void chain_viaMergeCalls_resolvesLikeTheMap() {
        BatchMerge<Object> batch = batch().merge(3L, 2L).merge(2L, 1L).build();

        assertThat(batch.groups()).containsExactly(group(1, 3L, 2L));
    }

    @Test
    void longChain_givenShuffled_endsAtItsRoot_withEveryLink() {
        // 5 -> 4 -> 3 -> 2 -> 1, given in no particular order, plus a branch 6 -> 3
        BatchMerge<Object> batch = batch().merges(pairs(3, 2, 5, 4, 2, 1, 6, 3, 4, 3)).build();

        assertThat(batch.groups()).singleElement().satisfies(g -> {
            assertThat(g.survivorId()).isEqualTo(1L);
            assertThat(g.duplicateIds()).containsExactly(3L, 5L, 2L, 6L, 4L);
        });
    }

    @Test
    void groupWithSeveralDuplicates_inAChain_keepsAllOfThem() {
        BatchMerge<Object> batch = batch().group(2L, 3L, 4L).group(1L, 2L).build();

        assertThat(batch.groups()).containsExactly(group(1, 3L, 4L, 2L));
    }

    @Test
    void independentGroups_stayApart_andKeepTheInputOrder() {
        BatchMerge<Object> batch = batch().group(9L, 10L).merge(2L, 1L).group(5L, 6L, 7L).merge(12L, 11L).build();

        assertThat(batch.groups()).containsExactly(group(9, 10L), group(1, 2L), group(5, 6L, 7L), group(11, 12L));
    }

    @Test
    void chainIntoAnEarlierGroup_joinsIt_atTheEarlierGroupsPlace() {
        // 4 -> 3 is given second, but 3 itself merges into 1: one group, where 1 first appeared
        BatchMerge<Object> batch = batch().merge(2L, 1L).merge(4L, 3L).merge(6L, 5L).merge(3L, 1L).build();

        assertThat(batch.groups()).containsExactly(group(1, 2L, 4L, 3L), group(5, 6L));
    }

    @Test
    void sameSurvivorInTwoGroups_becomesOneGroup() {
        BatchMerge<Object> batch = batch().group(1L, 2L).group(5L, 6L).group(1L, 3L).build();

        assertThat(batch.groups()).containsExactly(group(1, 2L, 3L), group(5, 6L));
    }

    @Test
    void samePairGivenTwice_isOneMerge() {
        BatchMerge<Object> batch = batch().merge(2L, 1L).merge(2L, 1L).build();

        assertThat(batch.groups()).containsExactly(group(1, 2L));
    }

    @Test
    void build_touchesNoDatabase() {
        batch().merges(pairs(2, 1, 3, 2)).build();

        assertThat(executor.runs()).isEmpty();
    }

    @Test
    void startingAt_isTheTailOfTheResolvedGroups() {
        BatchMerge<Object> batch = batch().merge(2L, 1L).merge(4L, 3L).merge(6L, 5L).build();

        assertThat(batch.startingAt(1).groups()).containsExactly(group(3, 4L), group(5, 6L));
        assertThat(batch.startingAt(3).groups()).isEmpty();
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> batch.startingAt(4));
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> batch.startingAt(-1));
    }

    // ---- rejections ----

    @Test
    void twoCycle_isRefused_namingTheIds() {
        MergeException e = failsWith(MergeErrorCode.MERGE_CYCLE, () -> batch().merges(pairs(1, 2, 2, 1)).build());

        assertThat(e).hasMessageContaining("1 -> 2 -> 1");
    }

    @Test
    void threeCycle_isRefused_namingTheIds() {
        MergeException e = failsWith(MergeErrorCode.MERGE_CYCLE,
                () -> batch().merge(1L, 2L).merge(2L, 3L).merge(3L, 1L).build());

        assertThat(e).hasMessageContaining("1 -> 2 -> 3 -> 1");
    }

    @Test
    void cycleBehindAChain_namesTheCycleOnly() {
        MergeException e = failsWith(MergeErrorCode.MERGE_CYCLE,
                () -> batch().merge(4L, 1L).merge(1L, 2L).merge(2L, 1L).build());

        assertThat(e).hasMessageContaining("1 -> 2 -> 1");
    }

    @Test
    void cycleViaGroups_isRefused() {
        MergeException e = failsWith(MergeErrorCode.MERGE_CYCLE, () -> batch().group(1L, 2L).group(2L, 1L).build());

        assertThat(e).hasMessageContaining("1").hasMessageContaining("2");
    }

    @Test
    void duplicateOfTwoSurvivors_viaTwoGroups_isRefused_namingTheThreeIds() {
        MergeException e = failsWith(MergeErrorCode.DUPLICATE_OF_TWO_SURVIVORS,
                () -> batch().group(1L, 3L).group(2L, 3L).build());

        assertThat(e).hasMessageContaining("Partner 3 is merged into 1 and into 2");
    }

    @Test
    void duplicateOfTwoSurvivors_viaMergeCalls_isRefused() {
        MergeException e = failsWith(MergeErrorCode.DUPLICATE_OF_TWO_SURVIVORS,
                () -> batch().merge(7L, 5L).merge(7L, 6L).build());

        assertThat(e).hasMessageContaining("7").hasMessageContaining("5").hasMessageContaining("6");
    }

    @Test
    void recordMergedIntoItself_isRefused_firstOrLater() {
        MergeException first = failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE, () -> batch().merge(5L, 5L).build());
        MergeException later = failsWith(MergeErrorCode.SURVIVOR_IS_DUPLICATE,
                () -> batch().merge(2L, 1L).merge(5L, 5L).build());

        assertThat(first).hasMessageContaining("Partner 5").hasMessageContaining("itself");
        assertThat(later).hasMessageContaining("Partner 5").hasMessageContaining("itself");
    }

    @Test
    void nullDuplicate_isRefused_namingItsSurvivor() {
        MergeException viaMerge = failsWith(MergeErrorCode.NULL_ID, () -> batch().merge(null, 1L));
        MergeException viaGroup = failsWith(MergeErrorCode.NULL_ID, () -> batch().group(4L, 5L, null));
        Map<Object, Object> map = new HashMap<>();
        map.put(null, 7L);
        MergeException viaMap = failsWith(MergeErrorCode.NULL_ID, () -> batch().merges(map));

        assertThat(viaMerge).hasMessageContaining("duplicate of 1");
        assertThat(viaGroup).hasMessageContaining("duplicate of 4");
        assertThat(viaMap).hasMessageContaining("duplicate of 7");
    }

    @Test
    void nullSurvivor_isRefused_namingItsDuplicates() {
        MergeException viaMerge = failsWith(MergeErrorCode.NULL_ID, () -> batch().merge(3L, null));
        MergeException viaGroup = failsWith(MergeErrorCode.NULL_ID, () -> batch().group(null, 8L, 9L));
        Map<Object, Object> map = new HashMap<>();
        map.put(6L, null);
        MergeException viaMap = failsWith(MergeErrorCode.NULL_ID, () -> batch().merges(map));

        assertThat(viaMerge).hasMessageContaining("3");
        assertThat(viaGroup).hasMessageContaining("[8, 9]");
        assertThat(viaMap).hasMessageContaining("6");
    }

    @Test
    void emptyBatch_isRefused() {
        failsWith(MergeErrorCode.NO_DUPLICATES, () -> batch().build());
        failsWith(MergeErrorCode.NO_DUPLICATES, () -> batch().merges(Map.of()).build());
    }

    @Test
    void groupWithoutDuplicates_isRefused_namingTheSurvivor() {
        MergeException e = failsWith(MergeErrorCode.NO_DUPLICATES, () -> batch().group(4L));

        assertThat(e).hasMessageContaining("survivor 4");
    }

    @Test
    void chunkSizeBelowOne_isRefused_namingTheValue() {
        MergeException zero = failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> batch().chunkSize(0));
        failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> batch().chunkSize(-3));

        assertThat(zero).hasMessageContaining("chunkSize").hasMessageContaining("0");
    }

    @Test
    void options_areValidatedAtBuild_likeASingleMerge() {
        failsWith(MergeErrorCode.UNKNOWN_ATTRIBUTE, () -> batch().merge(2L, 1L)
                .field("nickname", FieldStrategy.takeB()).build());
        failsWith(MergeErrorCode.UNKNOWN_ENTITY, () -> BatchMerge.builder(executor, "Client").merge(2L, 1L).build());
        assertThat(executor.runs()).isEmpty();
    }
}
