package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.exec.UndoMergeTest.journalled;
import static org.safemerge.hibernate.exec.UndoMergeTest.snapshot;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.ConflictMergeTest.Person;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Family;
import org.safemerge.hibernate.exec.OrderedCollectionMergeTest.Playlist;
import org.safemerge.hibernate.exec.OrderedCollectionMergeTest.Song;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.exec.SelfReferenceMergeTest.Member;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** Merges of every kind the suite has, each undone: the database as before the merge (versions aside). */
class UndoCasesMergeTest {

    /** Merges with {@code merge}, undoes it, and checks the whole database is as before. */
    private static void mergeThenUndo(TestDatabase db, SessionFactory factory,
            Function<HibernateMerge, String> merge) {
        journalled(factory);
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge journalled = HibernateMerge.of(factory).withJournal(UndoMergeTest.JOURNAL);
        String id = merge.apply(journalled);
        assertThat(snapshot(db)).as("the merge changed something").isNotEqualTo(before);

        assertThat(journalled.undo(id).dryRun().conflicts()).isEmpty();
        journalled.undo(id).execute();

        assertThat(snapshot(db)).isEqualTo(before);
    }

    @MatrixTest
    void partners_nullableAndNotNullFks_repointedInEightTables_andAttributes(TestDatabase db) {
        mergeThenUndo(db, Partners.seeded(db), m -> m.plan(Partner.class).survivor(Partners.A)
                .duplicates(Partners.B).field("phone", FieldStrategy.takeB()).field("name", FieldStrategy.takeB())
                .build().execute().mergeId());
    }

    @MatrixTest
    void partners_nullableFksUnassigned(TestDatabase db) {
        mergeThenUndo(db, Partners.seeded(db), m -> m.plan(Partner.class).survivor(Partners.A)
                .duplicates(Partners.B).association("pt_word(partner_id)", AssociationPolicy.unassign())
                .association("pt_contact(partner_id)", AssociationPolicy.unassign())
                .build().execute().mergeId());
    }

    @MatrixTest
    void allowDelete_theDeletedChildrenComeBack(TestDatabase db) {
        mergeThenUndo(db, OneToManyMergeTest.seedWithoutChores(db), m -> m.plan(Family.class).survivor(1L)
                .duplicates(2L).field("children", FieldStrategy.takeA())
                .association("children", AssociationPolicy.repoint().allowDelete()).build().execute().mergeId());
    }

    @MatrixTest
    void oneToOneConflict_keepA(TestDatabase db) {
        conflict(db, ConflictPolicy.KEEP_A);
    }

    @MatrixTest
    void oneToOneConflict_keepB(TestDatabase db) {
        conflict(db, ConflictPolicy.KEEP_B);
    }

    @MatrixTest
    void oneToOneConflict_skipDuplicate(TestDatabase db) {
        conflict(db, ConflictPolicy.SKIP_DUPLICATE);
    }

    private static void conflict(TestDatabase db, ConflictPolicy policy) {
        SessionFactory factory = db.sessionFactory(Person.class, ConflictMergeTest.Profile.class,
                ConflictMergeTest.Skill.class);
        db.execute("insert into oo_person (id, name) values (1, 'Ada'), (2, 'Ada L.')",
                "insert into oo_profile (id, bio, person_id) values (11, 'bio of A', 1), (12, 'bio of B', 2)",
                "insert into oo_skill (id, name) values (21, 'java'), (22, 'sql')",
                "insert into oo_person_skill (person_id, skill_id) values (1, 21), (2, 21), (2, 22)");
        mergeThenUndo(db, factory, m -> m.plan(Person.class).survivor(1L).duplicates(2L)
                .association("profile", AssociationPolicy.repoint().onConflict(policy))
                .build().execute().mergeId());
    }

    @MatrixTest
    void uniqueKeyConflicts_mergeRowsAndKeepBoth(TestDatabase db) {
        // accounts (unique per owner and number): MERGE_ROWS merges B's account into A's, moving its payments and
        // deleting it; tasks (unique per owner, person and role): KEEP_BOTH nulls the role of B's conflicting row
        mergeThenUndo(db, UniqueKeys.seed(db), m -> m.plan(UniqueKeys.Partner.class).survivor(UniqueKeys.A)
                .duplicates(UniqueKeys.B)
                .association("uk_legacy(partner_id)", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A))
                .association("accounts", AssociationPolicy.repoint().onConflict(ConflictPolicy.mergeRows()
                        .field("holder", FieldStrategy.takeB())))
                .association("tasks", AssociationPolicy.repoint().onConflict(ConflictPolicy.keepBoth()
                        .setNull("role")))
                .build().execute().mergeId());
    }

    @MatrixTest
    void uniqueKeyConflicts_keepB(TestDatabase db) {
        mergeThenUndo(db, UniqueKeys.seed(db), m -> m.plan(UniqueKeys.Partner.class).survivor(UniqueKeys.A)
                .duplicates(UniqueKeys.B)
                .association("uk_legacy(partner_id)", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B))
                .association("accounts", AssociationPolicy.repoint().onConflict(ConflictPolicy.mergeRows()))
                .association("tasks", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B))
                .build().execute().mergeId());
    }

    @MatrixTest
    void orderedList_union(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Playlist.class, Song.class);
        db.execute("insert into ol_song (id) values (1), (2), (3)",
                "insert into ol_playlist (id) values (10), (11)",
                "insert into ol_playlist_song (playlist_id, song_id, position) values (10, 1, 0), (10, 2, 1), "
                        + "(11, 2, 0), (11, 3, 1)");
        mergeThenUndo(db, factory, m -> m.plan(Playlist.class).survivor(10L).duplicates(11L)
                .field("songs", FieldStrategy.union()).build().execute().mergeId());
    }

    @MatrixTest
    void selfReference_survivorsParentIsTheDuplicate_unassigned(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Member.class);
        db.execute("insert into sr_member (id, name) values (1, 'A'), (2, 'B'), (3, 'C'), (4, 'D')",
                "update sr_member set parent_id = 2 where id = 1", "update sr_member set mentor_id = 2 where id = 3");
        mergeThenUndo(db, factory, m -> m.plan(Member.class).survivor(1L).duplicates(2L)
                .field("name", FieldStrategy.takeB()).selfReferences(SelfReferencePolicy.UNASSIGN)
                .build().execute().mergeId());
    }

    @MatrixTest
    void tombstone_theMarkedDuplicateIsWrittenBack(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        mergeThenUndo(db, factory, m -> m.plan(Partner.class).survivor(Partners.A).duplicates(Partners.B)
                .keepDuplicates((duplicate, survivor) -> duplicate.name = "merged into " + survivor)
                .build().execute().mergeId());
    }

    @MatrixTest
    void legacyKeys_rowsPointingByLegacyNumber_comeBack(TestDatabase db) {
        mergeThenUndo(db, LegacyKeys.seeded(db), m -> m.plan(LegacyKeys.Customer.class).survivor(LegacyKeys.A)
                .duplicates(LegacyKeys.B).build().execute().mergeId());
    }
}
