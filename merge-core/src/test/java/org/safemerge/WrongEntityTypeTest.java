package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.report.MergeGroup;
import org.safemerge.spi.AuditEvent;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/**
 * A record that exists but is not of the merged type (a plain record of the supertype, a sibling subtype's, another
 * hierarchy's sharing the table) is refused as WRONG_ENTITY_TYPE, naming the id, the type found and the type
 * expected, in the dry run, in execute() and in a batch, and nothing changes. Vehicles: 1, 2, 3 Cars, 4 a Truck,
 * 5 a plain Vehicle, 6 an Invoice.
 */
class WrongEntityTypeTest {
    private final InMemoryExecutor executor = Vehicles.executor();
    private final InMemoryDatabase db = executor.db();
    private final RecordingAuditListener audit = new RecordingAuditListener();

    private MergePlan<Object> carMerge(long survivor, long duplicate) {
        return MergePlan.builder(executor, "Car").survivor(survivor).duplicates(duplicate).audit(audit).build();
    }

    @Test
    void aPlainSupertypeRecord_givenToASubtypeMerge_isWrongEntityType_inDryRunAndExecute() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException dryRun = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> carMerge(1, 5).dryRun());
        MergeException execute = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> carMerge(1, 5).execute());
        MergeException asSurvivor = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> carMerge(5, 1).execute());

        assertThat(dryRun).hasMessageContaining("duplicate Car 5 is a Vehicle, not a Car");
        assertThat(execute).hasMessage(dryRun.getMessage());
        assertThat(asSurvivor).hasMessageContaining("survivor Car 5 is a Vehicle, not a Car");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.types()).containsExactly("MergeStarted", "MergeRolledBack", "MergeStarted",
                "MergeRolledBack");
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).extracting(AuditEvent.MergeRolledBack::errorCode)
                .containsOnly("WRONG_ENTITY_TYPE");
    }

    @Test
    void aSiblingSubtypesRecord_isWrongEntityType_namingTheTypeFoundAndExpected() {
        MergeException e = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> carMerge(1, 4).dryRun());

        assertThat(e).hasMessageContaining("duplicate Car 4 is a Truck, not a Car")
                .hasMessageContaining("pass the id of a Car");
    }

    @Test
    void aRecordOfAnotherHierarchy_isWrongEntityType_beforeAMissingDuplicate() {
        MergeException e = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE, () -> MergePlan.builder(executor, "Vehicle")
                .survivor(6L).duplicates(99L).build().dryRun());

        assertThat(e).hasMessageContaining("survivor Vehicle 6 is a Invoice, not a Vehicle nor one of its subtypes "
                + "[Car, Truck]");
    }

    @Test
    void batch_aGroupWithARecordOfTheWrongType_failsItsChunk_likeAMissingRecord_evenSkippingBlockedGroups() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        BatchMergeException failed = (BatchMergeException) failsWith(MergeErrorCode.WRONG_ENTITY_TYPE,
                () -> BatchMerge.builder(executor, "Car").merge(2L, 1L).merge(5L, 3L).audit(audit).build().execute());
        BatchMergeException skipping = (BatchMergeException) failsWith(MergeErrorCode.WRONG_ENTITY_TYPE,
                () -> BatchMerge.builder(executor, "Car").merge(2L, 1L).merge(5L, 3L).skipBlockedGroups().build()
                        .execute());
        MergeException dryRun = failsWith(MergeErrorCode.WRONG_ENTITY_TYPE,
                () -> BatchMerge.builder(executor, "Car").merge(2L, 1L).merge(4L, 3L).build().dryRun());

        assertThat(failed.failedGroup()).isEqualTo(new MergeGroup(3L, List.of(5L)));
        assertThat(failed.rolledBack()).hasSize(2);
        assertThat(failed).hasMessageContaining("duplicate Car 5 is a Vehicle, not a Car");
        assertThat(skipping.failedGroup()).isEqualTo(new MergeGroup(3L, List.of(5L)));
        assertThat(dryRun).hasMessageContaining("duplicate Car 4 is a Truck, not a Car");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).extracting(AuditEvent.MergeRolledBack::errorCode)
                .containsOnly("WRONG_ENTITY_TYPE").hasSize(2);
    }
}
