package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.examples.cli.CliRun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** The CLI end to end: arguments and standard input in, exit code and output out, against a real database. */
class SafeMergeCliTest {

    @Test
    void help_showsCommandsExamplesAndExitCodes() {
        CliRun run = cli("", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("candidates", "plan", "execute", "merge-all", "Examples:", "Exit codes:");
    }

    @MatrixTest
    void seedCandidatesPlanExecute_mergesTheEventAsShown(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        CliRun candidates = cli(db, "", "candidates", "Event");
        assertThat(candidates.exit()).isZero();
        assertThat(candidates.out()).contains("survivor 10 <- duplicates [11]");

        CliRun plan = cli(db, "", "plan", "Event", "--survivor", "10", "--duplicate", "11", "--field", "tags=takeB");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("re-point 3 rows of ws_task from 11 to 10", "move 3 links in ws_event_tag");
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).as("plan writes nothing").isOne();

        CliRun declined = cli(db, "n\n", "execute", "Event", "--survivor", "10", "--duplicate", "11");
        assertThat(declined.exit()).isEqualTo(ExitCode.NOT_CONFIRMED);
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).as("declined: unchanged").isOne();

        CliRun executed = cli(db, "y\n", "execute", "Event", "--survivor", "10", "--duplicate", "11", "--field",
                "tags=takeB");
        assertThat(executed.exit()).as(executed.err()).isZero();
        assertThat(executed.out()).contains("Merged Event [11] into 10");
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
        assertThat(db.queryLong("select count(*) from ws_tag")).isEqualTo(5);
    }

    @MatrixTest
    void blockedPlan_exits3_andJsonExecutionReportsRealCounts(TestDatabase db) throws Exception {
        assertThat(cli(db, "", "seed").exit()).isZero();

        CliRun blocked = cli(db, "", "plan", "Partner", "--survivor", "21148", "--duplicate", "30001", "--json");
        assertThat(blocked.exit()).isEqualTo(ExitCode.BLOCKED);
        JsonNode hazard = new ObjectMapper().readTree(blocked.out()).get("blockingHazards").get(0);
        assertThat(hazard.get("kind").asText()).isEqualTo("UNIQUE_CONFLICT");
        assertThat(hazard.get("flags")).extracting(JsonNode::asText).containsExactly(
                "--on-conflict PartnerProfile.partner=KEEP_A", "--on-conflict PartnerProfile.partner=KEEP_B",
                "--on-conflict PartnerProfile.partner=MERGE_ROWS");

        CliRun json = cli(db, "", "execute", "Partner", "--survivor", "21148", "--duplicate", "30001",
                "--on-conflict", "PartnerProfile.partner=KEEP_A", "--yes", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("mode").asText()).isEqualTo("EXECUTED");
        assertThat(report.get("blocked").asBoolean()).isFalse();
        JsonNode notes = null;
        for (JsonNode section : report.get("sections")) {
            if (section.get("subject").asText().equals("pr_note(partner_id)")) {
                notes = section;
            }
        }
        assertThat(notes).isNotNull();
        assertThat(notes.get("steps").get(0).get("actualRows").asLong()).isEqualTo(1);
        assertThat(db.queryLong("select count(*) from pr_note where partner_id = 30001")).isZero();
    }

    @MatrixTest
    void mergeAll_showsProgress_andMergesEveryGroup(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        CliRun run = cli(db, "", "merge-all", "Partner", "--on-conflict", "PartnerProfile.partner=KEEP_A", "--yes");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("[1/6", "[6/6 100%]", "Done: 6 merged, 0 blocked");
        assertThat(db.queryLong("select count(*) from pr_partner where id between 30001 and 30006")).isZero();
    }

    @MatrixTest
    void badInput_givesOneLineErrors_andDistinctExitCodes(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        assertOneLineError(cli(db, "", "plan", "Evnt", "--survivor", "10", "--duplicate", "11"),
                ExitCode.BAD_INPUT, "UNKNOWN_ENTITY");
        assertOneLineError(cli(db, "", "plan", "Event", "--survivor", "10"), ExitCode.BAD_INPUT, "--duplicate");
        assertOneLineError(cli(db, "", "plan", "Event", "--survivor", "10", "--duplicate", "10"),
                ExitCode.BAD_INPUT, "SURVIVOR_IS_DUPLICATE");
        assertOneLineError(cli(db, "", "plan", "Event", "--survivor", "ten", "--duplicate", "11"),
                ExitCode.BAD_INPUT, "ten");
        assertOneLineError(cli(db, "", "plan", "Event", "--survivor", "10", "--duplicate", "999"),
                ExitCode.BAD_INPUT, "DUPLICATE_NOT_FOUND");
        assertOneLineError(cli(db, "", "plan", "Event", "--survivor", "10", "--duplicate", "11", "--field",
                "tags=sideways"), ExitCode.BAD_INPUT, "unknown field strategy");
    }

    @Test
    void unreachableDatabase_isADatabaseError_withoutStackTrace() {
        CliRun run = cli("", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2", "--user", "x",
                "describe", "Event");
        assertOneLineError(run, ExitCode.DATABASE_ERROR, "cannot use the database");
    }

    static void assertOneLineError(CliRun run, int exit, String mentions) {
        assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        assertThat(run.err()).startsWith("safemerge: error: ").contains(mentions).doesNotContain("\tat ");
        assertThat(run.err().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
    }
}
