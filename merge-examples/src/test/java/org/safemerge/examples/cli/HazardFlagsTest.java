package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.HazardOption;
import org.safemerge.report.MergeReport;
import org.safemerge.report.ReportMode;

/** A hazard's options as the CLI's flags; what no flag can say keeps its text, labelled. */
class HazardFlagsTest {

    @Test
    void everyOptionKind_becomesTheFlagThatChoosesIt() {
        assertThat(HazardFlags.flags(HazardOption.field("tasks", "union", null))).isEqualTo("--field tasks=union");
        assertThat(HazardFlags.flags(HazardOption.allowDelete("Task.event", null)))
                .isEqualTo("--allow-delete Task.event");
        assertThat(HazardFlags.flags(HazardOption.unassign("Attendee.event", null)))
                .isEqualTo("--unassign Attendee.event");
        assertThat(HazardFlags.flags(HazardOption.onConflict("PartnerProfile.partner", "KEEP_B", null)))
                .isEqualTo("--on-conflict PartnerProfile.partner=KEEP_B");
        assertThat(HazardFlags.flags(HazardOption.onConflict("BankAccount.owner", "mergeRows()", null)))
                .isEqualTo("--on-conflict BankAccount.owner=MERGE_ROWS");
        assertThat(HazardFlags.expressible(HazardOption.onConflict("Consent.person", "keepBoth().set(column, value)",
                null))).isFalse();
        assertThat(HazardFlags.flags(HazardOption.selfReferences("ALLOW_LOOP", null)))
                .isEqualTo("--self-references ALLOW_LOOP");
    }

    @Test
    void aCatalogOnlyReferenceName_isQuotedForTheShell() {
        assertThat(HazardFlags.flags(HazardOption.allowDelete("pr_legacy(partner_id)", null)))
                .isEqualTo("--allow-delete 'pr_legacy(partner_id)'");
        assertThat(HazardFlags.flags(HazardOption.allowDelete("it's", null))).isEqualTo("--allow-delete 'it'\\''s'");
    }

    @Test
    void reportText_showsFlagsWithTheirEffect_andLabelsWhatOnlyTheJavaApiCanDo() {
        Hazard cascade = new Hazard(HazardKind.CASCADE_FROM_DUPLICATE, true, "badge(partner_id)", "badge", 1,
                List.of(7L), "deleting duplicate Partner 2 would cascade REMOVE through Partner.badge",
                List.of(".keepDuplicates(...) to keep the duplicate as a tombstone instead of deleting it",
                        "clear Partner.badge on the duplicate first, or drop cascade REMOVE from it"));
        Hazard notNull = Hazard.withChoices(HazardKind.NOT_NULL_CANNOT_UNASSIGN, true, "task(event_id)", "task", 2,
                List.of(101L, 102L), "2 rows of task must leave", List.of(
                        HazardOption.field("tasks", "union", "keep them on the survivor"),
                        HazardOption.allowDelete("Task.event", "delete them (each deletion is audited)")));
        MergeReport report = new MergeReport("m-1", ReportMode.DRY_RUN, "Partner", 1L, List.of(2L), List.of(),
                List.of(cascade, notNull), List.of(), "f", Instant.now());

        String text = HazardFlags.text(report);

        assertThat(text).contains(
                "BLOCKED: 2 hazard(s) must be resolved; add one option of each to the command\n",
                "        option: (Java API only, no CLI flag) .keepDuplicates(...) to keep the duplicate",
                "        option: (no CLI flag) clear Partner.badge on the duplicate first",
                "        option: --field tasks=union   # keep them on the survivor\n",
                "        option: --allow-delete Task.event   # delete them (each deletion is audited)\n")
                .doesNotContain("AssociationPolicy", "FieldStrategy", "execute()");
        assertThat(text.lines().count()).isEqualTo(report.toText().lines().count());
    }
}
