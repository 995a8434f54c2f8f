package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.exec.QuotedNames.A;
import static org.safemerge.hibernate.exec.QuotedNames.B;

import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.MergePlan;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.QuotedNames.Client;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.graph.StoredNames;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RowStep;
import org.safemerge.spi.AuditEvent;

/**
 * Generated SQL quotes every identifier through the dialect (DESIGN.md "Living inside the host application"): a
 * merged entity whose table, id column and every reference need quoting merges like any other, on every database
 * (see {@link QuotedNames} for the names).
 */
class QuotedNamesMergeTest {
    private final AuditTrail audit = new AuditTrail();

    /** The graph's part: every reference found, each name resolved to its stored spelling (all quoted, so exact). */
    @MatrixTest
    void theGraph_findsEveryQuotedReference_withItsStoredNames(TestDatabase db) {
        SessionFactory factory = QuotedNames.seeded(db);
        AssociationGraph graph = AssociationGraphs.of(factory);
        StoredNames names = GraphCache.storedNames(factory);
        EntityType client = graph.entity("QuotedClient").orElseThrow();

        assertThat(names.table(client.table())).containsExactly("Client Record");
        assertThat(names.column(client.table(), client.idColumns().get(0))).isEqualTo("Id");
        assertThat(graph.referencesTo(client)).extracting(r -> r.key() + " -> " + names.table(r.table()) + " "
                + r.columns().stream().map(c -> names.column(r.table(), c)).toList()).containsExactly(
                "CascadingNote(client ref) -> [CascadingNote] [client ref]",
                "LegacyContact(client ref) -> [LegacyContact] [client ref]",
                "Phone Numbers(Owner) -> [Phone Numbers] [Owner]",
                "note archive(group) -> [note archive] [group]",
                "order(ClientId) -> [order] [ClientId]");
    }

    @MatrixTest
    void dryRun_listsEveryQuotedReference_withItsRows_andWritesNothing(TestDatabase db) {
        SessionFactory factory = QuotedNames.seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = bIntoA(factory).build().dryRun();

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(rowSteps(preview)).containsExactlyInAnyOrder(
                "REPOINT_REFERENCES note archive(group) in note archive: 2",
                "SKIP_DUPLICATE_LINKS order(ClientId) in order: 1",
                "MOVE_LINKS order(ClientId) in order: 1",
                "SKIP_DUPLICATE_LINKS Phone Numbers(Owner) in Phone Numbers: 1",
                "MOVE_LINKS Phone Numbers(Owner) in Phone Numbers: 1",
                "REPOINT_REFERENCES LegacyContact(client ref) in LegacyContact: 1",
                "REPOINT_REFERENCES CascadingNote(client ref) in CascadingNote: 1");
        assertThat(preview.blocked()).isFalse();
        assertThat(preview.hazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.ON_DELETE_CASCADE);
            assertThat(h.table()).isEqualTo("CascadingNote");
            assertThat(h.rows()).isEqualTo(1);
        });
    }

    @MatrixTest
    void merge_repointsEveryRow_movesTheLinks_andDeletesOnlyTheDuplicate(TestDatabase db) {
        SessionFactory factory = QuotedNames.seeded(db);
        TableDump before = TableDump.of(db);
        MergeReport preview = bIntoA(factory).build().dryRun();

        MergeReport done = bIntoA(factory).audit(audit).build().execute(preview);

        TableDump after = TableDump.of(db);
        assertThat(after.without("order").without("Phone Numbers")).isEqualTo(before
                .removing("Client Record", "Id", B)
                .replacing("note archive", "group", B, A)
                .replacing("LegacyContact", "client ref", B, A)
                .replacing("CascadingNote", "client ref", B, A)
                .without("order").without("Phone Numbers"));
        // B's link to tag 1 (A has it) and its phone 111 (A has it) are dropped; the others move to A
        assertThat(after.table("order").rows()).containsExactly(List.of("1", "1"), List.of("1", "2"),
                List.of("3", "2"));
        assertThat(after.table("Phone Numbers").rows()).containsExactlyInAnyOrder(List.of("1", "111"),
                List.of("1", "222"), List.of("3", "333"));
        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class))
                .extracting(e -> e.table() + " " + e.columns() + " " + e.rowIds())
                .containsExactlyInAnyOrder("note archive [group] [12, 13]", "LegacyContact [client ref] [22]",
                        "CascadingNote [client ref] [31]");
        assertThat(audit.of(AuditEvent.LinksSkipped.class)).extracting(e -> e.table() + " " + e.rowIds())
                .containsExactlyInAnyOrder("order [1]", "Phone Numbers [111]");
        assertThat(audit.of(AuditEvent.LinksAdded.class)).extracting(e -> e.table() + " " + e.rowIds())
                .containsExactlyInAnyOrder("order [2]", "Phone Numbers [222]");
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).extracting(e -> e.entity() + " " + e.id())
                .containsExactly("QuotedClient 2");
    }

    private static MergePlan.Builder<Client> bIntoA(SessionFactory factory) {
        return HibernateMerge.of(factory).plan(Client.class).survivor(A).duplicates(B);
    }

    /** Each row step as {@code KIND reference in table: expected rows}. */
    private static List<String> rowSteps(MergeReport report) {
        return report.stepsOf(RowStep.class).stream()
                .map(s -> s.kind() + " " + s.reference() + " in " + s.table() + ": " + s.expectedRows()).toList();
    }
}
