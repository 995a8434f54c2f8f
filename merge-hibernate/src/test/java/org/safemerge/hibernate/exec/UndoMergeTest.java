package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.UndoReport;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.journal.MergeJournal;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;

/** Merge, then undo: the whole database as before the merge, version columns and the journal aside. */
class UndoMergeTest {
    static final MergeJournal JOURNAL = MergeJournal.builder().principal(() -> "bob").build();
    private final AuditTrail audit = new AuditTrail();

    /** Every table but the journal's, without version columns. */
    static Map<String, List<List<String>>> snapshot(TestDatabase db) {
        return TableDump.of(db).undoComparable(MergeJournal.DEFAULT_PREFIX);
    }

    static SessionFactory journalled(SessionFactory factory) {
        JOURNAL.dropSchema(factory);
        JOURNAL.createSchema(factory);
        return factory;
    }

    @MatrixTest
    void tagsFromB_thenUndo_restoresEveryRow_linksAndTasksIncluded(TestDatabase db) {
        SessionFactory factory = journalled(Workshop.seed(db));
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(JOURNAL);
        String id = merge.plan(Event.class).survivor(10L).duplicates(11L).field("tags", FieldStrategy.takeB())
                .field("title", FieldStrategy.takeB()).build().execute().mergeId();
        long versionAfterMerge = db.queryLong("select version from ws_event where id = 10");

        UndoReport preview = merge.undo(id).dryRun();
        assertThat(preview.possible()).isTrue();
        assertThat(snapshot(db)).isNotEqualTo(before);
        UndoReport done = merge.undo(id).audit(audit).execute();

        assertThat(snapshot(db)).isEqualTo(before);
        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(db.queryLong("select version from ws_event where id = 10")).isGreaterThan(versionAfterMerge);
        assertThat(db.queryRows("select outcome, undone_by from safemerge_merge where merge_id = '" + id + "'"))
                .containsExactly(List.of("UNDONE", done.undoMergeId()));
        assertThat(db.queryRows("select outcome, undo_of from safemerge_merge where merge_id = '"
                + done.undoMergeId() + "'")).containsExactly(List.of("COMMITTED", id));
        assertThat(audit.events()).first().isInstanceOf(AuditEvent.MergeStarted.class);
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(audit.events()).allMatch(e -> e.mergeId().equals(done.undoMergeId()));
    }

    @MatrixTest
    void unionOfTags_thenUndo_restoresTheSkippedLink(TestDatabase db) {
        SessionFactory factory = journalled(Workshop.seed(db));
        db.execute("insert into ws_event_tag (event_id, tag_id) values (11, 1)");
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(JOURNAL);
        String id = merge.plan(Event.class).survivor(10L).duplicates(11L).field("tags", FieldStrategy.union())
                .build().execute().mergeId();

        merge.undo(id).execute();

        assertThat(snapshot(db)).isEqualTo(before);
    }

    @MatrixTest
    void undoAfterALaterChange_isRefused_showsTheConflict_andWritesNothing(TestDatabase db) {
        SessionFactory factory = journalled(Workshop.seed(db));
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(JOURNAL);
        String id = merge.plan(Event.class).survivor(10L).duplicates(11L).build().execute().mergeId();
        db.execute("update ws_task set event_id = 12 where id = 101");
        Map<String, List<List<String>>> changed = snapshot(db);
        long journalRows = db.queryLong("select count(*) from safemerge_change");

        UndoReport preview = merge.undo(id).dryRun();
        assertThat(preview.possible()).isFalse();
        assertThat(preview.conflicts()).anySatisfy(c -> assertThat(c.table()).isEqualTo("ws_task"));
        assertThat(preview.toText()).contains("UNDO_CONFLICT", "ws_task");
        assertThatThrownBy(() -> merge.undo(id).execute()).isInstanceOfSatisfying(MergeException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(MergeErrorCode.UNDO_CONFLICT);
                    assertThat(e.getMessage()).contains("ws_task");
                });

        assertThat(snapshot(db)).isEqualTo(changed);
        assertThat(db.queryLong("select count(*) from safemerge_change")).isEqualTo(journalRows);
        assertThat(db.queryRows("select outcome from safemerge_merge")).containsExactly(List.of("COMMITTED"));
    }

    @MatrixTest
    void undoTwice_orOfAnUnknownMerge_isNotPossible(TestDatabase db) {
        SessionFactory factory = journalled(Workshop.seed(db));
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(JOURNAL);
        String id = merge.plan(Event.class).survivor(10L).duplicates(11L).build().execute().mergeId();
        merge.undo(id).execute();

        assertThatThrownBy(() -> merge.undo(id).execute()).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNDO_NOT_POSSIBLE));
        assertThatThrownBy(() -> merge.undo("no-such-merge").dryRun()).isInstanceOfSatisfying(
                MergeException.class, e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNDO_NOT_POSSIBLE));
    }
}
