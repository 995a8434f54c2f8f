package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.examples.cli.CliRun.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.safemerge.examples.ForeignKeys;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** {@code safemerge scan}: clean after seeding; after a load without constraints, the orphans as text and JSON. */
class ScanCommandTest {

    @Test
    void help_namesEveryOption_andTheExitCode() {
        CliRun run = cli("", "scan", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--only=ASSOCIATION", "--samples=N", "--chunk-size=N", "--json",
                "6 when something does", "safemerge scan --only Note.partner");
    }

    @MatrixTest
    void scan_isCleanAfterSeeding_andFindsOrphansAfterALoadWithoutConstraints(TestDatabase db) throws Exception {
        assertThat(cli(db, "", "seed").exit()).isZero();
        CliRun clean = cli(db, "", "scan");
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("no dangling rows");

        ForeignKeys.dropAllPointingAt(db, "pr_partner");
        db.execute("delete from pr_partner where id = 21148");
        CliRun text = cli(db, "", "scan", "--only", "Note.partner");
        CliRun json = cli(db, "", "scan", "--json", "--samples", "1", "--chunk-size", "100");

        assertThat(text.exit()).isEqualTo(ExitCode.DANGLING_REFERENCES);
        assertThat(text.out()).contains("Integrity scan of 1 reference", "Note.partner", "-> 21148");
        assertThat(json.exit()).isEqualTo(ExitCode.DANGLING_REFERENCES);
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("clean").asBoolean()).isFalse();
        JsonNode note = null;
        for (JsonNode finding : root.get("findings")) {
            if (finding.get("name").asText().equals("Note.partner")) {
                note = finding;
            }
        }
        assertThat(note).isNotNull();
        assertThat(note.get("danglingRows").asLong()).isEqualTo(db.queryLong(
                "select count(*) from pr_note where partner_id = 21148"));
        assertThat(note.get("samples")).singleElement()
                .satisfies(s -> assertThat(s.get("value").get(0).asLong()).isEqualTo(21148L));
    }

    @MatrixTest(only = Database.H2)
    void unknownAssociation_isBadInput_namingTheKnownOnes(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        CliRun run = cli(db, "", "scan", "--only", "Note.owner");

        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("'Note.owner' is no reference key");
    }
}
