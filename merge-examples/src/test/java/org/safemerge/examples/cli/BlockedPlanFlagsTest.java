package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.examples.cli.CliRun.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * A blocked plan shows its options as the CLI's own flags, and each of them, appended to the command, unblocks it:
 * on the example data, for a unique conflict, NOT NULL children that must leave, and a self-reference.
 */
class BlockedPlanFlagsTest {
    private static final String OPTION = "option: ";

    /** The flags of each option line, without the "# effect" comment. */
    private static List<List<String>> optionFlags(String report) {
        List<List<String>> options = new ArrayList<>();
        report.lines().map(String::strip).filter(line -> line.startsWith(OPTION)).forEach(line -> {
            String flags = line.substring(OPTION.length()).split("#", 2)[0].strip();
            options.add(List.of(flags.split("\\s+")));
        });
        return options;
    }

    private static String[] plus(String[] command, List<String> flags) {
        return Stream.concat(Stream.of(command), flags.stream()).toArray(String[]::new);
    }

    /** The command is blocked, shows exactly {@code expected} as options, and each one alone unblocks it. */
    private static void eachShownOptionUnblocks(TestDatabase db, String[] command, List<List<String>> expected) {
        CliRun blocked = cli(db, "", command);
        assertThat(blocked.exit()).as(blocked.err()).isEqualTo(ExitCode.BLOCKED);
        assertThat(blocked.out()).contains("! BLOCKED").doesNotContain("AssociationPolicy", "FieldStrategy",
                "SelfReferencePolicy", ".association(", "execute()");
        assertThat(blocked.err()).contains("the plan is blocked; nothing was changed");
        List<List<String>> options = optionFlags(blocked.out());
        assertThat(options).isEqualTo(expected);

        for (List<String> flags : options) {
            CliRun unblocked = cli(db, "", plus(command, flags));

            assertThat(unblocked.exit()).as(flags + ": " + unblocked.err() + unblocked.out()).isZero();
            assertThat(unblocked.out()).as(flags.toString()).doesNotContain("BLOCKED");
        }
    }

    @MatrixTest
    void uniqueConflict_showsOnConflictFlags_thatUnblockThePlan_andTheMerge(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();
        String[] plan = {"plan", "Partner", "--survivor", "21148", "--duplicate", "30001"};

        eachShownOptionUnblocks(db, plan, List.of(
                List.of("--on-conflict", "PartnerProfile.partner=KEEP_A"),
                List.of("--on-conflict", "PartnerProfile.partner=KEEP_B"),
                List.of("--on-conflict", "PartnerProfile.partner=MERGE_ROWS")));

        String[] execute = {"execute", "Partner", "--survivor", "21148", "--duplicate", "30001", "--yes"};
        CliRun refused = cli(db, "", execute);
        assertThat(refused.exit()).isEqualTo(ExitCode.BLOCKED);
        CliRun merged = cli(db, "", plus(execute, optionFlags(refused.out()).get(0)));
        assertThat(merged.exit()).as(merged.err()).isZero();
        assertThat(db.queryLong("select count(*) from pr_partner where id = 30001")).isZero();
        assertThat(db.queryLong("select count(*) from pr_profile where partner_id = 21148")).isOne();
    }

    @MatrixTest
    void notNullChildrenThatMustLeave_showFieldAndAllowDeleteFlags_thatUnblockThePlan(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        eachShownOptionUnblocks(db, new String[] {"plan", "Event", "--survivor", "10", "--duplicate", "11",
                "--field", "tasks=takeA"}, List.of(
                        List.of("--field", "tasks=union"),
                        List.of("--allow-delete", "Task.event")));
    }

    @MatrixTest
    void selfReference_showsSelfReferencesFlags_thatUnblockThePlan(TestDatabase db) {
        assertThat(cli(db, "", "seed").exit()).isZero();

        // Mia (21149) is the child of 30001: merged into her, her parent would be herself
        eachShownOptionUnblocks(db, new String[] {"plan", "Partner", "--survivor", "21149", "--duplicate", "30001"},
                List.of(
                        List.of("--self-references", "UNASSIGN"),
                        List.of("--self-references", "ALLOW_LOOP")));
    }
}
