package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.testing.MergeAssertions.failsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.LogCapture;
import org.safemerge.testing.RecordingAuditListener;
import org.slf4j.event.Level;

/**
 * Every callback of the application (field strategy, tombstone marker, audit listener, batch progress listener)
 * that fails, with a RuntimeException or an Error other than the JVM's own, fails the merge with its own code and
 * the failure as cause, rolled back; never a raw Error, never DATABASE_ERROR.
 */
class CallbackFailuresTest {
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");
    private final InMemoryExecutor executor = Workshop.executor();
    private final InMemoryDatabase db = executor.db();

    @Test
    void customStrategyThrowingAnError_failsWithStrategyFailed_andChangesNothing() {
        InMemoryDatabase.Snapshot before = db.snapshot();
        AssertionError bug = new AssertionError("a bug in a strategy");

        MergeException e = failsWith(MergeErrorCode.STRATEGY_FAILED, () -> Workshop.merge(executor)
                .field("note", FieldStrategy.custom(context -> {
                    throw bug;
                })).build().execute());

        assertThat(e.getCause()).isSameAs(bug);
        assertThat(e).hasMessageContaining("'note'");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void combineThrowingAnError_failsWithStrategyFailed() {
        MergeException e = failsWith(MergeErrorCode.STRATEGY_FAILED, () -> Workshop.merge(executor)
                .field("name", FieldStrategy.combine((a, b) -> {
                    throw new LinkageError("a class went missing");
                })).build().execute());

        assertThat(e).hasCauseInstanceOf(LinkageError.class).hasMessageContaining("'name'");
    }

    @Test
    void strategyRunningOutOfMemory_isNotDisguised() {
        assertThatThrownBy(() -> Workshop.merge(executor).field("note", FieldStrategy.custom(context -> {
            throw new OutOfMemoryError("simulated");
        })).build().execute()).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void toOneStrategyReturningSomethingElseThanTheTargetsId_failsWithStrategyFailed_namingTheAttribute() {
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.STRATEGY_FAILED, () -> Workshop.merge(executor)
                .field("venue", FieldStrategy.custom(context -> "Hall")).build().execute());

        assertThat(e).hasMessageContaining("'venue'").hasMessageContaining("java.lang.String")
                .hasMessageContaining("java.lang.Long");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void toOneStrategyReturningTheTargetsId_isFine() {
        Workshop.merge(executor).field("venue", FieldStrategy.custom(context -> 51L)).build().execute();

        assertThat(db.value("event", A, "venue_id")).isEqualTo(51L);
    }

    @Test
    void markerThrowing_failsWithMarkerFailed_andChangesNothing() {
        InMemoryDatabase.Snapshot before = db.snapshot();
        RecordingAuditListener audit = new RecordingAuditListener();

        MergeException e = failsWith(MergeErrorCode.MARKER_FAILED, () -> Workshop.merge(executor).audit(audit)
                .keepDuplicates((duplicate, survivor) -> {
                    throw new IllegalStateException("no column merged_into");
                }).build().execute());

        assertThat(e).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("tombstone marker");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("MARKER_FAILED");
    }

    @Test
    void markerThrowingAnError_failsWithMarkerFailed() {
        MergeException e = failsWith(MergeErrorCode.MARKER_FAILED, () -> Workshop.merge(executor)
                .keepDuplicates((duplicate, survivor) -> {
                    throw new AssertionError("a bug in a marker");
                }).build().execute());

        assertThat(e).hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void auditListenerThrowingAnError_failsWithAuditFailed_andTheTrailEndsRolledBack() {
        RecordingAuditListener audit = new RecordingAuditListener();
        InMemoryDatabase.Snapshot before = db.snapshot();

        MergeException e = failsWith(MergeErrorCode.AUDIT_FAILED, () -> Workshop.merge(executor)
                .audit(audit, event -> {
                    if (event instanceof AuditEvent.EntityDeleted) {
                        throw new AssertionError("a bug in a listener");
                    }
                }).build().execute());

        assertThat(e).hasCauseInstanceOf(AssertionError.class);
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("AUDIT_FAILED");
        assertThat(db.snapshot()).isEqualTo(before);
    }

    @Test
    void auditListenerThrowingAnErrorOnMergeCommitted_leavesTheMergeCommitted_withTheFailureInTheReport() {
        RecordingAuditListener audit = new RecordingAuditListener();

        MergeReport report = Workshop.merge(executor).audit(audit, event -> {
            if (event instanceof AuditEvent.MergeCommitted) {
                throw new AssertionError("a bug in a listener");
            }
        }).build().execute();

        assertThat(audit.events().get(audit.events().size() - 1)).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).isEmpty();
        assertThat(report.auditFailures()).singleElement().asString().contains("MergeCommitted")
                .contains("a bug in a listener");
        assertThat(log.texts(Level.ERROR)).singleElement().asString().contains("failed on the final event")
                .contains("AssertionError: a bug in a listener");
        assertThat(db.row("event", B)).isEmpty();
    }

    @Test
    void batchProgressListenerThrowingAnError_doesNotHideTheCommittedChunks() {
        var result = BatchMerge.builder(executor, "Event").group(A, B).progress(progress -> {
            throw new AssertionError("a bug in a progress bar");
        }).build().execute();

        assertThat(result.merged()).hasSize(1);
        assertThat(db.row("event", B)).isEmpty();
        assertThat(log.texts(Level.WARN)).singleElement().asString().contains("batch progress listener")
                .contains("AssertionError: a bug in a progress bar");
    }

    @Test
    void strategyFailure_isTheMergesOwn_inADryRunToo() {
        failsWith(MergeErrorCode.STRATEGY_FAILED, () -> Workshop.merge(executor)
                .field("note", FieldStrategy.custom(context -> {
                    throw new AssertionError("a bug in a strategy");
                })).build().dryRun());
    }
}
