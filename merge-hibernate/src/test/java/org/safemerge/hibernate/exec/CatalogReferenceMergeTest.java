package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;

/**
 * A table the mapping does not know (a legacy or another application's table) with an FK ON DELETE CASCADE onto the
 * merged entity: its rows are re-pointed before the duplicate goes, so the cascade never fires.
 */
class CatalogReferenceMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;

    @Entity(name = "Client")
    @Table(name = "cc_client")
    static class Client {
        @Id
        Long id;
        String name;
    }

    /** Clients A (1), B (2), C (3); legacy notes 11 -> A, 12, 13 -> B, 14 -> C. */
    private static SessionFactory seed(TestDatabase db) {
        db.execute("drop table if exists cc_legacy_note"); // left by an earlier test; it would block dropping cc_client
        SessionFactory factory = db.sessionFactory(Client.class);
        // before the first merge on this factory: the association graph is read from the catalog once and cached
        db.execute("create table cc_legacy_note (id bigint not null primary key, client_id bigint not null, "
                + "body varchar(100), constraint cc_legacy_note_client foreign key (client_id) "
                + "references cc_client (id) on delete cascade)");
        db.execute("insert into cc_client (id, name) values (1, 'Acme'), (2, 'ACME Inc.'), (3, 'Other')",
                "insert into cc_legacy_note (id, client_id, body) values (11, 1, 'a'), (12, 2, 'b1'), "
                        + "(13, 2, 'b2'), (14, 3, 'c')");
        return factory;
    }

    @MatrixTest
    void rowsOfAnUnmappedOnDeleteCascadeTable_areRepointed_neverCascadedAway(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        MergeReport preview = HibernateMerge.of(factory).plan(Client.class).survivor(A).duplicates(B)
                .build().dryRun();
        HibernateMerge.of(factory).plan(Client.class).survivor(A).duplicates(B).audit(audit).build()
                .execute(preview);

        assertThat(db.queryRows("select id, client_id, body from cc_legacy_note order by id")).containsExactly(
                List.of(11L, 1L, "a"), List.of(12L, 1L, "b1"), List.of(13L, 1L, "b2"), List.of(14L, 3L, "c"));
        assertThat(db.queryRows("select id from cc_client order by id")).containsExactly(List.of(1L), List.of(3L));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualToIgnoringCase("cc_legacy_note");
            assertThat(e.columns()).singleElement().asString().isEqualToIgnoringCase("client_id");
            assertThat(e.rowIds()).containsExactly(12L, 13L);
        });
    }

    @MatrixTest
    void dryRun_notesTheOnDeleteCascade_withoutBlocking(TestDatabase db) {
        SessionFactory factory = seed(db);

        MergeReport preview = HibernateMerge.of(factory).plan(Client.class).survivor(A).duplicates(B)
                .build().dryRun();

        assertThat(preview.blocked()).isFalse();
        assertThat(preview.hazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.ON_DELETE_CASCADE);
            assertThat(h.blocking()).isFalse();
            assertThat(h.table()).isEqualToIgnoringCase("cc_legacy_note");
            assertThat(h.rows()).isEqualTo(2);
        });
        assertThat(preview.toText()).contains("~ note ON_DELETE_CASCADE").containsIgnoringCase("cc_legacy_note");
    }
}
