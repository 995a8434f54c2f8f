package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.testing.MergeAssertions.failsWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.testing.LogCapture;
import org.slf4j.event.Level;
import org.safemerge.spi.AuditEvent;
import org.safemerge.report.MergeReport;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/** One audit event per change, in order, redacted, and no change without its audit record. */
class AuditTest {
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");

    private final InMemoryExecutor executor = Workshop.executor();
    private final InMemoryDatabase db = executor.db();
    private final RecordingAuditListener audit = new RecordingAuditListener();

    @Test
    void execute_emitsOneEventPerChange_inStepOrder() {
        db.update("event", A, "secret", "alpha").update("event", B, "secret", "bravo", "note", "B's note")
                .insert("task", "id", 101, "event_id", B).insert("attendee", "id", 201, "event_id", A)
                .insert("poster", "id", 400, "event_id", A).insert("poster", "id", 401, "event_id", B);

        MergeReport report = Workshop.merge(executor).audit(audit).field("name", FieldStrategy.takeB())
                .field("secret", FieldStrategy.takeB()).field("attendees", FieldStrategy.takeB())
                .association("Poster.event", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A)).build()
                .execute();

        assertThat(audit.types()).containsExactly(
                "MergeStarted",
                "ReferencesUnassigned", // attendee(event_id): A's attendee leaves under takeB
                "LinksSkipped", "LinksAdded", // event_tags(event_id): 11 skipped, 12 added
                "ConflictResolved", "ReferencesUnassigned", // poster(event_id): KEEP_A
                "ReferencesRepointed", // task(event_id)
                "EntityDeleted",
                "AttributeSet", "AttributeSet",
                "VersionBumped",
                "MergeCommitted");
        List<AuditEvent> events = audit.events();
        assertThat(events).extracting(AuditEvent::mergeId).containsOnly(report.mergeId());
        assertThat(events).extracting(AuditEvent::at).isSortedAccordingTo(Instant::compareTo);

        AuditEvent.MergeStarted started = audit.single(AuditEvent.MergeStarted.class);
        assertThat(started.entity()).isEqualTo("Event");
        assertThat(started.survivorId()).isEqualTo(A);
        assertThat(started.duplicateIds()).containsExactly(B);

        AuditEvent.ReferencesRepointed repointed = audit.single(AuditEvent.ReferencesRepointed.class);
        assertThat(repointed.reference()).isEqualTo("task(event_id)");
        assertThat(repointed.table()).isEqualTo("task");
        assertThat(repointed.columns()).containsExactly("event_id");
        assertThat(repointed.rowIds()).containsExactly(101L);
        assertThat(repointed.from()).isEqualTo(B);
        assertThat(repointed.to()).isEqualTo(A);

        List<AuditEvent.AttributeSet> sets = audit.of(AuditEvent.AttributeSet.class);
        assertThat(sets.get(0)).satisfies(set -> {
            assertThat(set.attribute()).isEqualTo("name");
            assertThat(set.before()).isEqualTo("Kotlin workshop");
            assertThat(set.after()).isEqualTo("Kotlin Workshop!");
            assertThat(set.strategy()).isEqualTo("takeB");
            assertThat(set.entity()).isEqualTo("Event");
            assertThat(set.id()).isEqualTo(A);
        });
        assertThat(sets.get(1)).satisfies(set -> {
            assertThat(set.attribute()).isEqualTo("secret");
            assertThat(set.before()).isEqualTo(Sensitive.REDACTED);
            assertThat(set.after()).isEqualTo(Sensitive.REDACTED);
        });

        AuditEvent.EntityDeleted deleted = audit.single(AuditEvent.EntityDeleted.class);
        assertThat(deleted.id()).isEqualTo(B);
        assertThat(deleted.soft()).isFalse();
        assertThat(deleted.lastState()).containsEntry("name", "Kotlin Workshop!").containsEntry("note", "B's note")
                .containsEntry("secret", Sensitive.REDACTED).containsEntry("venue", 51L);

        assertThat(audit.single(AuditEvent.VersionBumped.class).id()).isEqualTo(A);
        assertThat(audit.single(AuditEvent.MergeCommitted.class).rowsChanged())
                .isEqualTo(report.actualRows().stream().mapToLong(Long::longValue).sum());
        assertThat(events.toString()).doesNotContain("alpha").doesNotContain("bravo");
    }

    @Test
    void rowIds_areChunkedAtTheAuditChunkSize() {
        for (int i = 0; i < 5; i++) {
            db.insert("task", "id", 110 + i, "event_id", B);
        }

        Workshop.merge(executor).audit(audit).auditChunkSize(2).build().execute();

        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).extracting(AuditEvent.ReferencesRepointed::rowIds)
                .containsExactly(List.of(110L, 111L), List.of(112L, 113L), List.of(114L));
    }

    @Test
    void severalListeners_eachReceiveEveryEvent() {
        RecordingAuditListener second = new RecordingAuditListener();

        Workshop.merge(executor).audit(audit, second).build().execute();

        assertThat(second.events()).isEqualTo(audit.events());
        assertThat(audit.types()).first().isEqualTo("MergeStarted");
    }

    @Test
    void throwingListener_abortsTheMerge_andItIsRolledBack() {
        db.insert("task", "id", 101, "event_id", B);
        InMemoryDatabase.Snapshot before = db.snapshot();
        List<String> seenByThrower = new ArrayList<>();

        MergeException e = failsWith(MergeErrorCode.AUDIT_FAILED, () -> Workshop.merge(executor).audit(audit)
                .audit(event -> {
                    seenByThrower.add(event.getClass().getSimpleName());
                    if (event instanceof AuditEvent.ReferencesRepointed) {
                        throw new IllegalStateException("audit table is full");
                    }
                }).build().execute());

        assertThat(e).hasMessageContaining("failed on ReferencesRepointed").hasMessageContaining("audit table is full")
                .hasMessageContaining("continueOnAuditFailure()");
        assertThat(db.snapshot()).isEqualTo(before);
        assertThat(audit.types()).last().isEqualTo("MergeRolledBack");
        assertThat(audit.single(AuditEvent.MergeRolledBack.class).errorCode()).isEqualTo("AUDIT_FAILED");
        assertThat(seenByThrower).last().isEqualTo("MergeRolledBack");
    }

    @Test
    void throwingListener_withContinueOnAuditFailure_doesNotStopTheMerge() {
        db.insert("task", "id", 101, "event_id", B);

        Workshop.merge(executor).audit(event -> {
            throw new IllegalStateException("audit sink down");
        }).audit(audit).continueOnAuditFailure().build().execute();

        assertThat(db.row("event", B)).isEmpty();
        assertThat(audit.types()).contains("ReferencesRepointed").last().isEqualTo("MergeCommitted");
        assertThat(log.texts(Level.ERROR)).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains("audit listener").contains("failed on").contains("IllegalStateException: audit sink down"));
        assertThat(log.texts(Level.ERROR)).anySatisfy(line -> assertThat(line).contains("failed on MergeStarted"));
    }

    @Test
    void throwingOnTheFinalEvent_cannotUndoTheCommit() {
        Workshop.merge(executor).audit(event -> {
            if (event instanceof AuditEvent.MergeCommitted) {
                throw new IllegalStateException("too late");
            }
        }).build().execute();

        assertThat(db.row("event", B)).isEmpty();
        assertThat(log.texts(Level.ERROR)).singleElement().asString().contains("failed on the final event")
                .contains("IllegalStateException: too late");
    }

    @Test
    void dryRunAndRehearsal_emitNothing() {
        MergePlan<Object> plan = Workshop.merge(executor).audit(audit).build();

        plan.dryRun();
        plan.rehearse();

        assertThat(audit.events()).isEmpty();
    }

    @Test
    void sensitiveByPlan_isRedactedInEvents() {
        db.update("event", A, "note", "a-note").update("event", B, "note", "b-note");

        Workshop.merge(executor).audit(audit).sensitive("note").field("note", FieldStrategy.takeB()).build()
                .execute();

        assertThat(audit.single(AuditEvent.AttributeSet.class).after()).isEqualTo(Sensitive.REDACTED);
        assertThat(audit.single(AuditEvent.EntityDeleted.class).lastState()).containsEntry("note", Sensitive.REDACTED);
        assertThat(audit.events().toString()).doesNotContain("a-note").doesNotContain("b-note");
    }

    @Test
    void oversizedChunksFromTheExecutor_areSplit() {
        for (int i = 0; i < 3; i++) {
            db.insert("task", "id", 110 + i, "event_id", B);
        }
        executor.ignoreChunkSize();

        Workshop.merge(executor).audit(audit).auditChunkSize(2).build().execute();

        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).extracting(AuditEvent.ReferencesRepointed::rowIds)
                .containsExactly(List.of(110L, 111L), List.of(112L));
    }

    @Test
    void rowsWithoutIds_areStillAudited() {
        TestGraphs.Unkeyed fixture = new TestGraphs.Unkeyed();

        fixture.merge().audit(audit).build().execute();

        AuditEvent.ReferencesRepointed event = audit.single(AuditEvent.ReferencesRepointed.class);
        assertThat(event.table()).isEqualTo("visit");
        assertThat(event.rowIds()).isEmpty();
        assertThat(event.from()).isEqualTo(2L);
        assertThat(event.to()).isEqualTo(1L);
    }
}
