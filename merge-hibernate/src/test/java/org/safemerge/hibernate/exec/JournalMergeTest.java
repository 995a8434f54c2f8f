package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.journal.MergeJournal;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.MergeVerdict;

/** The JDBC merge journal: written in the merge's transaction, exactly when the merge commits. */
class JournalMergeTest {
    private static final MergeJournal JOURNAL = MergeJournal.builder().principal(() -> "alice").build();

    static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);
        JOURNAL.dropSchema(factory);
        JOURNAL.createSchema(factory);
        return factory;
    }

    @MatrixTest
    void committedMerge_writesItsRow_everyChange_andTheDeletedRowsInFull(TestDatabase db) {
        SessionFactory factory = seed(db);

        MergeReport report = HibernateMerge.of(factory).withJournal(JOURNAL).plan(Event.class)
                .survivor(10L).duplicates(11L).field("tags", FieldStrategy.takeB()).build().execute();

        String id = report.mergeId();
        assertThat(db.queryRows("select entity, survivor_id, duplicate_ids, principal, outcome "
                + "from safemerge_merge where merge_id = '" + id + "'"))
                .containsExactly(List.of("Event", "10", "[\"11\"]", "alice", "COMMITTED"));
        assertThat(db.queryRows("select record_id, role from safemerge_merge_record where merge_id = '" + id
                + "' order by role, record_id")).containsExactly(List.of("11", "DUPLICATE"), List.of("10", "SURVIVOR"));
        assertThat(db.queryRows("select kind from safemerge_change where merge_id = '" + id + "' order by seq"))
                .extracting(r -> r.get(0)).contains("LinksRemoved", "LinksAdded", "ReferencesRepointed",
                        "EntityDeleted");
        assertThat(db.queryRows("select row_ids, from_id, to_id from safemerge_change where merge_id = '" + id
                + "' and kind = 'ReferencesRepointed'")).containsExactly(List.of("[101,102]", "11", "10"));
        assertThat(db.queryRows("select op, table_name from safemerge_row_image where merge_id = '" + id
                + "' order by image_seq")).extracting(r -> r.get(0) + " " + unquoted(r.get(1)))
                .containsExactly("DELETE ws_event_tag", "DELETE ws_event");
        assertThat(db.queryRows("select image from safemerge_row_image where merge_id = '" + id
                + "' and op = 'DELETE' order by image_seq desc")).first().asString()
                .contains("Python Workshop (dup)");
    }

    /** A table name as SQL wrote it, without quotes, lower case. */
    static String unquoted(Object table) {
        return table.toString().replaceAll("[\"`]", "").toLowerCase(java.util.Locale.ROOT);
    }

    @MatrixTest
    void dryRunAndRehearsal_writeNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(JOURNAL);

        merge.plan(Event.class).survivor(10L).duplicates(11L).build().dryRun();
        merge.plan(Event.class).survivor(10L).duplicates(11L).build().rehearse();

        assertThat(db.queryLong("select count(*) from safemerge_merge")).isZero();
        assertThat(db.queryLong("select count(*) from safemerge_change")).isZero();
        assertThat(db.queryLong("select count(*) from safemerge_row_image")).isZero();
    }

    @MatrixTest
    void refusedMerge_leavesARolledBackRow_andNoChanges(TestDatabase db) {
        SessionFactory factory = seed(db);

        assertThatThrownBy(() -> HibernateMerge.of(factory).withJournal(JOURNAL).plan(Event.class)
                .survivor(10L).duplicates(11L).guard(ctx -> MergeVerdict.veto("not today")).build().execute())
                .isInstanceOf(MergeException.class);

        assertThat(db.queryRows("select outcome, error_code from safemerge_merge"))
                .containsExactly(List.of("ROLLED_BACK", "MERGE_VETOED"));
        assertThat(db.queryLong("select count(*) from safemerge_change")).isZero();
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isEqualTo(1);
    }

    @MatrixTest
    void callersTransactionRolledBack_rollsTheJournalBack_andRecordsTheRollback(TestDatabase db) {
        SessionFactory factory = seed(db);

        String[] id = new String[1];
        factory.inSession(s -> {
            s.beginTransaction();
            id[0] = HibernateMerge.of(s).withJournal(JOURNAL).plan(Event.class).survivor(10L).duplicates(11L)
                    .build().execute().mergeId();
            s.getTransaction().rollback();
        });

        assertThat(db.queryRows("select merge_id, outcome from safemerge_merge"))
                .containsExactly(List.of(id[0], "ROLLED_BACK"));
        assertThat(db.queryLong("select count(*) from safemerge_change")).isZero();
        assertThat(db.queryLong("select count(*) from safemerge_row_image")).isZero();
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isEqualTo(1);
    }

    @MatrixTest
    void missingTables_failTheMerge_withJournalFailed_andChangeNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        JOURNAL.dropSchema(factory);

        assertThatThrownBy(() -> HibernateMerge.of(factory).withJournal(JOURNAL).plan(Event.class)
                .survivor(10L).duplicates(11L).build().execute())
                .isInstanceOfSatisfying(MergeException.class, e -> {
                    assertThat(e.code()).isEqualTo(MergeErrorCode.JOURNAL_FAILED);
                    assertThat(e.getMessage()).contains("autoCreate(true)", "safemerge_merge");
                });
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isEqualTo(1);
    }

    @MatrixTest
    void autoCreate_createsTheTablesAtFirstUse(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);
        MergeJournal journal = MergeJournal.builder().tablePrefix("auto_").autoCreate(true).build();
        journal.dropSchema(factory);

        MergeReport report = HibernateMerge.of(factory).withJournal(journal).plan(Event.class)
                .survivor(10L).duplicates(11L).build().execute();

        assertThat(db.queryRows("select outcome from auto_merge where merge_id = '" + report.mergeId() + "'"))
                .containsExactly(List.of("COMMITTED"));
        journal.dropSchema(factory);
    }
}
