package org.safemerge.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.MergePlan;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.MergeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Dry run of one merge: every step and hazard, nothing written. */
@Command(name = "plan", description = "Dry-run one merge: show every step and hazard; nothing is written. "
        + "Exits 3 when the plan is blocked; each hazard then lists the options that unblock it, as flags.",
        footer = {"  safemerge plan Event --survivor 10 --duplicate 11 --field tags=takeB",
            "  safemerge plan Partner --survivor 21148 --duplicate 30001",
            "      blocked: shows --on-conflict PartnerProfile.partner=KEEP_A (or KEEP_B) as its options"})
class PlanCommand implements Callable<Integer> {
    static final String BLOCKED_HINT = "safemerge: the plan is blocked; nothing was changed (each hazard above lists "
            + "the flags that unblock it)";

    @ParentCommand
    SafeMergeCli cli;

    @Parameters(paramLabel = "ENTITY", description = "Entity name, e.g. Event, Partner, Person.")
    String entity;

    @Option(names = "--survivor", required = true, paramLabel = "ID", description = "The record that stays.")
    Long survivor;

    @Option(names = "--duplicate", required = true, paramLabel = "ID",
            description = "A record merged into the survivor and removed. Repeatable.")
    List<Long> duplicates;

    @Mixin
    MergeOptions options;

    @Option(names = "--json", description = "Print the report as JSON (with each blocking hazard's options as flags).")
    boolean json;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            MergeReport report = factory.fromTransaction(s -> plan(HibernateMerge.of(s)).dryRun());
            ReportPrinter.print(report, json, cli.out);
            if (report.blocked()) {
                cli.err.println(BLOCKED_HINT);
                return ExitCode.BLOCKED;
            }
            return ExitCode.OK;
        }
    }

    MergePlan<Object> plan(HibernateMerge merge) {
        return options.apply(merge.plan(entity).survivor(survivor).duplicates(duplicates)).build();
    }
}
