package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.UndoMergeTest.journalled;
import static org.safemerge.hibernate.exec.UndoMergeTest.snapshot;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.UndoReport;
import org.safemerge.hibernate.exec.OrderedCollectionMergeTest.Playlist;
import org.safemerge.hibernate.exec.OrderedCollectionMergeTest.Song;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Undo reverses the merge step by step, newest first: a row the merge moved onto a key it had just freed (takeB on a
 * link or element collection, links both records shared, unique conflicts resolved by KEEP_B) goes back before the
 * freed row is re-inserted, so no false conflict arises; the dry run plans exactly what the undo then does.
 */
class UndoOrderMergeTest {

    @Entity(name = "UoContact")
    @Table(name = "uo_contact")
    static class Contact {
        @Id
        Long id;
        @ElementCollection
        @CollectionTable(name = "uo_contact_email", joinColumns = @JoinColumn(name = "contact_id"))
        @Column(name = "email", nullable = false)
        Set<String> emails = new HashSet<>();
    }

    /** Merges with {@code merge}, undoes it: no conflict, the dry run's steps are done, the database as before. */
    private static UndoReport mergeThenUndo(TestDatabase db, SessionFactory factory,
            Function<HibernateMerge, String> merge) {
        journalled(factory);
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge journalled = HibernateMerge.of(factory).withJournal(UndoMergeTest.JOURNAL);
        String id = merge.apply(journalled);
        assertThat(snapshot(db)).as("the merge changed something").isNotEqualTo(before);

        UndoReport preview = journalled.undo(id).dryRun();
        assertThat(preview.conflicts()).isEmpty();
        assertThat(preview.possible()).isTrue();
        UndoReport done = journalled.undo(id).execute();

        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(snapshot(db)).isEqualTo(before);
        return done;
    }

    /** The workshop, with the tag 1 linked to both events 10 (survivor) and 11 (duplicate). */
    private static SessionFactory sharedTag(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);
        db.execute("insert into ws_event_tag (event_id, tag_id) values (11, 1)");
        return factory;
    }

    private static List<String> kinds(UndoReport report, String table) {
        return report.steps().stream().filter(s -> s.table().replace("\"", "").replace("`", "")
                .equalsIgnoreCase(table))
                .map(UndoReport.Step::kind).toList();
    }

    @MatrixTest
    void takeB_onAJoinTable_withASharedTag_movesTheLinkBackBeforeReinsertingTheSurvivors(TestDatabase db) {
        UndoReport done = mergeThenUndo(db, sharedTag(db), m -> m.plan(Event.class).survivor(10L).duplicates(11L)
                .field("tags", FieldStrategy.takeB()).build().execute().mergeId());

        assertThat(kinds(done, "ws_event_tag")).containsSubsequence("RepointBack", "RecreateRows");
    }

    @MatrixTest
    void takeB_onAJoinTable_withoutSharedTags(TestDatabase db) {
        mergeThenUndo(db, Workshop.seed(db), m -> m.plan(Event.class).survivor(10L).duplicates(11L)
                .field("tags", FieldStrategy.takeB()).field("title", FieldStrategy.takeB()).build().execute()
                .mergeId());
    }

    @MatrixTest
    void union_withOverlappingLinks(TestDatabase db) {
        mergeThenUndo(db, sharedTag(db), m -> m.plan(Event.class).survivor(10L).duplicates(11L)
                .field("tags", FieldStrategy.union()).build().execute().mergeId());
    }

    private static SessionFactory contacts(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Contact.class);
        db.execute("insert into uo_contact (id) values (1), (2)",
                "insert into uo_contact_email (contact_id, email) values (1, 'a@x.org'), (1, 'shared@x.org'), "
                        + "(2, 'shared@x.org'), (2, 'b@x.org')");
        return factory;
    }

    @MatrixTest
    void takeB_onAnElementCollection_withASharedValue(TestDatabase db) {
        mergeThenUndo(db, contacts(db), m -> m.plan(Contact.class).survivor(1L).duplicates(2L)
                .field("emails", FieldStrategy.takeB()).build().execute().mergeId());
    }

    @MatrixTest
    void union_onAnElementCollection_withASharedValue(TestDatabase db) {
        mergeThenUndo(db, contacts(db), m -> m.plan(Contact.class).survivor(1L).duplicates(2L)
                .field("emails", FieldStrategy.union()).build().execute().mergeId());
    }

    @MatrixTest
    void uniqueConflicts_keepB_theSurvivorsRowsGetTheirKeysBackAfterTheDuplicatesLeave(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        // the accounts' conflict needs MERGE_ROWS (another subject): leave B one account that does not conflict
        db.execute("delete from uk_payment", "delete from uk_account where id = 200");
        mergeThenUndo(db, factory, m -> m.plan(UniqueKeys.Partner.class).survivor(UniqueKeys.A)
                .duplicates(UniqueKeys.B)
                .association("tasks", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B))
                .association("uk_legacy(partner_id)", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B))
                .build().execute().mergeId());
    }

    private static SessionFactory playlists(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Playlist.class, Song.class);
        db.execute("insert into ol_song (id) values (1), (2), (3)",
                "insert into ol_playlist (id) values (10), (11)",
                "insert into ol_playlist_song (playlist_id, song_id, position) values (10, 1, 0), (10, 2, 1), "
                        + "(11, 2, 0), (11, 3, 1)");
        return factory;
    }

    @MatrixTest
    void orderedList_takeB_withASharedSong(TestDatabase db) {
        mergeThenUndo(db, playlists(db), m -> m.plan(Playlist.class).survivor(10L).duplicates(11L)
                .field("songs", FieldStrategy.takeB()).build().execute().mergeId());
    }

    /**
     * A later change to an ordered list the merge renumbered (an entry added, moved or removed) refuses the undo,
     * in its dry run too, and the refused undo writes nothing; put back as the merge left it, the undo goes through.
     */
    @MatrixTest
    void orderedList_changedAfterTheMerge_undoIsRefused_writesNothing_andGoesThroughOnceItIsBack(TestDatabase db) {
        SessionFactory factory = journalled(playlists(db));
        db.execute("insert into ol_song (id) values (4)", "insert into ol_playlist (id) values (12)",
                "insert into ol_playlist_song (playlist_id, song_id, position) values (12, 4, 0)");
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(UndoMergeTest.JOURNAL);
        String id = merge.plan(Playlist.class).survivor(10L).duplicates(11L).field("songs", FieldStrategy.union())
                .build().execute().mergeId();
        assertThat(db.queryRows("select song_id from ol_playlist_song where playlist_id = 10 order by position"))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L));
        long journalRows = db.queryLong("select count(*) from safemerge_change");

        for (String[] edit : new String[][] {
                // appended
                {"insert into ol_playlist_song (playlist_id, song_id, position) values (10, 4, 3)",
                        "delete from ol_playlist_song where playlist_id = 10 and position = 3"},
                // moved: the first and the last entry swap places
                {"update ol_playlist_song set song_id = 4 - song_id where playlist_id = 10 and song_id <> 2",
                        "update ol_playlist_song set song_id = 4 - song_id where playlist_id = 10 and song_id <> 2"},
                // removed
                {"delete from ol_playlist_song where playlist_id = 10 and position = 2",
                        "insert into ol_playlist_song (playlist_id, song_id, position) values (10, 3, 2)"}}) {
            db.execute(edit[0]);
            Map<String, List<List<String>>> changed = snapshot(db);

            UndoReport preview = merge.undo(id).dryRun();
            assertThat(preview.possible()).as(edit[0]).isFalse();
            assertThat(preview.conflicts()).as(edit[0]).singleElement().satisfies(c -> assertThat(c.table()
                    .replace("\"", "").replace("`", "")).isEqualToIgnoringCase("ol_playlist_song"));
            assertThatThrownBy(() -> merge.undo(id).execute()).as(edit[0]).isInstanceOfSatisfying(
                    MergeException.class, e -> {
                        assertThat(e.code()).isEqualTo(MergeErrorCode.UNDO_CONFLICT);
                        assertThat(e.getMessage()).containsIgnoringCase("ol_playlist_song");
                    });
            assertThat(snapshot(db)).as(edit[0]).isEqualTo(changed);
            assertThat(db.queryLong("select count(*) from safemerge_change")).isEqualTo(journalRows);
            db.execute(edit[1]);
        }

        // a list the merge did not touch may change: it is not the undo's business
        db.execute("insert into ol_playlist_song (playlist_id, song_id, position) values (12, 1, 1)");
        assertThat(merge.undo(id).dryRun().conflicts()).isEmpty();
        merge.undo(id).execute();
        db.execute("delete from ol_playlist_song where playlist_id = 12 and position = 1");
        assertThat(snapshot(db)).isEqualTo(before);
    }
}
