package org.safemerge.hibernate.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.internal.journal.Json;
import org.safemerge.hibernate.journal.HistoryFixture.Customer;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.safemerge.testing.LogCapture;

/** History queries on merges really journalled: by id, by record, by time, where-is chains, trails. */
class MergeHistoryTest {
    /** The provoked rollback's listener failure is logged by SafeMerge. */
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");

    @MatrixTest
    void aJournalledMerge_isFoundByIdByEitherRecordAndByTime(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        Instant before = Instant.now().minusSeconds(60);
        String id = HistoryFixture.merge(factory, 1, 2);
        MergeHistory history = HistoryFixture.history(factory);

        JournalMerge merge = history.merge(id).orElseThrow();
        assertThat(merge.entity()).isEqualTo("Customer");
        assertThat(merge.survivorId()).isEqualTo("1");
        assertThat(merge.duplicateIds()).containsExactly("2");
        assertThat(merge.principal()).isEqualTo("alice");
        assertThat(merge.outcome()).isEqualTo(JournalMerge.Outcome.COMMITTED);
        assertThat(merge.stands()).isTrue();
        assertThat(merge.startedAt()).isAfter(before);

        assertThat(history.merges("Customer", 1)).extracting(JournalMerge::mergeId).containsExactly(id);
        assertThat(history.merges("Customer", "2")).extracting(JournalMerge::mergeId).containsExactly(id);
        assertThat(history.merges("Customer", 3)).isEmpty();
        assertThat(history.merges("Ticket", 1)).as("the entity is part of the key").isEmpty();
        assertThat(history.merges(before, null)).extracting(JournalMerge::mergeId).containsExactly(id);
        assertThat(history.merges((Instant) null, before)).isEmpty();
        assertThat(history.merge("no-such-merge")).isEmpty();
        assertThat(history.trail("no-such-merge")).isEmpty();
    }

    @MatrixTest
    void aTrail_listsEveryChangeAsTheAuditLinesDo_andAsJson(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        String id = HistoryFixture.merge(factory, 1, 2);

        MergeTrail trail = HistoryFixture.history(factory).trail(id).orElseThrow();

        assertThat(trail.changes()).extracting(JournalChange::kind).contains("ReferencesRepointed", "EntityDeleted");
        JournalChange repointed = trail.changes().stream().filter(c -> c.kind().equals("ReferencesRepointed"))
                .findFirst().orElseThrow();
        assertThat(repointed.table()).isEqualTo("hs_ticket");
        assertThat(repointed.fromId()).isEqualTo("2");
        assertThat(repointed.toId()).isEqualTo("1");
        assertThat(repointed.rowIds()).extracting(String::valueOf).containsExactly("21", "22");
        assertThat(trail.rowImages()).as("the duplicate's last state").anySatisfy(image -> {
            assertThat(image.table()).isEqualTo("hs_customer");
            assertThat(String.valueOf(image.image())).contains("Customer 2");
        });
        String text = trail.toText();
        assertThat(text).startsWith("merge " + id + " started merging Customer [2] into 1 (at ")
                .contains("by alice", "merge " + id + " re-pointed 2 rows of hs_ticket(customer_id) from 2 to 1 "
                        + "[21, 22]", "merge " + id + " deleted duplicate Customer 2", "merge " + id + " committed");
        assertThat(text.lines()).allMatch(line -> line.startsWith("merge " + id + " "));

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(trail.toJson());
        assertThat(json).containsKeys("mergeId", "entity", "survivorId", "duplicateIds", "principal", "startedAt",
                "endedAt", "outcome", "errorCode", "reason", "options", "undoOf", "undoneBy", "batchId", "changes",
                "rowImages");
        assertThat(json.get("outcome")).isEqualTo("COMMITTED");
        assertThat(json.get("duplicateIds")).isEqualTo(List.of("2"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> changes = (List<Map<String, Object>>) json.get("changes");
        assertThat(changes).hasSameSizeAs(trail.changes()).allSatisfy(c -> assertThat(c).containsKeys("seq", "kind",
                "summary", "table", "reference", "columns", "from", "to", "attribute", "before", "after", "rowIds",
                "detail"));
    }

    @MatrixTest
    void whereIs_followsAChainOfMergesToTheRecordThatHoldsTheDataNow(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        String first = HistoryFixture.merge(factory, 2, 3);
        String second = HistoryFixture.merge(factory, 1, 2);
        MergeHistory history = HistoryFixture.history(factory);

        RecordFate fate = history.whereIs("Customer", 3);
        assertThat(fate.mergedAway()).isTrue();
        assertThat(fate.chain()).extracting(JournalMerge::mergeId).containsExactly(first, second);
        assertThat(fate.currentId()).isEqualTo("1");
        assertThat(fate.cycle()).isFalse();
        assertThat(fate.toText()).startsWith("Customer 3 was merged into 2 (merge " + first)
                .contains(", which was merged into 1 (merge " + second, "its data lives on in Customer 1");
        assertThat(history.whereIs("Customer", 2).chain()).extracting(JournalMerge::mergeId).containsExactly(second);

        RecordFate survivor = history.whereIs("Customer", 1);
        assertThat(survivor.mergedAway()).isFalse();
        assertThat(survivor.currentId()).isEqualTo("1");
        assertThat(survivor.toText()).contains("Customer 1 was not merged away");
        assertThat(db.queryLong("select count(*) from hs_ticket where customer_id = 1")).isEqualTo(6);
    }

    @MatrixTest
    void whereIs_skipsUndoneMerges_andIsSafeWhenTheyPointBack(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        String there = HistoryFixture.merge(factory, 1, 2);
        String undo = HibernateMerge.of(factory).withJournal(HistoryFixture.JOURNAL).undo(there).execute()
                .undoMergeId();
        String back = HistoryFixture.merge(factory, 2, 1);
        MergeHistory history = HistoryFixture.history(factory);

        assertThat(history.merge(there).orElseThrow().stands()).isFalse();
        assertThat(history.merge(there).orElseThrow().undoneBy()).isEqualTo(undo);
        assertThat(history.merge(undo).orElseThrow().undoOf()).isEqualTo(there);
        assertThat(history.whereIs("Customer", 2).mergedAway()).as("2 -> 1 was undone").isFalse();
        RecordFate one = history.whereIs("Customer", 1);
        assertThat(one.chain()).extracting(JournalMerge::mergeId).containsExactly(back);
        assertThat(one.currentId()).isEqualTo("2");
        assertThat(one.cycle()).isFalse();
        assertThat(history.merges("Customer", 1)).extracting(JournalMerge::mergeId).as("newest first")
                .containsExactly(back, undo, there);
        assertThat(history.trail(there).orElseThrow().toText()).contains("undone by merge " + undo);
    }

    @MatrixTest
    void whereIs_stopsAtACycleOfContradictingMerges(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        // a journal that contradicts itself (e.g. records re-created with old ids, merged again): 4 -> 5 -> 4
        insertMerge(db, "m-1", "5", "4", "2026-01-01 10:00:00");
        insertMerge(db, "m-2", "4", "5", "2026-01-02 10:00:00");

        RecordFate fate = HistoryFixture.history(factory).whereIs("Customer", 4);

        assertThat(fate.cycle()).isTrue();
        assertThat(fate.chain()).extracting(JournalMerge::mergeId).containsExactly("m-1", "m-2");
        assertThat(fate.toText()).contains("loops back");
    }

    @MatrixTest
    void aRolledBackMerge_isListedButTakesNoRecordAnywhere(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        AuditListener failing = event -> {
            if (event instanceof AuditEvent.EntityDeleted) {
                throw new IllegalStateException("injected: the audit store is down");
            }
        };
        assertThatThrownBy(() -> HibernateMerge.of(factory).withJournal(HistoryFixture.JOURNAL)
                .plan(Customer.class).survivor(1).duplicates(2).audit(failing).build().execute())
                .isInstanceOf(MergeException.class);
        MergeHistory history = HistoryFixture.history(factory);

        List<JournalMerge> merges = history.merges("Customer", 2);
        assertThat(merges).singleElement().satisfies(m -> {
            assertThat(m.outcome()).isEqualTo(JournalMerge.Outcome.ROLLED_BACK);
            assertThat(m.errorCode()).isNotNull();
            assertThat(history.trail(m.mergeId()).orElseThrow().changes()).isEmpty();
            assertThat(history.trail(m.mergeId()).orElseThrow().toText()).contains("rolled back (" + m.errorCode());
        });
        assertThat(history.whereIs("Customer", 2).mergedAway()).isFalse();
        assertThat(db.queryLong("select count(*) from hs_customer where id = 2")).isOne();
    }

    @MatrixTest
    void lists_areNewestFirst_andPagedByLimitAndOffset(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        insertMerge(db, "m-1", "1", "2", "2026-01-01 10:00:00");
        insertMerge(db, "m-2", "1", "3", "2026-01-02 10:00:00");
        insertMerge(db, "m-3", "1", "4", "2026-01-03 10:00:00");
        MergeHistory history = HistoryFixture.history(factory);

        assertThat(history.merges("Customer", 1)).extracting(JournalMerge::mergeId).containsExactly("m-3", "m-2",
                "m-1");
        assertThat(history.limit(2).merges("Customer", 1)).extracting(JournalMerge::mergeId)
                .containsExactly("m-3", "m-2");
        assertThat(history.limit(2).offset(2).merges("Customer", 1)).extracting(JournalMerge::mergeId)
                .containsExactly("m-1");
        assertThat(history.merges(Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z")))
                .extracting(JournalMerge::mergeId).containsExactly("m-2");
        assertThat(MergeHistory.toJson(history.limit(1).merges((Instant) null, (Instant) null))).contains("\"mergeId\":\"m-3\"");
        assertThatThrownBy(() -> history.limit(0)).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> history.merges(Instant.parse("2026-01-03T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"))).isInstanceOf(MergeException.class);
    }

    @MatrixTest
    void withoutTheJournalTables_readsFailWithJournalFailed_sayingHowToCreateThem(TestDatabase db) {
        SessionFactory factory = HistoryFixture.seeded(db);
        MergeJournal elsewhere = MergeJournal.builder().tablePrefix("hs_absent_").build();

        assertThatThrownBy(() -> MergeHistory.of(factory, elsewhere).whereIs("Customer", 1))
                .isInstanceOfSatisfying(MergeException.class, e -> {
                    assertThat(e.code()).isEqualTo(MergeErrorCode.JOURNAL_FAILED);
                    assertThat(e.getMessage()).contains("hs_absent_merge", "ddl", "autoCreate");
                });
    }

    /** A committed merge written straight into the journal tables (times in UTC). */
    private static void insertMerge(TestDatabase db, String id, String survivor, String duplicate, String time) {
        db.execute("insert into hs_journal_merge (merge_id, entity, survivor_id, duplicate_ids, principal, started_at, "
                + "ended_at, outcome) values ('" + id + "', 'Customer', '" + survivor + "', '[\"" + duplicate
                + "\"]', 'bob', " + timestamp(db, time) + ", " + timestamp(db, time) + ", 'COMMITTED')",
                "insert into hs_journal_merge_record (merge_id, entity, record_id, role) values ('" + id
                        + "', 'Customer', '" + survivor + "', 'SURVIVOR')",
                "insert into hs_journal_merge_record (merge_id, entity, record_id, role) values ('" + id
                        + "', 'Customer', '" + duplicate + "', 'DUPLICATE')");
    }

    /** A timestamp literal: the journal keeps UTC times without a zone. */
    private static String timestamp(TestDatabase db, String utc) {
        return "timestamp '" + utc + "'";
    }
}
