package org.safemerge.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.examples.cli.CliRun.cli;
import static org.safemerge.examples.cli.SafeMergeCliTest.assertOneLineError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Finding one's way: help for every command, and "did you mean" for a mistyped command or option. */
class CliUsageTest {
    /** Every command the CLI has, by name (help included). */
    private static Map<String, CommandLine> commands() {
        return new CommandLine(new SafeMergeCli()).getSubcommands();
    }

    /** What a command's usage must show: its options' names and its parameters' labels. */
    private static List<String> everyOptionOf(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            names.addAll(List.of(option.names()));
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            names.add(parameter.paramLabel());
        }
        return names;
    }

    @Test
    void everyCommand_hasHelp_withEveryOption_byDashDashHelp_dashH_andTheHelpCommand() {
        assertThat(commands()).containsKeys("seed", "describe", "candidates", "plan", "execute", "merge-all",
                "scan", "help");
        commands().forEach((name, command) -> {
            List<String> options = everyOptionOf(command.getCommandSpec());
            for (String[] args : List.of(new String[] {name, "--help"}, new String[] {name, "-h"},
                    new String[] {"help", name})) {
                CliRun run = cli("", args);

                assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
                assertThat(run.err()).as(String.join(" ", args)).isEmpty();
                assertThat(run.out()).as(String.join(" ", args)).contains("Usage: safemerge " + name)
                        .contains(options);
            }
        });
    }

    @Test
    void planHelp_listsTheMergeAndDatabaseOptions_althoughSurvivorAndDuplicateAreRequired() {
        CliRun run = cli("", "plan", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("ENTITY", "--survivor=ID", "--duplicate=ID", "--field=ATTR=STRATEGY",
                "--allow-delete=ASSOCIATION", "--unassign=ASSOCIATION", "--on-conflict=ASSOCIATION=POLICY",
                "--self-references=POLICY", "--json", "--jdbc-url=URL", "--user=USER", "--password=PASSWORD",
                "--verbose", "--help", "--version", "Examples:", "safemerge plan Event --survivor 10");
    }

    @Test
    void seedHelp_isUsage_notAnUnknownOption() {
        CliRun run = cli("", "seed", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: safemerge seed").contains("--jdbc-url=URL");
    }

    @Test
    void mistypedCommand_isOneLine_withTheClosestCommand() {
        CliRun run = cli("", "paln", "Event", "--survivor", "10");

        assertOneLineError(run, ExitCode.BAD_INPUT, "unknown command 'paln'");
        assertThat(run.err().lines().toList().get(1)).contains("did you mean: plan?");
        assertThat(cli("", "merge-al", "Partner").err()).contains("did you mean: merge-all?");
        assertThat(cli("", "help", "exectue").err()).contains("unknown command 'exectue'", "did you mean: execute?");
        assertThat(cli("", "frobnicate").err()).contains("unknown command 'frobnicate'")
                .doesNotContain("did you mean").contains("see: safemerge --help");
    }

    @Test
    void mistypedOption_isNamed_beforeTheRequiredOptionItMisses() {
        CliRun run = cli("", "plan", "Event", "--survivr", "10", "--duplicate", "11");

        assertOneLineError(run, ExitCode.BAD_INPUT, "unknown option '--survivr' for 'safemerge plan'");
        assertThat(run.err().lines().toList().get(1)).contains("did you mean: --survivor?");
        assertThat(cli("", "plan", "Event", "--survivor", "10", "--duplicate", "11", "--feild", "tags=takeB").err())
                .contains("unknown option '--feild'", "did you mean: --field?");
        assertThat(cli("", "plan", "Event", "--survivor", "10", "--dup", "11").err())
                .contains("did you mean: --duplicate?");
        assertThat(cli("", "--jdbc-ur", "jdbc:h2:mem:x", "seed").err())
                .contains("unknown option '--jdbc-ur' for 'safemerge'", "did you mean: --jdbc-url?");
    }

    @Test
    void missingOptionsOrCommand_areOneLine_withWhereToLook() {
        assertOneLineError(cli("", "plan", "Event"), ExitCode.BAD_INPUT, "'--survivor=ID'");
        assertThat(cli("", "plan", "Event").err()).contains("see: safemerge plan --help");
        CliRun none = cli("");
        assertOneLineError(none, ExitCode.BAD_INPUT, "no command given");
        assertThat(none.err()).contains("seed, describe, candidates, plan, execute, merge-all, scan, history, "
                + "where, undo, journal-ddl, help");
    }

    @Test
    void suggestions_forgiveTyposSwapsAndUnfinishedNames_andOfferNothingFar() {
        List<String> commands = List.of("seed", "describe", "candidates", "plan", "execute", "merge-all");

        assertThat(Suggestions.closest("pln", commands)).containsExactly("plan");
        assertThat(Suggestions.closest("descirbe", commands)).containsExactly("describe");
        assertThat(Suggestions.closest("cand", commands)).containsExactly("candidates");
        assertThat(Suggestions.closest("--SURVIVOR", List.of("--survivor", "--duplicate"))).containsExactly(
                "--survivor");
        assertThat(Suggestions.closest("report", commands)).isEmpty();
    }
}
