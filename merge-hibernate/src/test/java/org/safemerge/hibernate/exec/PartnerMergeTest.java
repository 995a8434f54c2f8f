package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.exec.Partners.A;
import static org.safemerge.hibernate.exec.Partners.B;

import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Partners.Partner;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RepointReferences;

/** The partner case: a duplicate referenced from eight tables is merged; every reference moves, nothing else. */
class PartnerMergeTest {

    @MatrixTest
    void everyRowOfTheEightTables_isRepointedToTheSurvivor_andNothingElseChanges(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();
        assertThat(HibernateMerge.of(factory).graph().references()).as("the mixed nullability of the fixture")
                .filteredOn(r -> Partners.TABLES.contains(r.table())).hasSize(8)
                .allSatisfy(r -> assertThat(r.nullable()).as(r.key())
                        .isEqualTo(!Partners.NOT_NULL_TABLES.contains(r.table())));

        MergeReport report = HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                .audit(audit).build().execute();

        TableDump expected = before.without("pt_partner");
        for (String table : Partners.TABLES) {
            expected = expected.replacing(table, "partner_id", B, A);
        }
        assertThat(TableDump.of(db).without("pt_partner")).isEqualTo(expected);
        assertThat(db.queryRows("select id, name, version from pt_partner order by id")).containsExactly(
                List.of(1L, "Anna Schmidt", 1L), List.of(3L, "Carl Weber", 0L));
        for (String table : Partners.TABLES) {
            assertThat(db.queryLong("select count(*) from " + table + " where partner_id = 2")).as(table).isZero();
        }

        assertThat(report.stepsOf(RepointReferences.class)).hasSize(8)
                .allSatisfy(step -> assertThat(step.expectedRows()).isEqualTo(2));
        assertThat(report.actualRows()).isEqualTo(report.steps().stream().map(s -> s.expectedRows()).toList());
        assertThat(report.stepsOf(DeleteDuplicate.class)).singleElement()
                .satisfies(d -> assertThat(d.id()).isEqualTo(B));
        List<AuditEvent.ReferencesRepointed> repointed = audit.of(AuditEvent.ReferencesRepointed.class);
        assertThat(repointed).extracting(AuditEvent.ReferencesRepointed::table)
                .containsExactlyInAnyOrderElementsOf(Partners.TABLES);
        for (AuditEvent.ReferencesRepointed event : repointed) {
            int t = Partners.TABLES.indexOf(event.table());
            assertThat(event.rowIds()).as(event.table()).containsExactlyElementsOf(Partners.rowsOfB(t));
            assertThat(event.columns()).containsExactly("partner_id");
            assertThat(event.from()).isEqualTo(B);
            assertThat(event.to()).isEqualTo(A);
        }
        assertThat(audit.of(AuditEvent.EntityDeleted.class)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(B);
            assertThat(e.lastState()).containsEntry("name", "Anna Schmitt");
        });
        assertThat(audit.of(AuditEvent.VersionBumped.class)).singleElement()
                .satisfies(e -> assertThat(e.id()).isEqualTo(A));
        assertThat(audit.events().get(0)).isInstanceOf(AuditEvent.MergeStarted.class);
        assertThat(audit.last()).isInstanceOfSatisfying(AuditEvent.MergeCommitted.class,
                e -> assertThat(e.rowsChanged()).isEqualTo(report.actualRows().stream().mapToLong(x -> x).sum()));
    }

    @MatrixTest
    void attributesTakenFromTheDuplicate_areWrittenOnce_andTheVersionMovesOnce(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        AuditTrail audit = new AuditTrail();

        HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                .field("name", FieldStrategy.takeB())
                .field("phone", FieldStrategy.firstNonNull())
                .audit(audit).build().execute();

        assertThat(db.queryRows("select id, name, phone, version from pt_partner order by id")).containsExactly(
                List.of(1L, "Anna Schmitt", "+49 30 1234", 1L), List.of(3L, "Carl Weber", "+49 40 5678", 0L));
        assertThat(audit.of(AuditEvent.AttributeSet.class)).satisfiesExactlyInAnyOrder(name -> {
            assertThat(name.attribute()).isEqualTo("name");
            assertThat(name.before()).isEqualTo("Anna Schmidt");
            assertThat(name.after()).isEqualTo("Anna Schmitt");
            assertThat(name.strategy()).isEqualTo("takeB");
        }, phone -> {
            assertThat(phone.attribute()).isEqualTo("phone");
            assertThat(phone.before()).isNull();
            assertThat(phone.after()).isEqualTo("+49 30 1234");
        });
    }

    @MatrixTest
    void manyRows_areAuditedInChunksOfTheConfiguredSize(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        for (int i = 0; i < 5; i++) {
            db.execute("insert into pt_note (id, text, partner_id) values (" + (150 + i) + ", 'extra', 2)");
        }
        AuditTrail audit = new AuditTrail();

        HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                .auditChunkSize(2).audit(audit).build().execute();

        List<List<Object>> chunks = audit.of(AuditEvent.ReferencesRepointed.class).stream()
                .filter(e -> e.table().equals("pt_note")).map(AuditEvent.ReferencesRepointed::rowIds).toList();
        assertThat(chunks).containsExactly(List.of(102L, 103L), List.of(150L, 151L), List.of(152L, 153L),
                List.of(154L));
        assertThat(db.queryLong("select count(*) from pt_note where partner_id = 1")).isEqualTo(8);
    }

    @MatrixTest
    void dryRun_listsEveryTable_withCountsAndRowIds_andWritesNothing(TestDatabase db) {
        SessionFactory factory = Partners.seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = HibernateMerge.of(factory).plan(Partner.class).survivor(A).duplicates(B)
                .build().dryRun();

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(preview.blocked()).isFalse();
        assertThat(preview.stepsOf(RepointReferences.class)).extracting(RepointReferences::table)
                .containsExactlyInAnyOrderElementsOf(Partners.TABLES);
        for (RepointReferences step : preview.stepsOf(RepointReferences.class)) {
            assertThat(step.sampleRowIds()).as(step.table())
                    .containsExactlyElementsOf(Partners.rowsOfB(Partners.TABLES.indexOf(step.table())));
        }
        assertThat(preview.toText()).contains("re-point 2 rows of pt_note from 2 to 1 [102, 103]",
                "delete duplicate Partner 2");
    }
}
