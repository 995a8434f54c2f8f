package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * An ordered collection ({@code @OrderColumn}) merged by union: the duplicate's links follow the survivor's, the
 * link both had is skipped, and the index stays gap-free (a gap loads as a null element of the list).
 */
class OrderedCollectionMergeTest {

    @Entity(name = "Playlist")
    @Table(name = "ol_playlist")
    static class Playlist {
        @Id
        Long id;
        @ManyToMany
        @JoinTable(name = "ol_playlist_song", joinColumns = @JoinColumn(name = "playlist_id"),
                inverseJoinColumns = @JoinColumn(name = "song_id"))
        @OrderColumn(name = "position")
        List<Song> songs = new ArrayList<>();
    }

    @Entity(name = "Song")
    @Table(name = "ol_song")
    static class Song {
        @Id
        Long id;
    }

    @MatrixTest
    void union_appendsTheDuplicatesSongs_skipsTheSharedOne_andLeavesNoGapInTheOrder(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Playlist.class, Song.class);
        db.execute("insert into ol_song (id) values (1), (2), (3)",
                "insert into ol_playlist (id) values (10), (11)",
                "insert into ol_playlist_song (playlist_id, song_id, position) values (10, 1, 0), (10, 2, 1), "
                        + "(11, 2, 0), (11, 3, 1)");

        HibernateMerge.of(factory).plan(Playlist.class).survivor(10L).duplicates(11L)
                .field("songs", FieldStrategy.union()).build().execute();

        assertThat(db.queryRows("select song_id, position from ol_playlist_song where playlist_id = 10 "
                + "order by position")).containsExactly(List.of(1L, 0), List.of(2L, 1), List.of(3L, 2));
        List<Long> loaded = factory.fromTransaction(s -> s.find(Playlist.class, 10L).songs.stream()
                .map(song -> song == null ? null : song.id).toList());
        assertThat(loaded).as("as the application sees it").containsExactly(1L, 2L, 3L);
    }
}
