package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.ConstraintMode;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;

/**
 * A reference without an index on its FK (no FK constraint, so no database creates one; PostgreSQL creates none for
 * any FK): the dry run says the merge will scan the table, as a notice that never blocks; the merge still changes
 * and audits every row. With the index, no notice.
 */
class UnindexedReferenceMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;

    @Entity(name = "UiOwner")
    @Table(name = "ui_owner")
    static class Owner {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "UiItem")
    @Table(name = "ui_item")
    static class Item {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "owner_id", foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT))
        Owner owner;
    }

    /** Owners A (1), B (2), C (3); items 11 -> A, 12, 13 -> B, 14 -> C; with an index on the FK if asked. */
    private static SessionFactory seed(TestDatabase db, boolean index) {
        SessionFactory factory = db.sessionFactory(Owner.class, Item.class);
        if (index) {
            // before the first merge on this factory: the graph reads the catalog's indexes once
            db.execute("create index ui_item_owner on ui_item (owner_id)");
        }
        db.execute("insert into ui_owner (id, name) values (1, 'Acme'), (2, 'ACME Inc.'), (3, 'Other')",
                "insert into ui_item (id, owner_id) values (11, 1), (12, 2), (13, 2), (14, 3)");
        return factory;
    }

    @MatrixTest
    void dryRun_namesTheMissingIndex_asANoticeThatDoesNotBlock(TestDatabase db) {
        SessionFactory factory = seed(db, false);
        AuditTrail audit = new AuditTrail();

        MergeReport preview = HibernateMerge.of(factory).plan(Owner.class).survivor(A).duplicates(B).build().dryRun();

        assertThat(preview.blocked()).isFalse();
        assertThat(preview.hazards()).noneMatch(h -> h.kind() == HazardKind.UNINDEXED_REFERENCE);
        assertThat(preview.notices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(HazardKind.UNINDEXED_REFERENCE);
            assertThat(n.blocking()).isFalse();
            assertThat(n.table()).isEqualToIgnoringCase("ui_item");
            assertThat(n.rows()).isEqualTo(2);
            assertThat(n.message()).containsIgnoringCase("missing index on ui_item(owner_id)")
                    .contains("will scan");
        });
        assertThat(preview.toText()).contains("~ notice UNINDEXED_REFERENCE").containsIgnoringCase("ui_item");

        MergeReport done = HibernateMerge.of(factory).plan(Owner.class).survivor(A).duplicates(B).audit(audit)
                .build().execute(preview);

        assertThat(done.notices()).extracting(n -> n.kind()).containsExactly(HazardKind.UNINDEXED_REFERENCE);
        assertThat(db.queryRows("select id, owner_id from ui_item order by id")).containsExactly(
                List.of(11L, 1L), List.of(12L, 1L), List.of(13L, 1L), List.of(14L, 3L));
        assertThat(db.queryRows("select id from ui_owner order by id")).containsExactly(List.of(1L), List.of(3L));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(12L, 13L));
    }

    @MatrixTest
    void dryRun_saysNothing_whenTheFkIsIndexed(TestDatabase db) {
        SessionFactory factory = seed(db, true);

        MergeReport preview = HibernateMerge.of(factory).plan(Owner.class).survivor(A).duplicates(B).build().dryRun();

        assertThat(preview.notices()).isEmpty();
        assertThat(preview.toText()).doesNotContain("UNINDEXED_REFERENCE");
    }

    @MatrixTest
    void dryRun_saysNothing_whenTheMergeTouchesNoRowOfTheTable(TestDatabase db) {
        SessionFactory factory = seed(db, false);
        db.execute("delete from ui_item where owner_id = 2");

        MergeReport preview = HibernateMerge.of(factory).plan(Owner.class).survivor(A).duplicates(B).build().dryRun();

        assertThat(preview.notices()).isEmpty();
    }
}
