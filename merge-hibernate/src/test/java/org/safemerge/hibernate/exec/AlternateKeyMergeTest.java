package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.exec.LegacyKeys.A;
import static org.safemerge.hibernate.exec.LegacyKeys.B;
import static org.safemerge.hibernate.exec.LegacyKeys.F;
import static org.safemerge.hibernate.exec.LegacyKeys.G;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.LegacyKeys.Customer;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;

/**
 * Rows that point at a customer by its legacy number, not its id ({@link LegacyKeys}), follow the merge: they are
 * re-pointed to the survivor's number, and an ON DELETE CASCADE on such a key never fires.
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

    /**
     * The data loss of issue 12: rows were compared with the duplicate's id, never matched, and the database's
     * cascade deleted them with the duplicate while the merge reported success.
     */
    @MatrixTest
    void catalogFkWithOnDeleteCascadeOnTheLegacyNumber_rowsAreRepointed_notCascadedAway(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        HibernateMerge.of(factory).plan(Customer.class).survivor(F).duplicates(G).audit(audit).build().execute();

        assertThat(TableDump.of(db)).isEqualTo(before
                .removing("lk_customer", "id", G)
                .replacing("lk_legacy_ref", "customer_no", 1007, 1006));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualToIgnoringCase("lk_legacy_ref");
            assertThat(e.rowIds()).containsExactly(17L, 18L);
        });
    }

    @MatrixTest
    void rowsPointingAtTheDuplicatesLegacyNumber_areRepointedToTheSurvivorsNumber_noCascadeFires(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = HibernateMerge.of(factory).plan(Customer.class).survivor(A).duplicates(B).build()
                .dryRun();
        HibernateMerge.of(factory).plan(Customer.class).survivor(A).duplicates(B).audit(audit).build()
                .execute(preview);

        assertThat(TableDump.of(db)).isEqualTo(before
                .removing("lk_customer", "id", B)
                .replacing("lk_order", "customer_no", 1002, 1001)
                .replacing("lk_legacy_ref", "customer_no", 1002, 1001)
                .replacing("lk_legacy_log", "customer_no", 1002, 1001));
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
    }
}
