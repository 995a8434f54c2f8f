package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.safemerge.audit.Slf4jAuditListener;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.BatchProgressListener;
import org.safemerge.spi.CustomFieldStrategy;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeGuard;
import org.safemerge.spi.MergeVerdict;
import org.safemerge.spi.TombstoneMarker;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.NullArguments;
import org.slf4j.Logger;

/**
 * Every public entry point of the API refuses a null argument with {@code MergeException(INVALID_ARGUMENT)} naming
 * it (ids: {@code NULL_ID} at build()), never with a NullPointerException from inside: a reflective sweep over
 * every public method of the builders, plans, batches, strategies, policies and conflict resolutions, so that a
 * method added later is covered too.
 */
class NullArgumentsTest {
    private final InMemoryExecutor executor = Workshop.executor();

    private Map<Class<?>, Object> samples() {
        MergeReport report = Workshop.merge(executor).build().dryRun();
        AuditListener listener = event -> { };
        return Map.ofEntries(Map.entry(String.class, "name"), Map.entry(Object.class, A),
                Map.entry(Object[].class, new Object[] {B}), Map.entry(String[].class, new String[] {"name"}),
                Map.entry(Collection.class, List.of(B)), Map.entry(Map.class, Map.of(B, A)),
                Map.entry(Class.class, Object.class), Map.entry(MergeExecutor.class, executor),
                Map.entry(FieldStrategy.class, FieldStrategy.takeA()),
                Map.entry(AssociationPolicy.class, AssociationPolicy.repoint()),
                Map.entry(SelfReferencePolicy.class, SelfReferencePolicy.BLOCK),
                Map.entry(ConflictResolution.class, ConflictPolicy.KEEP_A),
                Map.entry(TombstoneMarker.class, (TombstoneMarker<Object>) (d, s) -> { }),
                Map.entry(AuditListener.class, listener), Map.entry(AuditListener[].class,
                        new AuditListener[] {listener}),
                Map.entry(MergeGuard.class, (MergeGuard<Object>) m -> MergeVerdict.allow()),
                Map.entry(BatchProgressListener.class, (BatchProgressListener) p -> { }),
                Map.entry(BinaryOperator.class, (BinaryOperator<Object>) (a, b) -> a),
                Map.entry(CustomFieldStrategy.class, (CustomFieldStrategy) context -> null),
                Map.entry(MergeReport.class, report), Map.entry(MergeGroup.class, new MergeGroup(A, List.of(B))),
                Map.entry(Logger.class, org.slf4j.LoggerFactory.getLogger("test")));
    }

    @Test
    void everyPublicMethodOfTheApi_refusesNullWithInvalidArgument() {
        int calls = new NullArguments(samples())
                .methods(MergePlan.class, () -> Workshop.merge(executor).build())
                .methods(MergePlan.Builder.class, () -> Workshop.merge(executor))
                .methods(BatchMerge.class, () -> BatchMerge.builder(executor, "Event").group(A, B).build())
                .methods(BatchMerge.Builder.class, () -> BatchMerge.builder(executor, "Event"))
                .methods(FieldStrategy.class, FieldStrategy::takeA)
                .methods(AssociationPolicy.class, AssociationPolicy::repoint)
                .methods(ConflictPolicy.class, () -> ConflictPolicy.KEEP_A)
                .methods(ConflictResolution.MergeRows.class, ConflictPolicy::mergeRows)
                .methods(ConflictResolution.KeepBoth.class, ConflictPolicy::keepBoth)
                .constructors(FieldStrategy.NewestBy.class)
                .constructors(FieldStrategy.Combine.class)
                .constructors(FieldStrategy.Custom.class)
                .constructors(Slf4jAuditListener.class)
                .assertAllRefusedAsInvalidArguments();

        assertThat(calls).isGreaterThan(40);
    }

    @Test
    void theMessageNamesTheArgument() {
        assertThat(failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> Workshop.merge(executor).field(null,
                FieldStrategy.takeB()))).hasMessageContaining("attribute");
        assertThat(failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> Workshop.merge(executor).field("name", null)))
                .hasMessageContaining("strategy");
        assertThat(failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> Workshop.merge(executor)
                .audit((AuditListener) null))).hasMessageContaining("listeners[0]");
        assertThat(failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> Workshop.merge(executor)
                .audit((AuditListener[]) null))).hasMessageContaining("listeners");
    }

    @Test
    void executeWithTheReviewOfAnotherMerge_isRefused() {
        MergeReport otherMerge = MergePlan.builder(executor, "Event").survivor(A).duplicates(Workshop.C).build()
                .dryRun();

        assertThat(failsWith(MergeErrorCode.INVALID_ARGUMENT, () -> MergePlan.builder(executor, "Event")
                .survivor(B).duplicates(Workshop.C).build().execute(otherMerge)))
                .hasMessageContaining("this plan merges");
    }
}
