package org.safemerge.hibernate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.batch.Customers.Customer;
import org.safemerge.hibernate.journal.MergeJournal;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.BatchResult;

/** A journalled batch, undone group by group: the database as before the batch (versions aside). */
class BatchUndoMergeTest {
    private static final MergeJournal JOURNAL = MergeJournal.defaults();

    private static Map<String, List<List<String>>> snapshot(TestDatabase db) {
        return TableDump.of(db).undoComparable(MergeJournal.DEFAULT_PREFIX);
    }

    @MatrixTest
    void mixedBatch_undoneGroupByGroup_newestFirst_restoresEveryRow(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.seedMixed(db);
        JOURNAL.dropSchema(factory);
        JOURNAL.createSchema(factory);
        Map<String, List<List<String>>> before = snapshot(db);
        HibernateMerge merge = HibernateMerge.of(factory).withJournal(JOURNAL);
        Map<Object, Object> pairs = new LinkedHashMap<>();
        pairs.put(2L, 1L);
        pairs.put(4L, 3L);

        BatchResult done = merge.batch(Customer.class).merges(pairs).group(5L, 6L, 7L)
                .field("phone", FieldStrategy.firstNonNull())
                .association("card", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A))
                .association("BmVisit.customer", AssociationPolicy.unassign())
                .build().execute();
        List<String> ids = new ArrayList<>(done.merged().stream().map(BatchResult.GroupResult::mergeId).toList());
        assertThat(ids).hasSize(3);
        assertThat(db.queryLong("select count(*) from safemerge_merge where outcome = 'COMMITTED'")).isEqualTo(3);

        java.util.Collections.reverse(ids);
        for (String id : ids) {
            assertThat(merge.undo(id).dryRun().conflicts()).as("conflicts of %s", id).isEmpty();
            merge.undo(id).execute();
        }

        assertThat(snapshot(db)).isEqualTo(before);
    }
}
