package org.safemerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.Workshop.A;
import static org.safemerge.Workshop.B;
import static org.safemerge.Workshop.C;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.spi.AuditEvent;
import org.safemerge.report.MergeReport;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;

/** The two incidents of DESIGN.md "Why", expressed as graphs: neither may happen through SafeMerge. */
class WhyCasesTest {

    @Test
    void tagsFromB_keepsSharedTagsAlive() {
        InMemoryExecutor executor = Workshop.executor();
        InMemoryDatabase db = executor.db();
        InMemoryDatabase.Snapshot before = db.snapshot();
        RecordingAuditListener audit = new RecordingAuditListener();

        MergeReport report = Workshop.merge(executor).field("tags", FieldStrategy.takeB()).audit(audit).build()
                .execute();

        assertThat(db.rows("tag")).hasSize(5); // the incident deleted shared Tag rows; here every Tag survives
        assertThat(tagsOf(db, A)).containsExactlyInAnyOrder(11L, 12L);
        assertThat(tagsOf(db, C)).containsExactlyInAnyOrder(10L, 12L);
        assertThat(db.rowsWhere("event_tags", "event_id", B)).isEmpty();
        assertThat(db.changesSince(before)).containsExactly(
                "- event[2] {id=2, version=7, name=Kotlin Workshop!, venue_id=51}",
                "- event_tags[[1, 10]] {event_id=1, tag_id=10}",
                "- event_tags[[1, 11]] {event_id=1, tag_id=11}",
                "event[1].version: 3 -> 4",
                "event_tags[[2, 11]].event_id: 2 -> 1",
                "event_tags[[2, 12]].event_id: 2 -> 1");
        assertThat(report.stepsOf(RemoveLinks.class)).singleElement().satisfies(step -> {
            assertThat(step.from()).isEqualTo(A);
            assertThat(step.sampleRowIds()).containsExactly(10L, 11L);
        });
        assertThat(report.stepsOf(MoveLinks.class)).singleElement().satisfies(step -> {
            assertThat(step.from()).isEqualTo(B);
            assertThat(step.to()).isEqualTo(A);
            assertThat(step.sampleRowIds()).containsExactly(11L, 12L);
        });
        assertThat(audit.single(AuditEvent.LinksRemoved.class).rowIds()).containsExactly(10L, 11L);
        assertThat(audit.single(AuditEvent.LinksAdded.class).rowIds()).containsExactly(11L, 12L);
    }

    @Test
    void recreatedPartners_everyReferenceInEightTablesIsRepointed_nothingElseChanges() {
        InMemoryExecutor executor = Partners.executor(12);
        InMemoryDatabase db = executor.db();
        // partners 7..12 are the six clients re-created while 1..6 were missing; rows point at both
        long row = 1000;
        for (long real = 1; real <= 6; real++) {
            for (String table : Partners.TABLES) {
                db.insert(table, "id", row++, "text", "real", "partner_id", real);
                db.insert(table, "id", row++, "text", "dup", "partner_id", real + 6);
                db.insert(table, "id", row++, "text", "dup", "partner_id", real + 6);
            }
        }
        InMemoryDatabase.Snapshot before = db.snapshot();

        List<MergeReport> reports = new ArrayList<>();
        for (long real = 1; real <= 6; real++) {
            reports.add(Partners.merge(executor, real, real + 6).build().execute());
        }

        List<String> expected = new ArrayList<>();
        row = 1000;
        for (long real = 1; real <= 6; real++) {
            expected.add("- partner[" + (real + 6) + "] {id=" + (real + 6) + ", name=partner " + (real + 6) + "}");
            for (String table : Partners.TABLES) {
                row++;
                expected.add(table + "[" + row++ + "].partner_id: " + (real + 6) + " -> " + real);
                expected.add(table + "[" + row++ + "].partner_id: " + (real + 6) + " -> " + real);
            }
        }
        assertThat(db.changesSince(before)).containsExactlyInAnyOrderElementsOf(expected);
        for (String table : Partners.TABLES) {
            assertThat(db.rows(table)).hasSize(18).allSatisfy(r -> assertThat((Long) r.get("partner_id"))
                    .isBetween(1L, 6L));
        }
        assertThat(reports).allSatisfy(report -> {
            assertThat(report.stepsOf(RepointReferences.class)).hasSize(8)
                    .allSatisfy(step -> assertThat(step.expectedRows()).isEqualTo(2));
            assertThat(report.actualRows()).doesNotContain(0L);
        });
    }

    private static List<Object> tagsOf(InMemoryDatabase db, long event) {
        return db.rowsWhere("event_tags", "event_id", event).stream().map(r -> r.get("tag_id")).toList();
    }

    static Map<String, Object> only(List<Map<String, Object>> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
