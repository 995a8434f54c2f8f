package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.examples.cli.CliRun.cli;
import static org.safemerge.examples.cli.SafeMergeCliTest.assertOneLineError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** The journal's commands end to end: history, where, undo (dry run, --yes, refusals) and journal-ddl. */
class JournalCommandsTest {
    private static final Pattern MERGE_ID = Pattern.compile("\\(merge ([^)]+)\\)\\.");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void help_listsTheJournalCommandsAndTheirExitCodes() {
        CliRun run = cli("", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("history", "where", "undo", "journal-ddl", "7 undo refused", "8 merge cannot");
    }

    @MatrixTest
    void journalDdl_printsTheCreateStatementsForTheDatabase(TestDatabase db) {
        CliRun run = cli(db, "", "journal-ddl");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("create table safemerge_merge (", "create table safemerge_merge_record (",
                "create table safemerge_change (", "create table safemerge_row_image (");
        assertThat(run.out()).contains(switch (db.database()) {
            case POSTGRESQL -> " text";
            case MARIADB -> " longtext";
            default -> " varchar(1000000)";
        });
    }

    @MatrixTest
    void anExecutedMerge_showsInHistoryAndWhere_andUndoRestoresIt(TestDatabase db) throws Exception {
        assertThat(cli(db, "", "seed").exit()).isZero();
        String id = execute(db, "Event", "10", "11");

        CliRun byRecord = cli(db, "", "history", "--record", "Event:11");
        assertThat(byRecord.exit()).as(byRecord.err()).isZero();
        assertThat(byRecord.out()).startsWith(id + " Event [11] into 10 by ").contains(": COMMITTED");

        CliRun trail = cli(db, "", "history", "--merge", id);
        assertThat(trail.exit()).as(trail.err()).isZero();
        assertThat(trail.out()).contains("merge " + id + " started merging Event [11] into 10",
                "merge " + id + " re-pointed 3 rows of ws_task(event_id) from 11 to 10",
                "merge " + id + " skipped 1 link of 11 in ws_event_tag(event_id) that 10 already has [1]",
                "merge " + id + " deleted duplicate Event 11", "merge " + id + " committed");
        JsonNode json = JSON.readTree(cli(db, "", "history", "--merge", id, "--json").out());
        assertThat(json.get("outcome").asText()).isEqualTo("COMMITTED");
        assertThat(json.get("changes")).isNotEmpty();
        JsonNode since = JSON.readTree(cli(db, "", "history", "--since", "2000-01-01", "--json").out());
        assertThat(since.get("merges").get(0).get("mergeId").asText()).isEqualTo(id);

        CliRun where = cli(db, "", "where", "Event:11");
        assertThat(where.exit()).as(where.err()).isZero();
        assertThat(where.out()).contains("Event 11 was merged into 10 (merge " + id, "lives on in Event 10");
        assertThat(JSON.readTree(cli(db, "", "where", "Event:11", "--json").out()).get("currentId").asText())
                .isEqualTo("10");

        CliRun dryRun = cli(db, "", "undo", id);
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("Undo (dry run)", "Dry run: nothing was changed");
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).as("a dry run writes nothing")
                .isZero();

        CliRun undo = cli(db, "", "undo", id, "--yes", "--json");
        assertThat(undo.exit()).as(undo.err()).isZero();
        JsonNode report = JSON.readTree(undo.out());
        assertThat(report.get("executed").asBoolean()).isTrue();
        assertThat(report.get("undoneMergeId").asText()).isEqualTo(id);
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isOne();
        assertThat(db.queryLong("select count(*) from ws_task where event_id = 11")).isEqualTo(3);
        assertThat(db.queryLong("select count(*) from ws_event_tag where event_id = 11")).as("links back, the "
                + "skipped one re-created").isEqualTo(3);
        assertThat(cli(db, "", "where", "Event:11").out()).contains("Event 11 was not merged away");
        assertThat(cli(db, "", "history", "--merge", id).out()).contains("undone by merge "
                + report.get("undoMergeId").asText());

        CliRun again = cli(db, "", "undo", id, "--yes");
        assertOneLineError(again, ExitCode.UNDO_NOT_POSSIBLE, "UNDO_NOT_POSSIBLE");
    }

    @MatrixTest
    void undo_whenARowChangedSinceTheMerge_showsTheConflict_exits7_andWritesNothing(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();
        String id = execute(db, "Event", "10", "11");
        db.execute("delete from ws_task where event_id = 10 and id = (select max(id) from (select id from ws_task "
                + "where event_id = 10) x)");
        long tasks = db.queryLong("select count(*) from ws_task");

        CliRun dryRun = cli(db, "", "undo", id);
        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isEqualTo(ExitCode.UNDO_CONFLICT);
        assertThat(dryRun.out()).contains("ws_task");
        assertThat(dryRun.err()).contains("nothing was changed");

        CliRun forced = cli(db, "", "undo", id, "--yes");
        assertThat(forced.exit()).isEqualTo(ExitCode.UNDO_CONFLICT);
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
        assertThat(db.queryLong("select count(*) from ws_task")).isEqualTo(tasks);
    }

    @MatrixTest
    void badJournalInput_givesOneLineErrors(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        assertOneLineError(cli(db, "", "where", "Event"), ExitCode.BAD_INPUT, "ENTITY:ID");
        assertOneLineError(cli(db, "", "where", "Evnt:11"), ExitCode.BAD_INPUT, "did you mean: Event");
        assertOneLineError(cli(db, "", "history"), ExitCode.BAD_INPUT, "--merge");
        assertOneLineError(cli(db, "", "history", "--merge", "nope"), ExitCode.BAD_INPUT, "no merge nope");
        assertOneLineError(cli(db, "", "history", "--since", "yesterday"), ExitCode.BAD_INPUT, "no time");
        assertOneLineError(cli(db, "", "undo", "nope"), ExitCode.UNDO_NOT_POSSIBLE, "nope");
        assertThat(cli(db, "", "history", "--record", "Partner:30001").out()).contains("No merges in the journal");
    }

    /** Executes a merge with --yes; its merge id. */
    private static String execute(TestDatabase db, String entity, String survivor, String duplicate,
            String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("execute", entity, "--survivor",
                survivor, "--duplicate", duplicate, "--yes"));
        args.addAll(java.util.List.of(more));
        CliRun run = cli(db, "", args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        Matcher m = MERGE_ID.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }
}
