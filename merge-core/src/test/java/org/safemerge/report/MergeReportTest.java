package org.safemerge.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/** The report: grouped by association with counts and bounded ids, readable as text, serializable as JSON. */
class MergeReportTest {
    /** java.time needs a module in Jackson 2; every application that uses Jackson registers one. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

    private final InMemoryExecutor executor = clinic();

    /** Patients 1 (A) and 2 (B); B has 5 visits and 2 legacy notes (catalog-only FK, ON DELETE CASCADE). */
    private static InMemoryExecutor clinic() {
        TestGraph g = new TestGraph();
        g.entity("Patient", "patient").basic("name").basic("diagnosis").sensitive("diagnosis");
        g.entity("Visit", "visit");
        g.toOne("Visit", "patient", "Patient", "patient_id").notNull().inverse("visits");
        g.catalogFk("legacy_note", "patient_id", "Patient").onDelete(OnDeleteRule.CASCADE);
        InMemoryExecutor executor = InMemoryExecutor.of(g.build());
        executor.db().insert("patient", "id", 1, "name", "Ann", "diagnosis", "flu")
                .insert("patient", "id", 2, "name", "Anne", "diagnosis", "measles")
                .insert("legacy_note", "id", 1, "patient_id", 2).insert("legacy_note", "id", 2, "patient_id", 2);
        for (int i = 0; i < 5; i++) {
            executor.db().insert("visit", "id", 10 + i, "patient_id", 2);
        }
        return executor;
    }

    private MergePlan.Builder<Object> merge() {
        return MergePlan.builder(executor, "Patient").survivor(1L).duplicates(2L).sampleLimit(2)
                .field("diagnosis", FieldStrategy.takeB());
    }

    @Test
    void sections_groupStepsAndHazardsByAssociation_withExactCountsAndBoundedIds() {
        MergeReport report = merge().build().dryRun();

        List<ReportSection> sections = report.sections();

        assertThat(sections).extracting(ReportSection::subject).containsExactly("legacy_note(patient_id)",
                "visit(patient_id)", "Patient", "diagnosis");
        ReportSection legacy = sections.get(0);
        assertThat(legacy.totalRows()).isEqualTo(2);
        assertThat(legacy.steps()).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo("REPOINT_REFERENCES");
            assertThat(entry.sampleRowIds()).containsExactly(1L, 2L);
            assertThat(entry.actualRows()).isNull();
        });
        assertThat(legacy.hazards()).extracting(Hazard::kind).containsExactly(HazardKind.ON_DELETE_CASCADE);
        ReportSection visits = sections.get(1);
        assertThat(visits.totalRows()).isEqualTo(5);
        assertThat(visits.steps()).singleElement().satisfies(entry -> {
            assertThat(entry.expectedRows()).isEqualTo(5);
            assertThat(entry.sampleRowIds()).containsExactly(10L, 11L);
            assertThat(entry.description()).isEqualTo("re-point 5 rows of visit from 2 to 1 [10, 11]...");
        });
        assertThat(sections.get(3).steps()).singleElement().satisfies(entry -> assertThat(entry.description())
                .isEqualTo("set diagnosis = *** (was ***, takeB)"));
    }

    @Test
    void sampleLimitZero_keepsCountsButShowsNoIds() {
        MergeReport report = MergePlan.builder(executor, "Patient").survivor(1L).duplicates(2L).sampleLimit(0)
                .build().dryRun();

        assertThat(report.stepsOf(RepointReferences.class)).hasSize(2)
                .allSatisfy(step -> assertThat(step.sampleRowIds()).isEmpty());
        assertThat(report.expectedRowsTotal()).isEqualTo(2 + 5 + 1);
    }

    @Test
    void toText_isReadable() {
        String text = merge().build().dryRun().toText();

        assertThat(text).startsWith("Dry run of merge ").contains(": Patient [2] -> 1\n")
                .contains("\n  legacy_note(patient_id) (2 rows)\n"
                        + "    - re-point 2 rows of legacy_note from 2 to 1 [1, 2]\n"
                        + "    ~ note ON_DELETE_CASCADE: the database FK fk_legacy_note_patient_id has ON DELETE "
                        + "CASCADE")
                .contains("\n  visit(patient_id) (5 rows)\n    - re-point 5 rows of visit from 2 to 1 [10, 11]...\n")
                .contains("\n  Patient (1 row)\n    - delete duplicate Patient 2\n")
                .contains("\n  diagnosis (1 row)\n    - set diagnosis = *** (was ***, takeB)\n")
                .doesNotContain("measles").doesNotContain("flu").doesNotContain("BLOCKED");
    }

    @Test
    void toText_ofABlockedPlan_listsTheHazardAndItsOptions() {
        String text = merge().field("visits", FieldStrategy.takeA()).build().dryRun().toText();

        assertThat(text).contains("BLOCKED: 1 hazard(s) must be resolved before execute()")
                .contains("    ! BLOCKED NOT_NULL_CANNOT_UNASSIGN: 5 rows of visit pointing at 2 must leave "
                        + "Visit.patient")
                .contains("        option: .association(\"Visit.patient\", AssociationPolicy.repoint()"
                        + ".allowDelete()) to delete them (each deletion is audited)");
    }

    @Test
    void toText_ofAnExecution_saysSo() {
        MergeReport report = merge().build().execute();

        assertThat(report.toText()).startsWith("Execution of merge ");
        assertThat(report.toString()).isEqualTo(report.toText());
    }

    @Test
    void sections_serializeToJson_withKindsCountsIdsAndRedaction() throws Exception {
        MergeReport report = merge().build().rehearse();

        String json = JSON.writeValueAsString(report.sections());
        JsonNode sections = JSON.readTree(json);

        assertThat(sections.isArray()).isTrue();
        JsonNode visits = sections.get(1);
        assertThat(visits.get("subject").asText()).isEqualTo("visit(patient_id)");
        assertThat(visits.get("totalRows").asLong()).isEqualTo(5);
        JsonNode step = visits.get("steps").get(0);
        assertThat(step.get("kind").asText()).isEqualTo("REPOINT_REFERENCES");
        assertThat(step.get("expectedRows").asLong()).isEqualTo(5);
        assertThat(step.get("actualRows").asLong()).isEqualTo(5);
        assertThat(step.get("sampleRowIds").toString()).isEqualTo("[10,11]");
        JsonNode hazard = sections.get(0).get("hazards").get(0);
        assertThat(hazard.get("kind").asText()).isEqualTo("ON_DELETE_CASCADE");
        assertThat(hazard.get("blocking").asBoolean()).isFalse();
        assertThat(hazard.get("rows").asLong()).isEqualTo(2);
        assertThat(sections.get(3).get("steps").get(0).get("description").asText()).contains("***");
        assertThat(json).doesNotContain("measles").doesNotContain("flu");
    }

    @Test
    void wholeReport_serializesToJson_redacted() throws Exception {
        MergeReport report = merge().build().dryRun();

        String text = JSON.writeValueAsString(report);
        JsonNode json = JSON.readTree(text);

        assertThat(json.get("mergeId").asText()).isEqualTo(report.mergeId());
        assertThat(json.get("mode").asText()).isEqualTo("DRY_RUN");
        assertThat(json.get("survivorId").asLong()).isEqualTo(1);
        assertThat(json.get("duplicateIds").toString()).isEqualTo("[2]");
        assertThat(json.get("fingerprint").asText()).isEqualTo(report.fingerprint());
        assertThat(json.get("createdAt").asText()).isEqualTo(report.createdAt().toString());
        assertThat(json.get("steps")).hasSize(report.steps().size());
        JsonNode repoint = json.get("steps").get(1);
        assertThat(repoint.get("reference").asText()).isEqualTo("visit(patient_id)");
        assertThat(repoint.get("expectedRows").asLong()).isEqualTo(5);
        assertThat(repoint.get("selection").get("only").isNull()).isTrue();
        JsonNode set = json.get("steps").get(3);
        assertThat(set.get("attribute").asText()).isEqualTo("diagnosis");
        assertThat(set.get("after").asText()).isEqualTo("***");
        assertThat(text).doesNotContain("measles").doesNotContain("flu");
    }

    @Test
    void warnings_areReportedPerAssociation_andNeverBlock() {
        TestGraph g = new TestGraph();
        g.entity("Club", "club");
        g.entity("Member", "member");
        g.entity("Badge", "badge");
        g.manyToMany("Club", "members", "Member", "club_members", "club_id", "member_id").cascadeRemove();
        g.toOne("Badge", "club", "Club", "club_id").flag(org.safemerge.graph.ReferenceFlag.DERIVED_IDENTITY)
                .note("mapped nullable, NOT NULL in the database");
        InMemoryExecutor clubs = InMemoryExecutor.of(g.build());
        clubs.db().insert("club", "id", 1).insert("club", "id", 2).insert("member", "id", 7)
                .insert("club_members", "club_id", 2, "member_id", 7).insert("badge", "id", 9, "club_id", 2);

        MergeReport report = MergePlan.builder(clubs, "Club").survivor(1L).duplicates(2L).build().execute();

        assertThat(report.blocked()).isFalse();
        assertThat(report.hazards()).extracting(Hazard::kind, Hazard::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple(HazardKind.DERIVED_IDENTITY, "badge(club_id)"),
                org.assertj.core.groups.Tuple.tuple(HazardKind.MAPPING_MISMATCH, "badge(club_id)"),
                org.assertj.core.groups.Tuple.tuple(HazardKind.CASCADE_REMOVE_IGNORED, "club_members(club_id)"));
        assertThat(report.hazards().get(1).message()).isEqualTo("mapped nullable, NOT NULL in the database");
        assertThat(clubs.db().rows("member")).hasSize(1);
        assertThat(clubs.db().value("badge", 9, "club_id")).isEqualTo(1L);
    }
}
