package org.safemerge.hibernate.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.DanglingRow;
import org.safemerge.graph.IntegrityFinding;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.IntegrityScan;
import org.safemerge.hibernate.ModelLints;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.lint.LintFinding;
import org.safemerge.lint.LintResult;

/**
 * The integrity scan finds exactly the dangling rows planted behind dropped and disabled constraints: mapped and
 * catalog-only references, a composite key, a join table, and a mapped reference the database never constrained.
 */
class IntegrityScanTest {

    /** Clients 1, 2, 3; labels 7, 8; accounts (EU, 1), (EU, 2), (US, 1); every row points at a real one. */
    private static SessionFactory seed(TestDatabase db) {
        db.execute("drop table if exists sc_legacy_note");
        SessionFactory factory = db.sessionFactory(Ledger.ENTITIES);
        db.execute("create table sc_legacy_note (id bigint not null primary key, client_id bigint, "
                + "constraint sc_legacy_note_client foreign key (client_id) references sc_client (id))");
        db.execute("insert into sc_client (id, name) values (1, 'Acme'), (2, 'Globex'), (3, 'Initech')",
                "insert into sc_label (id, name) values (7, 'vip'), (8, 'late payer')",
                "insert into sc_client_label (client_id, label_id) values (1, 7), (1, 8), (2, 8), (3, 7)",
                "insert into sc_invoice (id, client_id, approver_id) values (1, 1, 99), (2, 2, null), "
                        + "(3, 2, null), (4, null, 1)",
                "insert into sc_account (region, number, holder) values ('EU', 1, 'a'), ('EU', 2, 'b'), "
                        + "('US', 1, 'c')",
                "insert into sc_order (id, account_region, account_no) values (10, 'EU', 1), (11, 'EU', 2), "
                        + "(12, 'US', 1), (13, 'XX', null)",
                "insert into sc_legacy_note (id, client_id) values (100, 1), (101, 2), (102, 3), (103, null)");
        return factory;
    }

    /** Drops the mapped constraints of Invoice.client and PurchaseOrder.account, then deletes behind them. */
    private static void plantDanglingRows(TestDatabase db) {
        String dropFk = db.database() == Database.MARIADB ? " drop foreign key " : " drop constraint ";
        db.execute("alter table sc_invoice" + dropFk + "sc_invoice_client_fk",
                "alter table sc_order" + dropFk + "sc_order_account_fk");
        // the other constraints stay but are switched off, as replication tools do while they load
        db.execute(switchOff(db), "delete from sc_client where id = 2", "delete from sc_label where id = 7",
                "delete from sc_account where region = 'EU' and number = 2", switchOn(db));
    }

    @MatrixTest
    void scan_findsExactlyThePlantedDanglingRows(TestDatabase db) {
        SessionFactory factory = seed(db);
        AssociationGraphs.of(factory); // read while every constraint is in the catalog
        assertThat(dangling(IntegrityScan.of(factory).run())).as("before: only the unconstrained approver")
                .isEqualTo(Map.of("sc_invoice(approver_id)", List.of("row 1 -> 99")));
        plantDanglingRows(db);

        IntegrityReport report = IntegrityScan.of(factory).samples(10).chunkSize(2).run();

        assertThat(dangling(report)).isEqualTo(Map.of(
                "sc_invoice(client_id)", List.of("row 2 -> 2", "row 3 -> 2"),
                "sc_invoice(approver_id)", List.of("row 1 -> 99"),
                "sc_order(account_no, account_region)", List.of("row 11 -> [2, EU]"),
                "sc_legacy_note(client_id)", List.of("row 101 -> 2"),
                "sc_client_label(client_id)", List.of("row 8 -> 2"),
                "sc_client_label(label_id)", List.of("row 1 -> 7", "row 3 -> 7")));
        assertThat(report.danglingRowsTotal()).isEqualTo(8);
        assertThat(report.skipped()).isEmpty();
        assertThat(report.finding("Invoice.client")).get().satisfies(f -> {
            assertThat(f.catalogOnly()).isFalse();
            assertThat(f.constraint()).as("read before the drop").isNotNull();
            assertThat(f.targetEntity()).isEqualTo("Client");
            assertThat(f.samples()).extracting(DanglingRow::rowKey).containsExactly(List.of(2L), List.of(3L));
        });
        assertThat(report.finding("sc_legacy_note(client_id)")).get()
                .satisfies(f -> assertThat(f.catalogOnly()).isTrue());
        assertThat(report.finding("Invoice.approver")).get()
                .satisfies(f -> assertThat(f.constraint()).as("never constrained").isNull());
    }

    @MatrixTest
    void danglingReferencesLintCheck_namesEachReferenceWithRowsThatPointAtNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        AssociationGraphs.of(factory);
        assertThat(ModelLints.withIntegrityScan(factory).check().findings("dangling-references"))
                .as("before: only the unconstrained approver").extracting(LintFinding::association)
                .containsExactly("Invoice.approver");
        plantDanglingRows(db);

        LintResult result = ModelLints.withIntegrityScan(factory)
                .suppress("dangling-references", "Invoice.approver", "approvers come from another system").check();

        assertThat(result.findings("dangling-references")).extracting(LintFinding::association)
                .containsExactlyInAnyOrder("Invoice.client", "PurchaseOrder.account", "sc_legacy_note(client_id)",
                        "sc_client_label(client_id)", "sc_client_label(label_id)");
        assertThat(result.findings("dangling-references")).filteredOn(f -> f.association().equals("Invoice.client"))
                .singleElement().satisfies(f -> assertThat(f.reason()).startsWith("2 rows of sc_invoice(client_id) "
                        + "point at no row of sc_client(id)"));
        assertThat(result.suppressed()).anySatisfy(s -> assertThat(s.toString()).contains("Invoice.approver"));
        assertThat(ModelLints.of(factory).check().findings("dangling-references")).as("not a default check")
                .isEmpty();
    }

    @MatrixTest
    void oneStatementPerTable_andChunks_countTheSame(TestDatabase db) {
        SessionFactory factory = seed(db);
        AssociationGraphs.of(factory);
        plantDanglingRows(db);

        IntegrityReport whole = IntegrityScan.of(factory).run();
        IntegrityReport chunked = IntegrityScan.of(factory).chunkSize(1).run();

        assertThat(dangling(chunked)).isEqualTo(dangling(whole));
        IntegrityFinding invoices = chunked.finding("Invoice.client").orElseThrow();
        assertThat(invoices.statements()).as("range, then one count-and-sample read per one-key chunk")
                .isEqualTo(5);
        assertThat(whole.finding("Invoice.client").orElseThrow().statements()).isEqualTo(2);
    }

    @MatrixTest
    void samplesAreCapped_countsAreNot(TestDatabase db) {
        SessionFactory factory = seed(db);
        AssociationGraphs.of(factory);
        plantDanglingRows(db);

        IntegrityReport report = IntegrityScan.of(factory).samples(1).only("Invoice.client", "sc_client_label").run();

        assertThat(report.findings()).extracting(IntegrityFinding::reference).containsExactlyInAnyOrder(
                "sc_invoice(client_id)", "sc_client_label(client_id)", "sc_client_label(label_id)");
        assertThat(report.finding("Invoice.client").orElseThrow()).satisfies(f -> {
            assertThat(f.danglingRows()).isEqualTo(2);
            assertThat(f.samples()).hasSize(1);
        });
        assertThat(report.toText()).contains("Invoice.client (sc_invoice(client_id)) -> Client", "2 dangling rows",
                " -> 2\n    ...");
        assertThat(report.toJson()).contains("\"reference\": \"sc_invoice(client_id)\"", "\"danglingRows\": 2",
                "\"value\": [2]");
    }

    @MatrixTest(only = Database.H2)
    void unknownReference_isRefusedWithTheKnownOnes(TestDatabase db) {
        SessionFactory factory = seed(db);

        assertThatThrownBy(() -> IntegrityScan.of(factory).only("Invoice.customer"))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.UNKNOWN_ASSOCIATION))
                .hasMessageContaining("sc_invoice(client_id)");
        assertThatThrownBy(() -> IntegrityScan.of(factory).samples(-1)).isInstanceOf(MergeException.class);
        assertThatThrownBy(() -> IntegrityScan.of(factory).chunkSize(0)).isInstanceOf(MergeException.class);
    }

    /** Reference key to its sample rows, for the references with dangling rows. */
    private static Map<String, List<String>> dangling(IntegrityReport report) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (IntegrityFinding f : report.dangling()) {
            assertThat(f.samples()).as(f.reference()).hasSize((int) f.danglingRows());
            found.put(f.reference().toLowerCase(java.util.Locale.ROOT),
                    f.samples().stream().map(DanglingRow::toString).collect(Collectors.toList()));
        }
        return found;
    }

    private static String switchOff(TestDatabase db) {
        return switch (db.database()) {
            case H2 -> "set referential_integrity false";
            case POSTGRESQL -> "set session_replication_role = replica";
            case MARIADB -> "set foreign_key_checks = 0";
        };
    }

    private static String switchOn(TestDatabase db) {
        return switch (db.database()) {
            case H2 -> "set referential_integrity true";
            case POSTGRESQL -> "set session_replication_role = origin";
            case MARIADB -> "set foreign_key_checks = 1";
        };
    }
}
