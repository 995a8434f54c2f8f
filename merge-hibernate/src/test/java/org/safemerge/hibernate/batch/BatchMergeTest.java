package org.safemerge.hibernate.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Assumptions;
import org.safemerge.AssociationPolicy;
import org.safemerge.BatchMerge;
import org.safemerge.BatchMergeException;
import org.safemerge.spi.BatchProgress;
import org.safemerge.ConflictPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.report.MergeGroup;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.batch.Customers.Customer;
import org.safemerge.hibernate.batch.Customers.Label;
import org.safemerge.hibernate.batch.Customers.Order;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.BatchReport;
import org.safemerge.report.BatchResult;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.HazardKind;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MergeReport;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.BatchProgressListener;

/**
 * Batches of merges end to end, on every database of the matrix: each chunk is one transaction in which the same step
 * of all its groups runs at once. Every shape the set-based path handles (FK re-point, NOT NULL FK, join table with
 * identical links, element collection, ordered list, unique one-to-one with a conflict policy, unassign policy,
 * self reference across groups) is checked row by row: each group's rows end on its own survivor and nowhere else.
 */
class BatchMergeTest {
    private static final MergeGroup G1 = new MergeGroup(1L, List.of(2L));
    private static final MergeGroup G2 = new MergeGroup(3L, List.of(4L));
    private static final MergeGroup G3 = new MergeGroup(5L, List.of(6L, 7L));

    /** The options of every batch over {@link Customers#seedMixed}. */
    private static BatchMerge.Builder<Customer> mixed(SessionFactory factory, AuditListener... audit) {
        return mixed(HibernateMerge.of(factory), audit);
    }

    private static BatchMerge.Builder<Customer> mixed(HibernateMerge merge, AuditListener... audit) {
        Map<Object, Object> pairs = new LinkedHashMap<>();
        pairs.put(2L, 1L);
        pairs.put(4L, 3L);
        return merge.batch(Customer.class)
                .merges(pairs)
                .group(5L, 6L, 7L)
                .field("phone", FieldStrategy.firstNonNull())
                .association("card", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A))
                .association("BmVisit.customer", AssociationPolicy.unassign())
                .audit(audit);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1. every shape, several pairs and a multi-duplicate group in one chunk
    // ---------------------------------------------------------------------------------------------------------------

    @MatrixTest
    void mixedBatch_movesEveryGroupsRowsToItsOwnSurvivor_skipsIdenticalLinks_andDeletesTheDuplicates(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.seedMixed(db);
        Map<String, Integer> before = Dump.of(db).counts();

        BatchMerge<Customer> batch = mixed(factory).build();
        assertThat(batch.groups()).containsExactly(G1, G2, G3);
        BatchResult result = batch.execute();

        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactly(G1, G2, G3);
        assertThat(result.skipped()).isEmpty();
        assertThat(result.groupsTotal()).isEqualTo(3);
        assertThat(result.merged()).extracting(BatchResult.GroupResult::mergeId).doesNotHaveDuplicates();

        // the merged records: duplicates gone, firstNonNull(phone) decided per group, versions bumped once, the
        // bystanders' parent (a self reference into the merged table) moved to the survivor of their parent's group
        assertThat(rows(db, "select id, name, phone, version, parent_id from bm_customer order by id")).containsExactly(
                row(1L, "c1", "222", 1L, null), row(3L, "c3", "333", 1L, null), row(5L, "c5", "777", 1L, null),
                row(8L, "c8", null, 0L, 5L), row(9L, "c9", null, 0L, 3L));
        // NOT NULL FK
        assertThat(rows(db, "select id, customer_id from bm_order order by id")).containsExactly(row(101L, 1L),
                row(102L, 1L), row(103L, 1L), row(104L, 3L), row(105L, 3L), row(106L, 5L), row(107L, 5L),
                row(108L, 9L));
        // nullable FK
        assertThat(rows(db, "select id, customer_id from bm_ticket order by id")).containsExactly(row(201L, 1L),
                row(202L, 3L), row(203L, 5L), row(204L, null), row(205L, 9L), row(206L, 5L));
        // unique one-to-one, KEEP_A: 1 and 5 keep their cards, the duplicates' cards are unassigned; 3 had none
        assertThat(rows(db, "select id, customer_id from bm_card order by id")).containsExactly(row(301L, 1L),
                row(302L, null), row(303L, 3L), row(304L, 5L), row(305L, null), row(306L, 9L));
        // unassign(): every visit of a duplicate unassigned, the survivor's and the bystander's kept
        assertThat(rows(db, "select id, customer_id from bm_visit order by id")).containsExactly(row(401L, null),
                row(402L, null), row(403L, null), row(404L, 1L), row(405L, 9L));
        // join table: identical links skipped (2's 1; 6's 3; 7's 4, which 6 brought), 2's and 4's label 3 move to
        // their survivors even though another group's survivor (5) has label 3 (and 6's skipped 3 is in the same
        // statement as 2's)
        assertThat(rows(db, "select customer_id, label_id from bm_customer_label order by customer_id, label_id"))
                .containsExactly(row(1L, 1L), row(1L, 2L), row(1L, 3L), row(3L, 3L), row(5L, 1L), row(5L, 2L),
                        row(5L, 3L), row(5L, 4L), row(9L, 1L));
        // element collection: same rules (2's and 4's e@x move although 5 has e@x)
        assertThat(rows(db, "select customer_id, email from bm_customer_email order by customer_id, email"))
                .containsExactly(row(1L, "a@x"), row(1L, "b@x"), row(1L, "e@x"), row(3L, "d@x"), row(3L, "e@x"),
                        row(5L, "e@x"), row(5L, "f@x"), row(9L, "a@x"));
        // ordered list: the survivor's entries first, then each duplicate's in its order; index 0..n-1 per survivor
        assertThat(rows(db, "select customer_id, label_id, position from bm_customer_pin "
                + "order by customer_id, position")).containsExactly(row(1L, 1L, 0L), row(1L, 2L, 1L),
                row(1L, 3L, 2L), row(1L, 4L, 3L), row(3L, 4L, 0L), row(3L, 1L, 1L), row(5L, 1L, 0L), row(5L, 2L, 1L),
                row(9L, 3L, 0L));

        Map<String, Integer> expected = new HashMap<>(before);
        expected.put("bm_customer", before.get("bm_customer") - 4);
        expected.put("bm_customer_label", before.get("bm_customer_label") - 3);
        expected.put("bm_customer_email", before.get("bm_customer_email") - 2);
        expected.put("bm_customer_pin", before.get("bm_customer_pin") - 3);
        assertThat(Dump.of(db).counts()).as("rows per table: only skipped links and duplicates are gone")
                .isEqualTo(expected);

        // as the application sees it: no null element in the ordered lists, the merged collections
        factory.inTransaction(s -> {
            assertThat(s.find(Customer.class, 1L).pins).extracting(p -> p == null ? null : p.id)
                    .containsExactly(1L, 2L, 3L, 4L);
            assertThat(s.find(Customer.class, 3L).pins).extracting(p -> p == null ? null : p.id)
                    .containsExactly(4L, 1L);
            Customer five = s.find(Customer.class, 5L);
            assertThat(five.pins).extracting(p -> p == null ? null : p.id).containsExactly(1L, 2L);
            assertThat(five.labels).extracting(l -> l.id).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(five.emails).containsExactlyInAnyOrder("e@x", "f@x");
            assertThat(five.orders).extracting(o -> o.id).containsExactlyInAnyOrder(106L, 107L);
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. chains and cycles
    // ---------------------------------------------------------------------------------------------------------------

    /** Customers 1..7: orders 101 -> 2, 102 -> 3, 103 -> 4, 104 -> 7, 105 -> 1, 106 -> 6; labels along the chain. */
    private static SessionFactory seedChain(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.customers(db, 1, 2, 3, 4, 5, 6, 7);
        Customers.labels(db);
        db.execute("update bm_customer set parent_id = 3 where id = 5",
                "insert into bm_order (id, text, customer_id) values (101, 'o', 2), (102, 'o', 3), (103, 'o', 4), "
                        + "(104, 'o', 7), (105, 'o', 1), (106, 'o', 6)",
                "insert into bm_ticket (id, text, customer_id) values (201, 't', 4), (202, 't', 7)",
                "insert into bm_customer_label (customer_id, label_id) values (1, 1), (2, 1), (2, 2), (3, 2), "
                        + "(3, 3), (4, 3), (4, 4), (7, 1)",
                "insert into bm_customer_pin (customer_id, label_id, position) values (1, 1, 0), (2, 2, 0), "
                        + "(3, 3, 0), (3, 1, 1), (4, 4, 0), (6, 2, 0), (7, 2, 0), (7, 3, 1)");
        return factory;
    }

    /** Enough groups in one statement that the database picks other plans than for two or three (H2 did). */
    @MatrixTest
    void twelvePairsSharingLinks_skipExactlyTheSharedOnes_inOneChunk(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.labels(db);
        Map<Object, Object> pairs = new LinkedHashMap<>();
        StringBuilder links = new StringBuilder();
        for (long i = 0; i < 12; i++) {
            long survivor = 2 * i + 1;
            long duplicate = 2 * i + 2;
            Customers.customers(db, survivor, duplicate);
            pairs.put(duplicate, survivor);
            // the survivor has 1, 2, 3; the duplicate 2, 3, 4: two identical links to skip, one to move
            for (long label : new long[] {1, 2, 3}) {
                links.append(links.length() == 0 ? "" : ", ").append("(").append(survivor).append(", ").append(label)
                        .append(")");
            }
            for (long label : new long[] {2, 3, 4}) {
                links.append(", (").append(duplicate).append(", ").append(label).append(")");
            }
        }
        db.execute("insert into bm_customer_label (customer_id, label_id) values " + links);
        Trail trail = new Trail();

        BatchResult done = HibernateMerge.of(factory).batch(Customer.class).merges(pairs).audit(trail).build()
                .execute();

        assertThat(done.merged()).hasSize(12);
        List<List<Object>> expected = new ArrayList<>();
        for (long i = 0; i < 12; i++) {
            for (long label = 1; label <= 4; label++) {
                expected.add(row(2 * i + 1, label));
            }
        }
        assertThat(rows(db, "select customer_id, label_id from bm_customer_label order by customer_id, label_id"))
                .isEqualTo(expected);
        assertThat(trail.of(AuditEvent.LinksSkipped.class)).hasSize(12)
                .allSatisfy(e -> assertThat(e.rowIds()).containsExactly(2L, 3L));
        assertThat(trail.of(AuditEvent.LinksAdded.class)).hasSize(12)
                .allSatisfy(e -> assertThat(e.rowIds()).containsExactly(4L));
    }

    @MatrixTest
    void chains_resolveToTheirEnd_andEveryRowOfTheChainEndsOnTheLastSurvivor(TestDatabase db) {
        SessionFactory factory = seedChain(db);
        Trail trail = new Trail();
        Map<Object, Object> chain = new LinkedHashMap<>();
        chain.put(4L, 3L); // 4 -> 3 -> 2 -> 1
        chain.put(7L, 6L);
        chain.put(3L, 2L);
        chain.put(2L, 1L);

        BatchMerge<Customer> batch = HibernateMerge.of(factory).batch(Customer.class).merges(chain).audit(trail)
                .build();

        assertThat(batch.groups()).hasSize(2);
        assertThat(batch.groups().get(0).survivorId()).isEqualTo(1L);
        assertThat(batch.groups().get(0).duplicateIds()).containsExactlyInAnyOrder(2L, 3L, 4L);
        assertThat(batch.groups().get(1)).isEqualTo(new MergeGroup(6L, List.of(7L)));
        batch.execute();

        assertThat(rows(db, "select id, parent_id from bm_customer order by id")).containsExactly(row(1L, null),
                row(5L, 1L), row(6L, null));
        assertThat(rows(db, "select id, customer_id from bm_order order by id")).containsExactly(row(101L, 1L),
                row(102L, 1L), row(103L, 1L), row(104L, 6L), row(105L, 1L), row(106L, 6L));
        assertThat(rows(db, "select id, customer_id from bm_ticket order by id")).containsExactly(row(201L, 1L),
                row(202L, 6L));
        assertThat(rows(db, "select customer_id, label_id from bm_customer_label order by customer_id, label_id"))
                .containsExactly(row(1L, 1L), row(1L, 2L), row(1L, 3L), row(1L, 4L), row(6L, 1L));
        List<List<Object>> pins = rows(db, "select customer_id, label_id, position from bm_customer_pin "
                + "order by customer_id, position");
        assertThat(pins).filteredOn(r -> r.get(0).equals(1L)).extracting(r -> r.get(2))
                .as("1's list stays gap-free").containsExactly(0L, 1L, 2L, 3L);
        assertThat(pins).filteredOn(r -> r.get(0).equals(1L)).extracting(r -> r.get(1))
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L).startsWith(1L);
        assertThat(pins).filteredOn(r -> r.get(0).equals(6L))
                .containsExactly(row(6L, 2L, 0L), row(6L, 3L, 1L));
        // one merge per group, not per pair
        assertThat(trail.of(AuditEvent.MergeStarted.class)).hasSize(2);
        assertThat(trail.of(AuditEvent.EntityDeleted.class)).extracting(AuditEvent.EntityDeleted::id)
                .containsExactlyInAnyOrder(2L, 3L, 4L, 7L);
    }

    @MatrixTest
    void cycle_isRefusedWithItsIds_beforeAnythingChanges(TestDatabase db) {
        SessionFactory factory = seedChain(db);
        Dump before = Dump.of(db);
        Trail trail = new Trail();
        Map<Object, Object> cycle = new LinkedHashMap<>();
        cycle.put(2L, 1L); // a fine pair in the same batch: refused along with the cycle
        cycle.put(5L, 6L);
        cycle.put(6L, 7L);
        cycle.put(7L, 5L);

        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Customer.class).merges(cycle).audit(trail).build()
                .execute())
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.MERGE_CYCLE))
                .message().satisfiesAnyOf(m -> assertThat(m).contains("5 -> 6 -> 7 -> 5"),
                        m -> assertThat(m).contains("6 -> 7 -> 5 -> 6"),
                        m -> assertThat(m).contains("7 -> 5 -> 6 -> 7"));
        // a self-merge is the smallest cycle
        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Customer.class).merge(3L, 3L).build())
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.SURVIVOR_IS_DUPLICATE))
                .hasMessageContaining("3");
        // one duplicate, two survivors
        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Customer.class).merge(2L, 1L).merge(4L, 3L)
                .merge(2L, 6L).build())
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.DUPLICATE_OF_TWO_SURVIVORS))
                .message().containsPattern("\\b2\\b").containsPattern("\\b1\\b").containsPattern("\\b6\\b");

        assertThat(Dump.of(db)).isEqualTo(before);
        assertThat(trail.events()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 3. and 5. chunks, progress, a failing chunk, resuming; audit per group
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Seven groups: survivor {@code 10k+1}, duplicate {@code 10k+2} (k = 1..7). Each row's id or customer names its
     * group: customers {@code 10k+j}, FK rows {@code 1000 t + 10k + i}, links by customer. Duplicate 52 is left out
     * ({@code customer52} false) or inserted without any rows ({@code rowsOf52} false).
     */
    private static SessionFactory seedSeven(TestDatabase db, boolean customer52, boolean rowsOf52) {
        SessionFactory factory = Customers.factory(db);
        Customers.labels(db);
        List<String> statements = new ArrayList<>();
        for (int k = 1; k <= 7; k++) {
            long s = 10L * k + 1;
            long d = 10L * k + 2;
            boolean rows = k != 5 || rowsOf52;
            statements.add("insert into bm_customer (id, name, phone, version) values (" + s + ", 's" + k
                    + "', null, 0)"
                    + (k != 5 || customer52 ? ", (" + d + ", 'd" + k + "', '" + k + k + "', 0)" : ""));
            statements.add("insert into bm_order (id, text, customer_id) values (" + (1000 + 10 * k + 1) + ", 'o', " + s
                    + ")" + (rows ? ", (" + (1000 + 10 * k + 2) + ", 'o', " + d + "), (" + (1000 + 10 * k + 3)
                    + ", 'o', " + d + ")" : ""));
            statements.add("insert into bm_customer_label (customer_id, label_id) values (" + s + ", 1)"
                    + (rows ? ", (" + d + ", 1), (" + d + ", " + (k % 3 + 2) + ")" : ""));
            statements.add("insert into bm_customer_pin (customer_id, label_id, position) values (" + s + ", 1, 0)"
                    + (rows ? ", (" + d + ", 2, 0), (" + d + ", 1, 1)" : ""));
            if (rows) {
                statements.add("insert into bm_ticket (id, text, customer_id) values (" + (2000 + 10 * k + 1)
                        + ", 't', " + d + ")");
                statements.add("insert into bm_customer_email (customer_id, email) values (" + d + ", '" + k + "@x')");
                statements.add("insert into bm_visit (id, text, customer_id) values (" + (4000 + 10 * k + 1) + ", 'v', "
                        + d + ")");
                statements.add("insert into bm_card (id, number, customer_id) values (" + (3000 + 10 * k + 2)
                        + ", 'k', " + d + ")" + (k % 2 == 0 ? ", (" + (3000 + 10 * k + 1) + ", 'k', " + s + ")" : ""));
            }
        }
        db.execute(statements.toArray(String[]::new));
        return factory;
    }

    private static List<MergeGroup> sevenGroups() {
        List<MergeGroup> groups = new ArrayList<>();
        for (int k = 1; k <= 7; k++) {
            groups.add(new MergeGroup(10L * k + 1, List.of(10L * k + 2)));
        }
        return groups;
    }

    private static BatchMerge<Customer> seven(SessionFactory factory, BatchProgressListener progress,
            AuditListener... audit) {
        BatchMerge.Builder<Customer> builder = HibernateMerge.of(factory).batch(Customer.class);
        for (MergeGroup group : sevenGroups()) {
            builder.merge(group.duplicateIds().get(0), group.survivorId());
        }
        return builder.field("phone", FieldStrategy.firstNonNull())
                .association("card", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A))
                .association("BmVisit.customer", AssociationPolicy.unassign())
                .chunkSize(3)
                .progress(progress)
                .audit(audit)
                .build();
    }

    /** Which group (k) a dumped row belongs to; 0 for the labels, which no merge touches. */
    private static int groupOf(String table, String row) {
        switch (table) {
            case "bm_label":
                return 0;
            case "bm_customer":
                return (int) (Long.parseLong(value(row, "id")) / 10);
            case "bm_customer_label":
            case "bm_customer_email":
            case "bm_customer_pin":
                return (int) (Long.parseLong(value(row, "customer_id")) / 10);
            default:
                return (int) (Long.parseLong(value(row, "id")) % 1000 / 10);
        }
    }

    private static Dump groups(Dump dump, IntPredicate groups) {
        Map<String, List<String>> kept = new TreeMap<>();
        dump.tables().forEach((table, rows) -> kept.put(table, rows.stream()
                .filter(r -> groups.test(groupOf(table, r))).toList()));
        return new Dump(kept);
    }

    private static String value(String row, String column) {
        Matcher m = Pattern.compile("(?:^| )" + column + "=(\\S*)").matcher(row);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + column + " in " + row);
        }
        return m.group(1);
    }

    @MatrixTest
    void sevenGroupsInChunksOfThree_commitChunkByChunk_andReportProgressAfterEach(TestDatabase db) {
        SessionFactory factory = seedSeven(db, true, true);
        Dump before = Dump.of(db);
        List<BatchProgress> progress = new CopyOnWriteArrayList<>();
        Trail trail = new Trail();
        // after each chunk, what another connection sees: committed chunks only
        List<Long> duplicatesLeftAtProgress = new ArrayList<>();
        BatchMerge<Customer> batch = seven(factory, p -> {
            progress.add(p);
            duplicatesLeftAtProgress.add(db.queryLong("select count(*) from bm_customer where mod(id, 10) = 2"));
        }, trail);

        BatchResult result = batch.execute();

        assertThat(batch.groups()).containsExactlyElementsOf(sevenGroups());
        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactlyElementsOf(sevenGroups());
        long[] rowsPerGroup = result.merged().stream().mapToLong(BatchResult.GroupResult::rowsChanged).toArray();
        assertThat(progress).containsExactly(
                new BatchProgress(3, 0, 7, rowsPerGroup[0] + rowsPerGroup[1] + rowsPerGroup[2], 1, 3),
                new BatchProgress(6, 0, 7, rowsPerGroup[0] + rowsPerGroup[1] + rowsPerGroup[2] + rowsPerGroup[3]
                        + rowsPerGroup[4] + rowsPerGroup[5], 2, 3),
                new BatchProgress(7, 0, 7, result.rowsChanged(), 3, 3));
        assertThat(progress.get(2).fraction()).isEqualTo(1.0);
        assertThat(duplicatesLeftAtProgress).as("each chunk is committed when its progress is reported")
                .containsExactly(4L, 1L, 0L);
        for (int k = 1; k <= 7; k++) {
            long s = 10L * k + 1;
            long d = 10L * k + 2;
            assertThat(rows(db, "select id, customer_id from bm_order where mod(id, 1000) between " + (10 * k)
                    + " and " + (10 * k + 9) + " order by id")).as("group %d", k)
                    .containsExactly(row(1000L + 10 * k + 1, s), row(1000L + 10 * k + 2, s),
                            row(1000L + 10 * k + 3, s));
            assertThat(rows(db, "select label_id, position from bm_customer_pin where customer_id = " + s
                    + " order by position")).as("group %d", k).containsExactly(row(1L, 0L), row(2L, 1L));
            assertThat(rows(db, "select phone from bm_customer where id = " + s)).containsExactly(row("" + k + k));
            assertThat(db.queryLong("select count(*) from bm_customer where id = " + d)).isZero();
        }
        assertThat(rows(db, "select id, customer_id from bm_card order by id")).as("KEEP_A where both had a card")
                .containsExactly(row(3012L, 11L), row(3021L, 21L), row(3022L, null), row(3032L, 31L),
                        row(3041L, 41L), row(3042L, null), row(3052L, 51L), row(3061L, 61L), row(3062L, null),
                        row(3072L, 71L));
        assertThat(Dump.of(db).table("bm_label")).isEqualTo(before.table("bm_label"));
        assertThat(trail.of(AuditEvent.MergeCommitted.class)).hasSize(7);
    }

    @MatrixTest
    void missingDuplicateInTheSecondChunk_rollsBackThatChunkOnly_andRemainingCompletesLikeAnUndisturbedRun(
            TestDatabase db) {
        // the undisturbed run, for the final comparison: duplicate 52 exists (without rows)
        SessionFactory reference = seedSeven(db, true, false);
        seven(reference, p -> { }).execute();
        Dump undisturbed = Dump.of(db);

        SessionFactory factory = seedSeven(db, false, false);
        Dump before = Dump.of(db);
        List<BatchProgress> progress = new CopyOnWriteArrayList<>();
        Trail trail = new Trail();
        BatchMerge<Customer> batch = seven(factory, progress::add, trail);
        List<MergeGroup> groups = sevenGroups();

        BatchMergeException failure = catchBatch(batch);

        assertThat(failure.code()).isEqualTo(MergeErrorCode.DUPLICATE_NOT_FOUND);
        assertThat(failure).hasMessageContaining("52");
        assertThat(failure.completed().merged()).extracting(BatchResult.GroupResult::group)
                .containsExactlyElementsOf(groups.subList(0, 3));
        assertThat(failure.rolledBack()).containsExactlyElementsOf(groups.subList(3, 6));
        assertThat(failure.failedGroup()).isEqualTo(groups.get(4));
        assertThat(failure.remaining().groups()).containsExactlyElementsOf(groups.subList(3, 7));
        assertThat(progress).singleElement().satisfies(p -> {
            assertThat(p.groupsDone()).isEqualTo(3);
            assertThat(p.chunksDone()).isEqualTo(1);
            assertThat(p.chunksTotal()).isEqualTo(3);
        });
        Dump afterFailure = Dump.of(db);
        assertThat(groups(afterFailure, k -> k >= 1 && k <= 3)).as("the first chunk is committed")
                .isEqualTo(groups(undisturbed, k -> k >= 1 && k <= 3));
        assertThat(groups(afterFailure, k -> k == 0 || k >= 4)).as("the failed chunk and the last one are untouched")
                .isEqualTo(groups(before, k -> k == 0 || k >= 4));
        // audit: committed, rolled back (every group of the failed chunk, with the cause), never started
        for (int k = 1; k <= 3; k++) {
            assertThat(trail.ofMerge(trail.mergeIdOf(10L * k + 1))).last()
                    .isInstanceOf(AuditEvent.MergeCommitted.class);
        }
        for (int k = 4; k <= 6; k++) {
            List<AuditEvent> events = trail.ofMerge(trail.mergeIdOf(10L * k + 1));
            assertThat(events.get(0)).isInstanceOf(AuditEvent.MergeStarted.class);
            assertThat(events).as("group %d", k).last().isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                    e -> assertThat(e.errorCode()).isEqualTo("DUPLICATE_NOT_FOUND"));
            assertThat(events).filteredOn(e -> e instanceof AuditEvent.MergeRolledBack).hasSize(1);
            assertThat(events).noneMatch(e -> e instanceof AuditEvent.MergeCommitted);
        }
        assertThat(trail.mergeIdsOf(71L)).as("the last chunk never started").isEmpty();

        // fix the cause, then run what remains
        Customers.customers(db, 52);
        db.execute("update bm_customer set name = 'd5', phone = '55' where id = 52");
        progress.clear();
        trail.clear();
        BatchResult rest = failure.remaining().execute();

        assertThat(rest.merged()).extracting(BatchResult.GroupResult::group)
                .containsExactlyElementsOf(groups.subList(3, 7));
        assertThat(progress).extracting(BatchProgress::groupsDone, BatchProgress::groupsTotal,
                BatchProgress::chunksDone, BatchProgress::chunksTotal)
                .containsExactly(tuple(3, 4, 1, 2),
                        tuple(4, 4, 2, 2));
        assertThat(trail.of(AuditEvent.MergeCommitted.class)).hasSize(4);
        assertThat(Dump.of(db)).as("as if nothing had failed").isEqualTo(undisturbed);
    }

    @MatrixTest
    void auditSinkFailingOnOneGroupMidChunk_rollsBackTheWholeChunk_everyGroupOfItEndsRolledBack(TestDatabase db) {
        SessionFactory reference = seedSeven(db, true, true);
        seven(reference, p -> { }).execute();
        Dump undisturbed = Dump.of(db);

        SessionFactory factory = seedSeven(db, true, true);
        Dump before = Dump.of(db);
        Trail trail = new Trail();
        AtomicBoolean sinkDown = new AtomicBoolean(true);
        Map<String, Object> survivorOfMerge = new HashMap<>();
        List<AuditEvent> seenByFailingSink = new CopyOnWriteArrayList<>();
        AuditListener failsOnGroup5 = event -> {
            if (event instanceof AuditEvent.MergeStarted started) {
                survivorOfMerge.put(started.mergeId(), started.survivorId());
            }
            seenByFailingSink.add(event);
            // group 5's re-pointed orders: by then the chunk has changed rows of groups 4 to 6
            if (sinkDown.get() && event instanceof AuditEvent.ReferencesRepointed e && e.table().equals("bm_order")
                    && Objects.equals(survivorOfMerge.get(event.mergeId()), 51L)) {
                throw new IllegalStateException("audit sink down (injected)");
            }
        };
        List<BatchProgress> progress = new CopyOnWriteArrayList<>();

        BatchMergeException failure = catchBatch(seven(factory, progress::add, trail, failsOnGroup5));

        assertThat(failure.code()).isEqualTo(MergeErrorCode.AUDIT_FAILED);
        List<MergeGroup> groups = sevenGroups();
        assertThat(failure.completed().merged()).extracting(BatchResult.GroupResult::group)
                .containsExactlyElementsOf(groups.subList(0, 3));
        assertThat(failure.rolledBack()).containsExactlyElementsOf(groups.subList(3, 6));
        assertThat(failure.failedGroup()).as("named even though the failing statement served several groups")
                .isEqualTo(groups.get(4));
        assertThat(failure.remaining().groups()).containsExactlyElementsOf(groups.subList(3, 7));
        assertThat(progress).hasSize(1);
        String group4 = trail.mergeIdOf(41L);
        assertThat(trail.ofMerge(group4)).as("group 4 had changed rows in the failed chunk")
                .anyMatch(e -> !Trail.rowIds(e).isEmpty());
        Dump afterFailure = Dump.of(db);
        assertThat(groups(afterFailure, k -> k >= 1 && k <= 3)).isEqualTo(groups(undisturbed, k -> k >= 1 && k <= 3));
        assertThat(groups(afterFailure, k -> k == 0 || k >= 4)).as("the failed chunk's rows exactly as before")
                .isEqualTo(groups(before, k -> k == 0 || k >= 4));
        for (int k = 4; k <= 6; k++) {
            assertThat(trail.ofMerge(trail.mergeIdOf(10L * k + 1))).as("group %d", k).last()
                    .isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                            e -> assertThat(e.errorCode()).isEqualTo("AUDIT_FAILED"));
        }
        assertThat(trail.mergeIdsOf(71L)).isEmpty();

        sinkDown.set(false);
        trail.clear();
        BatchResult rest = failure.remaining().execute();

        assertThat(rest.merged()).hasSize(4);
        assertThat(Dump.of(db)).as("as if nothing had failed").isEqualTo(undisturbed);
        for (int k = 4; k <= 7; k++) {
            assertThat(trail.ofMerge(trail.mergeIdOf(10L * k + 1))).last()
                    .isInstanceOf(AuditEvent.MergeCommitted.class);
        }
    }

    private static BatchMergeException catchBatch(BatchMerge<?> batch) {
        try {
            batch.execute();
        } catch (BatchMergeException e) {
            return e;
        }
        throw new AssertionError("the batch did not fail");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4. dry run
    // ---------------------------------------------------------------------------------------------------------------

    @MatrixTest
    void dryRun_writesNothing_andEachGroupsStepsAreExactlyWhatExecuteThenDoes(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.seedMixed(db);
        Dump before = Dump.of(db);
        Trail trail = new Trail();
        BatchMerge<Customer> batch = mixed(factory, trail).chunkSize(2).build();

        BatchReport preview = batch.dryRun();

        assertThat(Dump.of(db)).as("a dry run writes nothing").isEqualTo(before);
        assertThat(trail.events()).as("nor audits").isEmpty();
        assertThat(preview.blocked()).isEmpty();
        assertThat(preview.groups()).extracting(g -> new MergeGroup(g.survivorId(), g.duplicateIds()))
                .containsExactly(G1, G2, G3);
        assertThat(preview.groups()).allSatisfy(g -> assertThat(g.hazards())
                .noneMatch(h -> h.kind() == HazardKind.BATCH_ORDER));
        // a second dry run sees the same data: same plans
        assertThat(batch.dryRun().groups()).extracting(MergeReport::fingerprint)
                .containsExactlyElementsOf(preview.groups().stream().map(MergeReport::fingerprint).toList());

        BatchResult result = batch.execute();

        assertTrailFollowsThePlan(preview, result, trail);
        // and a dry run of the same batch now finds nothing left to merge
        assertThatThrownBy(batch::dryRun).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).isEqualTo(MergeErrorCode.DUPLICATE_NOT_FOUND));
    }

    /**
     * Each executed group did exactly what its dry run showed: its audit trail is its planned steps, in order, with
     * the same row ids, and its rows changed are the rows expected.
     */
    private static void assertTrailFollowsThePlan(BatchReport preview, BatchResult result, Trail trail) {
        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactlyElementsOf(
                preview.groups().stream().map(g -> new MergeGroup(g.survivorId(), g.duplicateIds())).toList());
        assertThat(result.rowsChanged()).isEqualTo(preview.expectedRowsTotal());
        for (int i = 0; i < preview.groups().size(); i++) {
            MergeReport planned = preview.groups().get(i);
            BatchResult.GroupResult done = result.merged().get(i);
            assertThat(planned.steps()).as("steps of group %s", done.group()).isNotEmpty();
            assertThat(done.rowsChanged()).as("group %s", done.group()).isEqualTo(planned.expectedRowsTotal());
            List<AuditEvent> events = trail.ofMerge(done.mergeId());
            assertThat(events).hasSizeGreaterThan(2);
            assertThat(events.get(0)).isInstanceOf(AuditEvent.MergeStarted.class);
            assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(AuditEvent.MergeCommitted.class,
                    c -> assertThat(c.rowsChanged()).isEqualTo(done.rowsChanged()));
            assertThat(events.subList(1, events.size() - 1)).as("the audit trail of group %s", done.group())
                    .extracting(BatchMergeTest::describe)
                    .containsExactlyElementsOf(planned.steps().stream().map(BatchMergeTest::describe).toList());
        }
    }

    /** A step and the audit event it produces described alike, so a plan and a trail can be compared. */
    private static String describe(Step step) {
        if (step instanceof RepointReferences r) {
            return "repoint " + r.table() + " " + r.from() + "->" + r.to() + " " + r.sampleRowIds();
        } else if (step instanceof UnassignReferences r) {
            return "unassign " + r.table() + " " + r.from() + " " + r.sampleRowIds();
        } else if (step instanceof DeleteReferencingRows r) {
            return "delete " + r.table() + " " + r.from() + " " + r.sampleRowIds();
        } else if (step instanceof MoveLinks r) {
            return "add " + r.table() + " " + r.from() + "->" + r.to() + " " + r.sampleRowIds();
        } else if (step instanceof RemoveLinks r) {
            return "remove " + r.table() + " " + r.from() + " " + r.sampleRowIds();
        } else if (step instanceof SkipDuplicateLinks r) {
            return "skip " + r.table() + " " + r.from() + "->" + r.to() + " " + r.sampleRowIds();
        } else if (step instanceof ResolveConflict r) {
            return "conflict " + r.table() + " " + r.policy() + " " + r.survivorRowId() + "/" + r.duplicateRowId();
        } else if (step instanceof SetAttribute r) {
            return "set " + r.id() + "." + r.attribute() + " " + r.before() + "->" + r.after();
        } else if (step instanceof DeleteDuplicate r) {
            return "deleted " + r.id();
        } else if (step instanceof BumpVersion r) {
            return "version " + r.id();
        } else if (step instanceof KeepDuplicate r) {
            return "kept " + r.id();
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private static String describe(AuditEvent event) {
        if (event instanceof AuditEvent.ReferencesRepointed e) {
            return "repoint " + e.table() + " " + e.from() + "->" + e.to() + " " + e.rowIds();
        } else if (event instanceof AuditEvent.ReferencesUnassigned e) {
            return "unassign " + e.table() + " " + e.from() + " " + e.rowIds();
        } else if (event instanceof AuditEvent.ReferencingRowsDeleted e) {
            return "delete " + e.table() + " " + e.from() + " " + e.rowIds();
        } else if (event instanceof AuditEvent.LinksAdded e) {
            return "add " + e.table() + " " + e.from() + "->" + e.to() + " " + e.rowIds();
        } else if (event instanceof AuditEvent.LinksRemoved e) {
            return "remove " + e.table() + " " + e.owner() + " " + e.rowIds();
        } else if (event instanceof AuditEvent.LinksSkipped e) {
            return "skip " + e.table() + " " + e.from() + "->" + e.to() + " " + e.rowIds();
        } else if (event instanceof AuditEvent.ConflictResolved e) {
            return "conflict " + e.table() + " " + e.policy() + " " + e.survivorRowId() + "/" + e.duplicateRowId();
        } else if (event instanceof AuditEvent.AttributeSet e) {
            return "set " + e.id() + "." + e.attribute() + " " + e.before() + "->" + e.after();
        } else if (event instanceof AuditEvent.EntityDeleted e) {
            return "deleted " + e.id();
        } else if (event instanceof AuditEvent.VersionBumped e) {
            return "version " + e.id();
        } else if (event instanceof AuditEvent.DuplicateKept e) {
            return "kept " + e.id();
        }
        return event.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 4b. the other shapes: links removed (takeA, takeB), rows deleted (allowDelete), KEEP_B, a survivor's own parent
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Groups 2, 3 -> 1; 5 -> 4; 7 -> 6; 8 is not merged. Survivor 4's parent is its own duplicate 5, 6's is 7; 2's
     * parent is 1 and 8's is 3.
     */
    private static SessionFactory seedStrategies(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.customers(db, 1, 2, 3, 4, 5, 6, 7, 8);
        Customers.labels(db);
        db.execute("update bm_customer set parent_id = 1 where id = 2",
                "update bm_customer set parent_id = 5 where id = 4",
                "update bm_customer set parent_id = 7 where id = 6",
                "update bm_customer set parent_id = 3 where id = 8",
                "insert into bm_customer_label (customer_id, label_id) values (1, 1), (2, 1), (2, 2), (3, 3), (5, 4), "
                        + "(6, 2), (7, 2), (8, 1)",
                "insert into bm_customer_email (customer_id, email) values (1, 'a@x'), (2, 'a@x'), (2, 'b@x'), "
                        + "(3, 'c@x'), (4, 'd@x'), (7, 'g@x'), (8, 'a@x')",
                "insert into bm_order (id, text, customer_id) values (101, 'o', 1), (102, 'o', 2), (103, 'o', 3), "
                        + "(104, 'o', 5), (105, 'o', 4), (106, 'o', 7), (107, 'o', 8)",
                "insert into bm_card (id, number, customer_id) values (301, 'k', 1), (302, 'k', 2), (303, 'k', 3), "
                        + "(304, 'k', 5), (305, 'k', 6), (306, 'k', 7)");
        return factory;
    }

    @MatrixTest
    void removedLinks_deletedRows_keepB_andOwnParents_perGroupInOneChunk_exactlyAsTheDryRunShowed(TestDatabase db) {
        SessionFactory factory = seedStrategies(db);
        Trail trail = new Trail();
        BatchMerge<Customer> batch = HibernateMerge.of(factory).batch(Customer.class)
                .group(1L, 2L, 3L).merge(5L, 4L).merge(7L, 6L)
                .field("labels", FieldStrategy.takeA())   // the duplicates' links are removed
                .field("emails", FieldStrategy.takeB())   // the survivor's and later duplicates' links are removed
                .field("orders", FieldStrategy.takeA())   // the duplicates' orders must go: NOT NULL, so deleted
                .association("orders", AssociationPolicy.repoint().allowDelete())
                .association("card", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_B))
                .selfReferences(SelfReferencePolicy.UNASSIGN)
                .audit(trail)
                .build();

        BatchReport preview = batch.dryRun();
        assertThat(preview.blocked()).isEmpty();
        BatchResult result = batch.execute();

        assertTrailFollowsThePlan(preview, result, trail);
        assertThat(rows(db, "select id, parent_id from bm_customer order by id")).containsExactly(row(1L, null),
                row(4L, null), row(6L, null), row(8L, 1L));
        assertThat(rows(db, "select customer_id, label_id from bm_customer_label order by customer_id, label_id"))
                .containsExactly(row(1L, 1L), row(6L, 2L), row(8L, 1L));
        assertThat(db.queryLong("select count(*) from bm_label")).as("links removed, labels kept").isEqualTo(4);
        assertThat(rows(db, "select customer_id, email from bm_customer_email order by customer_id, email"))
                .containsExactly(row(1L, "a@x"), row(1L, "b@x"), row(6L, "g@x"), row(8L, "a@x"));
        assertThat(rows(db, "select id, customer_id from bm_order order by id")).containsExactly(row(101L, 1L),
                row(105L, 4L), row(107L, 8L));
        // KEEP_B: the last duplicate's card wins, every card it replaced is unassigned
        assertThat(rows(db, "select id, customer_id from bm_card order by id")).containsExactly(row(301L, null),
                row(302L, null), row(303L, 1L), row(304L, 4L), row(305L, null), row(306L, 6L));

        String a = trail.mergeIdOf(1L);
        String b = trail.mergeIdOf(4L);
        String c = trail.mergeIdOf(6L);
        assertThat(trail.ofMerge(a, AuditEvent.ReferencingRowsDeleted.class))
                .extracting(AuditEvent.ReferencingRowsDeleted::from, AuditEvent.ReferencingRowsDeleted::rowIds)
                .containsExactly(tuple(2L, List.of(102L)),
                        tuple(3L, List.of(103L)));
        assertThat(rowIds(trail, b, "bm_order", AuditEvent.ReferencingRowsDeleted.class)).containsExactly(104L);
        assertThat(rowIds(trail, c, "bm_order", AuditEvent.ReferencingRowsDeleted.class)).containsExactly(106L);
        assertThat(trail.ofMerge(a, AuditEvent.LinksRemoved.class))
                .filteredOn(e -> e.table().equals("bm_customer_email"))
                .extracting(AuditEvent.LinksRemoved::owner, AuditEvent.LinksRemoved::rowIds)
                .containsExactly(tuple(1L, List.of("a@x")),
                        tuple(3L, List.of("c@x")));
        assertThat(rowIds(trail, a, "bm_customer_email", AuditEvent.LinksAdded.class)).containsExactly("a@x", "b@x");
        assertThat(rowIds(trail, b, "bm_customer_email", AuditEvent.LinksRemoved.class)).containsExactly("d@x");
        assertThat(rowIds(trail, b, "bm_customer_label", AuditEvent.LinksRemoved.class)).containsExactly(4L);
        assertThat(rowIds(trail, c, "bm_customer_label", AuditEvent.LinksRemoved.class)).containsExactly(2L);
        assertThat(trail.ofMerge(b, AuditEvent.AttributeSet.class)).singleElement().satisfies(e -> {
            assertThat(e.attribute()).isEqualTo("parent");
            assertThat(e.before()).isEqualTo(5L);
            assertThat(e.after()).isNull();
        });
        assertThat(rowIds(trail, a, "bm_customer", AuditEvent.ReferencesRepointed.class)).containsExactly(8L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 5. audit
    // ---------------------------------------------------------------------------------------------------------------

    @MatrixTest
    void audit_eachGroupHasItsOwnMerge_withExactlyItsRowIds_andCommittedIsSentAfterTheCommit(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.seedMixed(db);
        // what each group's duplicates own, selected before the merge
        Map<MergeGroup, Map<String, List<Object>>> owned = new LinkedHashMap<>();
        for (MergeGroup group : List.of(G1, G2, G3)) {
            String in = group.duplicateIds().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b)
                    .orElseThrow();
            Map<String, List<Object>> tables = new LinkedHashMap<>();
            for (String table : List.of("bm_order", "bm_ticket", "bm_card", "bm_visit")) {
                tables.put(table, column(db, "select id from " + table + " where customer_id in (" + in + ")"));
            }
            tables.put("bm_customer", column(db, "select id from bm_customer where parent_id in (" + in + ")"));
            tables.put("bm_customer_label", column(db, "select label_id from bm_customer_label where customer_id in ("
                    + in + ")"));
            tables.put("bm_customer_email", column(db, "select email from bm_customer_email where customer_id in ("
                    + in + ")"));
            tables.put("bm_customer_pin", column(db, "select label_id from bm_customer_pin where customer_id in ("
                    + in + ")"));
            owned.put(group, tables);
        }
        Trail trail = new Trail();
        // on MergeCommitted, another connection must already see the group's duplicates gone
        Map<String, List<Object>> duplicatesOf = new HashMap<>();
        Map<String, Long> duplicatesVisibleAtCommitted = new HashMap<>();
        AuditListener committedAfterCommit = event -> {
            if (event instanceof AuditEvent.MergeStarted e) {
                duplicatesOf.put(e.mergeId(), e.duplicateIds());
            } else if (event instanceof AuditEvent.MergeCommitted e) {
                String in = duplicatesOf.get(e.mergeId()).stream().map(String::valueOf)
                        .reduce((a, b) -> a + ", " + b).orElseThrow();
                duplicatesVisibleAtCommitted.put(e.mergeId(),
                        db.queryLong("select count(*) from bm_customer where id in (" + in + ")"));
            }
        };

        BatchResult result = mixed(factory, trail, committedAfterCommit).build().execute();

        assertThat(trail.of(AuditEvent.MergeStarted.class)).extracting(e -> new MergeGroup(e.survivorId(),
                e.duplicateIds())).containsExactly(G1, G2, G3);
        assertThat(trail.of(AuditEvent.MergeStarted.class)).allSatisfy(e -> assertThat(e.entity())
                .isEqualTo("BmCustomer"));
        for (BatchResult.GroupResult done : result.merged()) {
            MergeGroup group = done.group();
            String mergeId = done.mergeId();
            assertThat(trail.mergeIdOf(group.survivorId())).isEqualTo(mergeId);
            List<AuditEvent> events = trail.ofMerge(mergeId);
            assertThat(events.get(0)).isInstanceOf(AuditEvent.MergeStarted.class);
            assertThat(events).filteredOn(e -> e instanceof AuditEvent.MergeCommitted).singleElement()
                    .isSameAs(events.get(events.size() - 1))
                    .satisfies(e -> assertThat(((AuditEvent.MergeCommitted) e).rowsChanged())
                            .isEqualTo(done.rowsChanged()));
            assertThat(duplicatesVisibleAtCommitted.get(mergeId)).as("committed before MergeCommitted").isZero();
            // every row event is about this group's records only
            for (AuditEvent event : events) {
                Object from = from(event);
                if (from != null) {
                    assertThat(group.duplicateIds()).as("%s", event).contains(from);
                }
                Object to = to(event);
                if (to != null) {
                    assertThat(to).as("%s", event).isEqualTo(group.survivorId());
                }
            }
            Map<String, List<Object>> mine = owned.get(group);
            assertThat(rowIds(trail, mergeId, "bm_order", AuditEvent.ReferencesRepointed.class))
                    .containsExactlyInAnyOrderElementsOf(mine.get("bm_order"));
            assertThat(rowIds(trail, mergeId, "bm_ticket", AuditEvent.ReferencesRepointed.class))
                    .containsExactlyInAnyOrderElementsOf(mine.get("bm_ticket"));
            assertThat(rowIds(trail, mergeId, "bm_customer", AuditEvent.ReferencesRepointed.class))
                    .as("self reference (parent)").containsExactlyInAnyOrderElementsOf(mine.get("bm_customer"));
            assertThat(rowIds(trail, mergeId, "bm_visit", AuditEvent.ReferencesUnassigned.class))
                    .containsExactlyInAnyOrderElementsOf(mine.get("bm_visit"));
            List<Object> cards = new ArrayList<>(rowIds(trail, mergeId, "bm_card",
                    AuditEvent.ReferencesRepointed.class));
            cards.addAll(rowIds(trail, mergeId, "bm_card", AuditEvent.ReferencesUnassigned.class));
            assertThat(cards).containsExactlyInAnyOrderElementsOf(mine.get("bm_card"));
            for (String links : List.of("bm_customer_label", "bm_customer_email", "bm_customer_pin")) {
                List<Object> moved = new ArrayList<>(rowIds(trail, mergeId, links, AuditEvent.LinksAdded.class));
                moved.addAll(rowIds(trail, mergeId, links, AuditEvent.LinksSkipped.class));
                assertThat(moved).as("%s of %s", links, group).containsExactlyInAnyOrderElementsOf(mine.get(links));
            }
            assertThat(trail.ofMerge(mergeId, AuditEvent.EntityDeleted.class)).extracting(AuditEvent.EntityDeleted::id)
                    .containsExactlyElementsOf(group.duplicateIds());
            assertThat(trail.ofMerge(mergeId, AuditEvent.VersionBumped.class)).singleElement()
                    .satisfies(e -> assertThat(e.id()).isEqualTo(group.survivorId()));
        }
        // the exact splits, per group
        String g1 = trail.mergeIdOf(1L);
        String g2 = trail.mergeIdOf(3L);
        String g3 = trail.mergeIdOf(5L);
        assertThat(rowIds(trail, g1, "bm_customer_label", AuditEvent.LinksSkipped.class)).containsExactly(1L);
        assertThat(rowIds(trail, g1, "bm_customer_label", AuditEvent.LinksAdded.class)).containsExactly(2L, 3L);
        assertThat(rowIds(trail, g2, "bm_customer_label", AuditEvent.LinksSkipped.class)).isEmpty();
        assertThat(rowIds(trail, g2, "bm_customer_label", AuditEvent.LinksAdded.class)).containsExactly(3L);
        assertThat(trail.ofMerge(g3, AuditEvent.LinksSkipped.class)).filteredOn(e -> e.table()
                .equals("bm_customer_label")).extracting(AuditEvent.LinksSkipped::from, AuditEvent.LinksSkipped::rowIds)
                .containsExactly(tuple(6L, List.of(3L)),
                        tuple(7L, List.of(4L)));
        assertThat(rowIds(trail, g1, "bm_customer_email", AuditEvent.LinksSkipped.class)).containsExactly("a@x");
        assertThat(rowIds(trail, g1, "bm_customer_email", AuditEvent.LinksAdded.class)).containsExactly("b@x", "e@x");
        assertThat(rowIds(trail, g1, "bm_customer_pin", AuditEvent.LinksSkipped.class)).containsExactly(2L);
        assertThat(rowIds(trail, g1, "bm_customer_pin", AuditEvent.LinksAdded.class)).containsExactly(3L, 4L);
        assertThat(rowIds(trail, g2, "bm_customer_email", AuditEvent.LinksAdded.class))
                .containsExactly("d@x", "e@x");
        assertThat(rowIds(trail, g3, "bm_customer_pin", AuditEvent.LinksSkipped.class)).containsExactly(1L);
        assertThat(trail.ofMerge(g1, AuditEvent.ConflictResolved.class)).singleElement().satisfies(e -> {
            assertThat(e.policy()).isEqualTo("KEEP_A");
            assertThat(e.survivorRowId()).isEqualTo(301L);
            assertThat(e.duplicateRowId()).isEqualTo(302L);
        });
        assertThat(trail.ofMerge(g2, AuditEvent.ConflictResolved.class)).isEmpty();
        assertThat(rowIds(trail, g2, "bm_card", AuditEvent.ReferencesRepointed.class)).containsExactly(303L);
        assertThat(trail.ofMerge(g3, AuditEvent.AttributeSet.class)).singleElement().satisfies(e -> {
            assertThat(e.attribute()).isEqualTo("phone");
            assertThat(e.before()).isNull();
            assertThat(e.after()).isEqualTo("777");
        });
        assertThat(trail.ofMerge(g2, AuditEvent.AttributeSet.class)).isEmpty();
    }

    private static List<Object> rowIds(Trail trail, String mergeId, String table, Class<? extends AuditEvent> type) {
        return trail.rowIds(mergeId, type, table);
    }

    private static Object from(AuditEvent event) {
        // LinksRemoved names its owner; the test reads the from of the events that move or drop rows
        return event instanceof AuditEvent.RowEvent rows && !(event instanceof AuditEvent.LinksRemoved)
                ? rows.from() : null;
    }

    private static Object to(AuditEvent event) {
        if (event instanceof AuditEvent.ReferencesRepointed e) {
            return e.to();
        } else if (event instanceof AuditEvent.LinksAdded e) {
            return e.to();
        } else if (event instanceof AuditEvent.LinksSkipped e) {
            return e.to();
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 6. self references across groups
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Customers 1..6. Survivor 3 and duplicate 4 have parent 2 (a duplicate of the other group), 5's parent is 4,
     * 6's parent is 2. Orders and tickets point at both duplicates.
     */
    private static SessionFactory seedParents(TestDatabase db, String... more) {
        SessionFactory factory = Customers.factory(db);
        Customers.customers(db, 1, 2, 3, 4, 5, 6);
        db.execute("update bm_customer set parent_id = 2 where id in (3, 4, 6)",
                "update bm_customer set parent_id = 4 where id = 5",
                "insert into bm_order (id, text, customer_id) values (101, 'o', 2), (102, 'o', 4), (103, 'o', 1), "
                        + "(104, 'o', 3)",
                "insert into bm_ticket (id, text, customer_id) values (201, 't', 2), (202, 't', 4)");
        if (more.length > 0) {
            db.execute(more);
        }
        return factory;
    }

    private static void assertParentsMerged(TestDatabase db) {
        assertThat(rows(db, "select id, parent_id from bm_customer order by id")).containsExactly(row(1L, null),
                row(3L, 1L), row(5L, 3L), row(6L, 1L));
        assertThat(rows(db, "select id, customer_id from bm_order order by id")).containsExactly(row(101L, 1L),
                row(102L, 3L), row(103L, 1L), row(104L, 3L));
        assertThat(rows(db, "select id, customer_id from bm_ticket order by id")).containsExactly(row(201L, 1L),
                row(202L, 3L));
    }

    @MatrixTest
    void survivorsParentIsAnotherGroupsDuplicate_inTheSameChunk_endsOnThatGroupsSurvivor(TestDatabase db) {
        SessionFactory factory = seedParents(db);
        Trail trail = new Trail();
        // the group that points at the other's duplicate comes first: it must run after the other
        BatchMerge<Customer> batch = HibernateMerge.of(factory).batch(Customer.class).merge(4L, 3L).merge(2L, 1L)
                .audit(trail).build();

        BatchReport preview = batch.dryRun();
        assertThat(preview.groups().get(0).hazards()).filteredOn(h -> h.kind() == HazardKind.BATCH_ORDER)
                .singleElement().satisfies(h -> {
                    assertThat(h.blocking()).isFalse();
                    assertThat(h.sampleRowIds()).containsExactly(2L);
                });
        assertThat(preview.groups().get(1).hazards()).noneMatch(h -> h.kind() == HazardKind.BATCH_ORDER);
        assertThat(preview.blocked()).isEmpty();

        BatchResult result = batch.execute();

        assertThat(result.merged()).hasSize(2);
        assertParentsMerged(db);
        assertThat(trail.of(AuditEvent.MergeCommitted.class)).hasSize(2);
        assertThat(rowIds(trail, trail.mergeIdOf(1L), "bm_customer", AuditEvent.ReferencesRepointed.class))
                .contains(3L, 6L);
        assertThat(rowIds(trail, trail.mergeIdOf(3L), "bm_customer", AuditEvent.ReferencesRepointed.class))
                .containsExactly(5L);
    }

    @MatrixTest
    void survivorsParentIsAnotherGroupsDuplicate_inALaterChunk_endsOnThatGroupsSurvivor(TestDatabase db) {
        SessionFactory factory = seedParents(db);

        HibernateMerge.of(factory).batch(Customer.class).merge(4L, 3L).merge(2L, 1L).chunkSize(1).build().execute();

        assertParentsMerged(db);
    }

    @MatrixTest
    void survivorsPointingAtEachOthersDuplicates_stillMerge(TestDatabase db) {
        // 1's parent is 4 (group of 3), 3's parent is 2 (group of 1): neither group can wait for the other
        SessionFactory factory = seedParents(db, "update bm_customer set parent_id = 4 where id = 1");

        HibernateMerge.of(factory).batch(Customer.class).merge(2L, 1L).merge(4L, 3L).build().execute();

        assertThat(rows(db, "select id, parent_id from bm_customer order by id")).containsExactly(row(1L, 3L),
                row(3L, 1L), row(5L, 3L), row(6L, 1L));
        assertThat(rows(db, "select id, customer_id from bm_order order by id")).containsExactly(row(101L, 1L),
                row(102L, 3L), row(103L, 1L), row(104L, 3L));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 7. the caller's session and the second-level cache
    // ---------------------------------------------------------------------------------------------------------------

    @MatrixTest
    void inTheCallersSession_withTheSecondLevelCache_managedAndCachedStateShowTheMerge(TestDatabase db) {
        SessionFactory factory = Customers.cachedFactory(db);
        Customers.seedMixed(db);
        // fill the cache: every customer with its collections, every order
        factory.inTransaction(s -> {
            for (long id = 1; id <= 9; id++) {
                Customer c = s.find(Customer.class, id);
                Hibernate.initialize(c.labels);
                Hibernate.initialize(c.emails);
                Hibernate.initialize(c.pins);
                Hibernate.initialize(c.orders);
            }
            for (long id = 101; id <= 108; id++) {
                s.find(Order.class, id);
            }
        });
        assertThat(factory.getCache().containsCollection(Customers.LABELS, 1L)).as("cache filled").isTrue();

        try (Session s = factory.openSession()) {
            s.beginTransaction();
            Customer one = s.find(Customer.class, 1L);
            Customer five = s.find(Customer.class, 5L);
            Customer six = s.find(Customer.class, 6L);
            Order o106 = s.find(Order.class, 106L);
            Label green = s.find(Label.class, 2L);
            assertThat(one.labels).extracting(l -> l.id).containsExactly(1L);
            assertThat(five.pins).isEmpty();
            assertThat(Hibernate.unproxy(o106.customer)).isSameAs(six);

            BatchResult result = mixed(HibernateMerge.of(s)).chunkSize(2).build().execute();
            assertThat(result.merged()).hasSize(3);

            assertThat(one.labels).extracting(l -> l.id).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(one.labels).contains(green);
            assertThat(one.pins).extracting(p -> p == null ? null : p.id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(one.emails).containsExactlyInAnyOrder("a@x", "b@x", "e@x");
            assertThat(one.phone).isEqualTo("222");
            assertThat(one.version).isEqualTo(1L);
            assertThat(five.pins).extracting(p -> p == null ? null : p.id).containsExactly(1L, 2L);
            assertThat(five.orders).extracting(o -> o.id).containsExactlyInAnyOrder(106L, 107L);
            assertThat(Hibernate.unproxy(o106.customer)).as("the order now points at the survivor instance")
                    .isSameAs(five);
            assertThat(s.contains(six)).isFalse();
            s.getTransaction().commit();
        }

        // a new session, served from the cache where it can be
        factory.inTransaction(s -> {
            Customer one = s.find(Customer.class, 1L);
            assertThat(one.labels).extracting(l -> l.id).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(one.pins).extracting(p -> p == null ? null : p.id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(one.emails).containsExactlyInAnyOrder("a@x", "b@x", "e@x");
            assertThat(one.orders).extracting(o -> o.id).containsExactlyInAnyOrder(101L, 102L, 103L);
            Customer three = s.find(Customer.class, 3L);
            assertThat(three.labels).extracting(l -> l.id).containsExactly(3L);
            assertThat(three.pins).extracting(p -> p == null ? null : p.id).containsExactly(4L, 1L);
            assertThat(three.emails).containsExactlyInAnyOrder("d@x", "e@x");
            assertThat(three.orders).extracting(o -> o.id).containsExactlyInAnyOrder(104L, 105L);
            Customer five = s.find(Customer.class, 5L);
            assertThat(five.labels).extracting(l -> l.id).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(five.orders).extracting(o -> o.id).containsExactlyInAnyOrder(106L, 107L);
            assertThat(((Customer) Hibernate.unproxy(s.find(Order.class, 102L).customer)).id).isEqualTo(1L);
            for (long gone : new long[] {2L, 4L, 6L, 7L}) {
                assertThat(s.find(Customer.class, gone)).isNull();
            }
            Customer nine = s.find(Customer.class, 9L);
            assertThat(((Customer) Hibernate.unproxy(nine.parent)).id).isEqualTo(3L);
        });
    }

    @MatrixTest
    void inTheCallersSessionWithoutATransaction_eachChunkCommitsOnItsOwn_andManagedEntitiesFollow(TestDatabase db) {
        // Hibernate 7.0's Session.isDirty() fails on this session (a NullPointerException inside its dirty check), so
        // SafeMerge counts it as dirty and refuses the batch with INVALID_ARGUMENT rather than risk unflushed changes
        Assumptions.assumeFalse(org.hibernate.Version.getVersionString().startsWith("7.0."),
                "Hibernate 7.0: Session.isDirty() fails on a session holding proxies");
        SessionFactory factory = Customers.factory(db);
        Customers.seedMixed(db);

        try (Session s = factory.openSession()) {
            Customer one = s.find(Customer.class, 1L);
            Customer three = s.find(Customer.class, 3L);
            Customer nine = s.find(Customer.class, 9L);
            assertThat(three.emails).isEmpty();
            List<Long> committedAfterEachChunk = new ArrayList<>();

            mixed(HibernateMerge.of(s)).chunkSize(1)
                    .progress(p -> committedAfterEachChunk.add(db.queryLong("select count(*) from bm_customer")))
                    .build().execute();

            assertThat(committedAfterEachChunk).as("each chunk committed in its own transaction")
                    .containsExactly(8L, 7L, 5L);
            assertThat(s.getTransaction().isActive()).isFalse();
            assertThat(one.phone).isEqualTo("222");
            assertThat(one.pins).extracting(p -> p == null ? null : p.id).containsExactly(1L, 2L, 3L, 4L);
            assertThat(three.emails).containsExactlyInAnyOrder("d@x", "e@x");
            assertThat(Hibernate.unproxy(nine.parent)).as("the bystander's parent is the survivor instance")
                    .isSameAs(three);
            assertThat(three.version).isEqualTo(1L);
        }
        assertThat(rows(db, "select id, version from bm_customer order by id")).containsExactly(row(1L, 1L),
                row(3L, 1L), row(5L, 1L), row(8L, 0L), row(9L, 0L));
    }

    @MatrixTest
    void inTheCallersTransaction_aFailingChunkTakesEveryChunkWithIt_atTheCallersRollback(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.seedMixed(db);
        db.execute("delete from bm_visit where customer_id = 7", "delete from bm_ticket where customer_id = 7",
                "delete from bm_order where customer_id = 7", "delete from bm_customer_label where customer_id = 7",
                "delete from bm_customer_email where customer_id = 7",
                "delete from bm_customer_pin where customer_id = 7", "delete from bm_customer where id = 7");
        Dump before = Dump.of(db);
        Trail trail = new Trail();

        try (Session s = factory.openSession()) {
            s.beginTransaction();
            BatchMergeException failure = catchBatch(mixed(HibernateMerge.of(s), trail).chunkSize(1).build());

            assertThat(failure.code()).isEqualTo(MergeErrorCode.DUPLICATE_NOT_FOUND);
            assertThat(failure.completed().merged()).as("nothing is committed in the caller's transaction").isEmpty();
            assertThat(failure.rolledBack()).containsExactly(G1, G2, G3);
            assertThat(failure.remaining().groups()).containsExactly(G1, G2, G3);
            assertThat(s.getTransaction().getRollbackOnly()).isTrue();
            assertThat(trail.of(AuditEvent.MergeCommitted.class)).as("no group is committed before the caller ends")
                    .isEmpty();
            s.getTransaction().rollback();
        }

        assertThat(Dump.of(db)).isEqualTo(before);
        for (Object survivor : List.of(1L, 3L, 5L)) {
            assertThat(trail.ofMerge(trail.mergeIdOf(survivor))).as("group of %s", survivor).last()
                    .isInstanceOf(AuditEvent.MergeRolledBack.class);
        }
        assertThat(trail.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 8. blocked groups
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Groups 2 -> 1, 4 -> 3, 6 -> 5 with {@code takeA} on the orders: 4 has an order, which would have to leave
     * the NOT NULL FK; the other duplicates have none.
     */
    private static BatchMerge.Builder<Customer> takeOrdersOfA(SessionFactory factory, AuditListener... audit) {
        return HibernateMerge.of(factory).batch(Customer.class).merge(2L, 1L).merge(4L, 3L).merge(6L, 5L)
                .field("orders", FieldStrategy.takeA()).audit(audit);
    }

    private static SessionFactory seedBlocked(TestDatabase db) {
        SessionFactory factory = Customers.factory(db);
        Customers.customers(db, 1, 2, 3, 4, 5, 6);
        Customers.labels(db);
        db.execute("insert into bm_order (id, text, customer_id) values (101, 'o', 1), (102, 'o', 4), (103, 'o', 3)",
                "insert into bm_ticket (id, text, customer_id) values (201, 't', 2), (202, 't', 4), (203, 't', 6)",
                "insert into bm_customer_label (customer_id, label_id) values (2, 1), (4, 2), (6, 3)");
        return factory;
    }

    @MatrixTest
    void blockedGroup_failsItsChunk_orIsSkippedAndReported_whileTheOthersMerge(TestDatabase db) {
        SessionFactory factory = seedBlocked(db);
        Dump before = Dump.of(db);
        MergeGroup blocked = new MergeGroup(3L, List.of(4L));

        BatchReport preview = takeOrdersOfA(factory).build().dryRun();
        assertThat(preview.blocked()).singleElement().satisfies(r -> {
            assertThat(r.survivorId()).isEqualTo(3L);
            assertThat(r.blockingHazards()).extracting(h -> h.kind())
                    .containsExactly(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
        });

        // without skipBlockedGroups: the chunk fails, nothing changes
        Trail failing = new Trail();
        BatchMergeException failure = catchBatch(takeOrdersOfA(factory, failing).build());
        assertThat(failure.code()).isEqualTo(MergeErrorCode.PLAN_BLOCKED);
        assertThat(failure.failedGroup()).isEqualTo(blocked);
        assertThat(failure.completed().merged()).isEmpty();
        assertThat(Dump.of(db)).isEqualTo(before);
        assertThat(failing.of(AuditEvent.MergeRolledBack.class)).hasSize(3);

        // with it: the blocked group is left alone and reported, the others merge in the same chunk
        Trail trail = new Trail();
        List<BatchProgress> progress = new ArrayList<>();
        BatchResult result = takeOrdersOfA(factory, trail).skipBlockedGroups().progress(progress::add).build()
                .execute();

        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactly(
                new MergeGroup(1L, List.of(2L)), new MergeGroup(5L, List.of(6L)));
        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.group()).isEqualTo(blocked);
            assertThat(skipped.rowsChanged()).isZero();
            assertThat(skipped.blockingHazards()).extracting(h -> h.kind())
                    .containsExactly(HazardKind.NOT_NULL_CANNOT_UNASSIGN);
            assertThat(skipped.blockingHazards().get(0).sampleRowIds()).containsExactly(102L);
        });
        assertThat(result.toText()).contains("skipped").contains("NOT_NULL_CANNOT_UNASSIGN");
        assertThat(progress).singleElement().satisfies(p -> {
            assertThat(p.groupsDone()).isEqualTo(2);
            assertThat(p.groupsSkipped()).isEqualTo(1);
            assertThat(p.fraction()).isEqualTo(1.0);
        });
        assertThat(rows(db, "select id from bm_customer order by id")).containsExactly(row(1L), row(3L), row(4L),
                row(5L));
        assertThat(rows(db, "select id, customer_id from bm_order order by id")).containsExactly(row(101L, 1L),
                row(102L, 4L), row(103L, 3L));
        assertThat(rows(db, "select id, customer_id from bm_ticket order by id")).containsExactly(row(201L, 1L),
                row(202L, 4L), row(203L, 5L));
        assertThat(rows(db, "select customer_id, label_id from bm_customer_label order by customer_id"))
                .containsExactly(row(1L, 1L), row(4L, 2L), row(5L, 3L));
        assertThat(rows(db, "select id, version from bm_customer where id in (3, 4) order by id"))
                .as("the skipped group's records untouched").containsExactly(row(3L, 0L), row(4L, 0L));
        List<AuditEvent> skippedTrail = trail.ofMerge(trail.mergeIdOf(3L));
        assertThat(skippedTrail).first().isInstanceOf(AuditEvent.MergeStarted.class);
        assertThat(skippedTrail).last().isInstanceOfSatisfying(AuditEvent.MergeRolledBack.class,
                e -> assertThat(e.errorCode()).isEqualTo("PLAN_BLOCKED"));
        assertThat(skippedTrail).noneMatch(e -> !Trail.rowIds(e).isEmpty() || e instanceof AuditEvent.EntityDeleted
                || e instanceof AuditEvent.MergeCommitted);
        assertThat(trail.ofMerge(trail.mergeIdOf(1L))).last().isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(trail.ofMerge(trail.mergeIdOf(5L))).last().isInstanceOf(AuditEvent.MergeCommitted.class);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Every row of a query, numbers as Long, so that rows compare with {@link #row} whatever the driver returns. */
    private static List<List<Object>> rows(TestDatabase db, String sql) {
        return db.queryRows(sql).stream().map(r -> r.stream().map(v -> v instanceof Number n && !(v instanceof Double)
                ? (Object) n.longValue() : v).toList()).toList();
    }

    private static List<Object> column(TestDatabase db, String sql) {
        return rows(db, sql).stream().map(r -> r.get(0)).toList();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
