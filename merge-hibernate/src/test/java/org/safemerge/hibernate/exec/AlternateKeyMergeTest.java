package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.LegacyKeys.A;
import static org.safemerge.hibernate.exec.LegacyKeys.B;
import static org.safemerge.hibernate.exec.LegacyKeys.C;
import static org.safemerge.hibernate.exec.LegacyKeys.D;
import static org.safemerge.hibernate.exec.LegacyKeys.E;
import static org.safemerge.hibernate.exec.LegacyKeys.F;
import static org.safemerge.hibernate.exec.LegacyKeys.G;
import static org.safemerge.hibernate.exec.LegacyKeys.H;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.safemerge.AssociationPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.LegacyKeys.Customer;
import org.safemerge.hibernate.exec.LegacyKeys.Order;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.BatchResult;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeGroup;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RowStep;
import org.safemerge.spi.AuditEvent;

/**
 * Rows that point at a customer by its legacy number, not its id ({@link LegacyKeys}), follow the merge: they are
 * counted and re-pointed by that number, an ON DELETE CASCADE on it never fires, and where they cannot follow (the
 * survivor has no number, or the merge would change it) the plan is blocked.
 */
class AlternateKeyMergeTest {
    private final AuditTrail audit = new AuditTrail();
    private TestDatabase schema;

    @AfterEach
    void dropCatalogTables() {
        if (schema != null) {
            LegacyKeys.dropCatalogTables(schema);
        }
    }

    private SessionFactory seeded(TestDatabase db) {
        schema = db;
        return LegacyKeys.seeded(db);
    }

    private static MergePlan.Builder<Customer> merge(SessionFactory factory, long survivor, long duplicate) {
        return HibernateMerge.of(factory).plan(Customer.class).survivor(survivor).duplicates(duplicate);
    }

    /** {@code execute()} refuses the plan as blocked, the audit says it rolled back, and nothing changed. */
    private void refusedAsBlocked(TestDatabase db, TableDump before, MergePlan.Builder<Customer> plan) {
        assertThatThrownBy(() -> plan.audit(audit).build().execute()).satisfies(code(MergeErrorCode.PLAN_BLOCKED));
        assertThat(audit.rolledBackWith()).isEqualTo("PLAN_BLOCKED");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void theGraph_knowsWhichKeyEachReferenceHolds_fromTheMappingAndTheCatalog(TestDatabase db) {
        SessionFactory factory = seeded(db);
        AssociationGraph graph = AssociationGraphs.of(factory);

        assertThat(graph.referencesTo(graph.entity("LegacyCustomer").orElseThrow()))
                .extracting(r -> r.key() + " " + r.names() + " by " + r.targetColumns() + " " + r.targetAttribute()
                        + " " + r.flags().stream().sorted().toList() + " " + r.notes())
                .containsExactly(
                        "lk_legacy_log(customer_no) [] by [legacy_no] legacyNo [CATALOG_ONLY] []",
                        "lk_legacy_ref(customer_no) [] by [legacy_no] legacyNo [ON_DELETE_CASCADE, CATALOG_ONLY] []",
                        "lk_order(customer_no) [LegacyOrder.customer, LegacyCustomer.orders] by [legacy_no] legacyNo "
                                + "[] []");
        assertThat(graph.describe("LegacyCustomer")).contains("lk_order(customer_no) [FOREIGN_KEY, nullable, by "
                + "legacy_no]");
    }

    /**
     * The data loss of issue 12: rows were compared with the duplicate's id, never matched, and the database's
     * cascade deleted them with the duplicate while the merge reported success.
     */
    @MatrixTest
    void catalogFkWithOnDeleteCascadeOnTheLegacyNumber_rowsAreRepointed_notCascadedAway(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        merge(factory, F, G).audit(audit).build().execute();

        assertThat(TableDump.of(db)).isEqualTo(before
                .removing("lk_customer", "id", G)
                .replacing("lk_legacy_ref", "customer_no", 1007, 1006));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualToIgnoringCase("lk_legacy_ref");
            assertThat(e.rowIds()).containsExactly(17L, 18L);
        });
    }

    @MatrixTest
    void dryRun_listsTheRowsOfEveryReferenceByLegacyNumber_andWritesNothing(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, A, B).build().dryRun();

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(preview.blocked()).isFalse();
        assertThat(preview.stepsOf(RowStep.class)).extracting(s -> s.kind() + " " + s.reference() + " "
                + s.expectedRows() + " " + s.sampleRowIds()).containsExactly(
                "REPOINT_REFERENCES lk_legacy_log(customer_no) 1 [31]",
                "REPOINT_REFERENCES lk_legacy_ref(customer_no) 2 [12, 13]",
                "REPOINT_REFERENCES lk_order(customer_no) 2 [22, 23]");
        assertThat(preview.hazards()).extracting(Hazard::kind).containsExactly(HazardKind.ON_DELETE_CASCADE);
    }

    @MatrixTest
    void mergeByLegacyNumber_mappedAndCatalogRowsFollow_withAndWithoutCascade_onlyTheDuplicateIsDeleted(
            TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);
        MergeReport preview = merge(factory, A, B).build().dryRun();

        MergeReport done = merge(factory, A, B).audit(audit).build().execute(preview);

        assertThat(TableDump.of(db)).isEqualTo(before
                .removing("lk_customer", "id", B)
                .replacing("lk_order", "customer_no", 1002, 1001)
                .replacing("lk_legacy_ref", "customer_no", 1002, 1001)
                .replacing("lk_legacy_log", "customer_no", 1002, 1001));
        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class))
                .extracting(e -> e.table().toLowerCase() + " " + e.rowIds() + " " + e.from() + " -> " + e.to())
                .containsExactly("lk_legacy_log [31] 2 -> 1", "lk_legacy_ref [12, 13] 2 -> 1",
                        "lk_order [22, 23] 2 -> 1");
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
    }

    @MatrixTest
    void mergeInTheCallersSession_loadedOrdersAndCollectionsShowTheSurvivor(TestDatabase db) {
        SessionFactory factory = seeded(db);

        factory.inTransaction(s -> {
            Order nuts = s.find(Order.class, 22L);
            assertThat(((Customer) Hibernate.unproxy(nuts.customer)).id).isEqualTo(B);
            Customer survivor = s.find(Customer.class, A);
            assertThat(survivor.orders).extracting(o -> o.id).containsExactly(21L);

            HibernateMerge.of(s).plan(Customer.class).survivor(A).duplicates(B).build().execute();

            assertThat(Hibernate.unproxy(nuts.customer)).as("the order now points at the survivor instance")
                    .isSameAs(survivor);
            assertThat(survivor.orders).extracting(o -> o.id).containsExactlyInAnyOrder(21L, 22L, 23L);
        });
        factory.inTransaction(s -> assertThat(s.find(Order.class, 23L).customer.id).isEqualTo(A));
    }

    @MatrixTest
    void batch_repointsEveryGroupsRowsToItsSurvivorsNumber_andSkipsAGroupWhoseSurvivorHasNone(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);
        Map<Object, Object> duplicateToSurvivor = new LinkedHashMap<>();
        duplicateToSurvivor.put(B, A);
        duplicateToSurvivor.put(D, C);
        duplicateToSurvivor.put(G, E);

        BatchResult result = HibernateMerge.of(factory).batch(Customer.class).merges(duplicateToSurvivor)
                .audit(audit).skipBlockedGroups().build().execute();

        assertThat(result.merged()).extracting(BatchResult.GroupResult::group).containsExactly(
                new MergeGroup(A, List.of(B)), new MergeGroup(C, List.of(D)));
        assertThat(result.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.group()).isEqualTo(new MergeGroup(E, List.of(G)));
            assertThat(skipped.blockingHazards()).extracting(Hazard::kind).containsExactly(HazardKind.REFERENCED_KEY);
        });
        assertThat(TableDump.of(db)).isEqualTo(before
                .removing("lk_customer", "id", B)
                .removing("lk_customer", "id", D)
                .replacing("lk_order", "customer_no", 1002, 1001)
                .replacing("lk_order", "customer_no", 1004, 1003)
                .replacing("lk_legacy_ref", "customer_no", 1002, 1001)
                .replacing("lk_legacy_ref", "customer_no", 1004, 1003)
                .replacing("lk_legacy_log", "customer_no", 1002, 1001)
                .replacing("lk_legacy_log", "customer_no", 1004, 1003));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class))
                .extracting(e -> e.table().toLowerCase() + " " + e.rowIds() + " " + e.from() + " -> " + e.to())
                .containsExactlyInAnyOrder("lk_legacy_log [31] 2 -> 1", "lk_legacy_ref [12, 13] 2 -> 1",
                        "lk_order [22, 23] 2 -> 1", "lk_legacy_log [32] 4 -> 3", "lk_legacy_ref [15] 4 -> 3",
                        "lk_order [25] 4 -> 3");
    }

    @MatrixTest
    void survivorWithoutALegacyNumber_blocksThePlan_namingTheReferenceTheColumnAndTheOptions(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, E, B).build().dryRun();

        assertThat(preview.blocked()).isTrue();
        assertThat(preview.blockingHazards()).extracting(h -> h.kind() + " " + h.subject() + " " + h.rows() + " "
                + h.sampleRowIds()).containsExactly(
                "REFERENCED_KEY lk_legacy_log(customer_no) 1 [31]",
                "REFERENCED_KEY lk_legacy_ref(customer_no) 2 [12, 13]",
                "REFERENCED_KEY lk_order(customer_no) 2 [22, 23]");
        assertThat(preview.blockingHazards().get(2)).satisfies(h -> {
            assertThat(h.message()).isEqualTo("2 rows of lk_order point at duplicate 2 by its legacy_no, not its id, "
                    + "but survivor 5 has no legacy_no: they cannot be re-pointed to it");
            assertThat(h.options()).containsExactly(
                    ".association(\"LegacyOrder.customer\", AssociationPolicy.unassign()) to set customer_no of "
                            + "these rows to NULL",
                    "give LegacyCustomer 5 a value for legacy_no (legacyNo) before merging");
        });
        assertThat(preview.blockingHazards().get(1).options()).first().asString()
                .contains("AssociationPolicy.unassign().allowDelete()");
        refusedAsBlocked(db, before, merge(factory, E, B));
    }

    @MatrixTest
    void survivorWithoutALegacyNumber_theOptionsWork_rowsUnassignedOrDeletedByTheDuplicatesNumber(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        merge(factory, E, B).audit(audit)
                .association("LegacyOrder.customer", AssociationPolicy.unassign())
                .association("lk_legacy_log(customer_no)", AssociationPolicy.unassign())
                .association("lk_legacy_ref(customer_no)", AssociationPolicy.unassign().allowDelete())
                .build().execute();

        assertThat(TableDump.of(db)).isEqualTo(before
                .removing("lk_customer", "id", B)
                .replacing("lk_order", "customer_no", 1002, null)
                .replacing("lk_legacy_log", "customer_no", 1002, null)
                .removing("lk_legacy_ref", "customer_no", 1002));
        assertThat(audit.rowIds(AuditEvent.ReferencesUnassigned.class)).containsExactlyInAnyOrder(22L, 23L, 31L);
        assertThat(audit.rowIds(AuditEvent.ReferencingRowsDeleted.class)).containsExactly(12L, 13L);
    }

    @MatrixTest
    void aStrategyChangingTheSurvivorsLegacyNumber_blocksThePlan_whileRowsPointByIt(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, A, B).field("legacyNo", FieldStrategy.takeB()).build().dryRun();

        assertThat(preview.blockingHazards()).extracting(h -> h.kind() + " " + h.subject() + " " + h.rows())
                .containsExactly("REFERENCED_KEY lk_legacy_log(customer_no) 1",
                        "REFERENCED_KEY lk_legacy_ref(customer_no) 3", "REFERENCED_KEY lk_order(customer_no) 3");
        assertThat(preview.blockingHazards().get(2)).satisfies(h -> {
            assertThat(h.message()).isEqualTo("LegacyCustomer.legacyNo of survivor 1 would change (takeB), but 3 "
                    + "rows of lk_order point at the merged records by legacy_no: they cannot follow the change");
            assertThat(h.options()).containsExactly(".field(\"legacyNo\", FieldStrategy.takeA()) to keep the "
                    + "survivor's value");
        });
        refusedAsBlocked(db, before, merge(factory, A, B).field("legacyNo", FieldStrategy.takeB()));
    }

    @MatrixTest
    void aLegacyNumberNoRowHolds_mayMoveToTheSurvivor(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        merge(factory, E, H).field("legacyNo", FieldStrategy.takeB()).build().execute();

        assertThat(TableDump.of(db).without("lk_customer")).isEqualTo(before.without("lk_customer"));
        assertThat(db.queryRows("select id, legacy_no from lk_customer where id >= 5 order by id")).containsExactly(
                List.of(5L, 1008L), List.of(6L, 1006L), List.of(7L, 1007L));
    }

    /** Adds a parent column only the database knows, pointing at the parent's legacy number. */
    private static void parents(TestDatabase db, String... updates) {
        db.execute("alter table lk_customer add parent_no bigint",
                "alter table lk_customer add constraint lk_customer_parent foreign key (parent_no) "
                        + "references lk_customer (legacy_no)");
        db.execute(updates);
    }

    @MatrixTest
    void selfReferenceByLegacyNumber_theSurvivorsLinkToTheDuplicateIsUnassigned_othersFollow(TestDatabase db) {
        SessionFactory factory = seeded(db);
        parents(db, "update lk_customer set parent_no = 1002 where id in (1, 3)",
                "update lk_customer set parent_no = 1001 where id = 2");
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, A, B).build().dryRun();
        merge(factory, A, B).selfReferences(SelfReferencePolicy.UNASSIGN).audit(audit).build().execute();

        assertThat(preview.blockingHazards()).extracting(h -> h.kind() + " " + h.subject() + " " + h.sampleRowIds())
                .containsExactly("SELF_REFERENCE lk_customer(parent_no) [1]");
        assertThat(TableDump.of(db).without("lk_customer")).isEqualTo(before.without("lk_customer")
                .replacing("lk_order", "customer_no", 1002, 1001)
                .replacing("lk_legacy_ref", "customer_no", 1002, 1001)
                .replacing("lk_legacy_log", "customer_no", 1002, 1001));
        assertThat(db.queryRows("select id, parent_no from lk_customer where id <= 4 order by id")).containsExactly(
                Arrays.asList(1L, null), List.of(3L, 1001L), Arrays.asList(4L, null));
        assertThat(audit.of(AuditEvent.ReferencesUnassigned.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(1L));
    }

    @MatrixTest
    void batch_selfReferenceByLegacyNumber_eachSurvivorsLinkToItsDuplicateIsUnassigned_othersFollow(TestDatabase db) {
        SessionFactory factory = seeded(db);
        parents(db, "update lk_customer set parent_no = 1002 where id in (1, 5)",
                "update lk_customer set parent_no = 1004 where id = 3");
        Map<Object, Object> duplicateToSurvivor = new LinkedHashMap<>();
        duplicateToSurvivor.put(B, A);
        duplicateToSurvivor.put(D, C);

        HibernateMerge.of(factory).batch(Customer.class).merges(duplicateToSurvivor)
                .selfReferences(SelfReferencePolicy.UNASSIGN).build().execute();

        assertThat(db.queryRows("select id, parent_no from lk_customer order by id")).containsExactly(
                Arrays.asList(1L, null), Arrays.asList(3L, null), List.of(5L, 1001L), Arrays.asList(6L, null),
                Arrays.asList(7L, null), Arrays.asList(8L, null));
        assertThat(db.queryRows("select id, customer_no from lk_order order by id")).containsExactly(
                List.of(21L, 1001L), List.of(22L, 1001L), List.of(23L, 1001L), List.of(24L, 1003L),
                List.of(25L, 1003L));
    }
}
