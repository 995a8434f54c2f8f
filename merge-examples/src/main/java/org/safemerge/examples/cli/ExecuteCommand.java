package org.safemerge.examples.cli;

import org.hibernate.SessionFactory;
import org.safemerge.audit.Slf4jAuditListener;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.MergeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows the dry run, asks for confirmation, then executes exactly what was shown (or fails as stale). */
@Command(name = "execute", description = "Show the dry run, ask for confirmation (skip with --yes), then execute "
        + "it; refuses if the data changed in between. Every change is logged to org.safemerge.audit.")
final class ExecuteCommand extends PlanCommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            MergeReport preview = factory.fromTransaction(s -> plan(HibernateMerge.of(s)).dryRun());
            if (!options.json) {
                cli.out.print(preview.toText());
            }
            if (preview.blocked()) {
                if (options.json) {
                    ReportPrinter.print(preview, true, cli.out);
                }
                cli.err.println("safemerge: the plan is blocked; nothing was changed (see the options above)");
                return ExitCode.BLOCKED;
            }
            if (!yes && !cli.confirm("Execute this merge?")) {
                cli.err.println("safemerge: not confirmed; nothing was changed");
                return ExitCode.NOT_CONFIRMED;
            }
            MergeReport done = factory.fromTransaction(s -> options.apply(HibernateMerge.of(s).plan(entity)
                    .survivor(survivor).duplicates(duplicates).audit(new Slf4jAuditListener())).build()
                    .execute(preview));
            if (options.json) {
                ReportPrinter.print(done, true, cli.out);
            } else {
                cli.out.println("Merged " + entity + " " + duplicates + " into " + survivor + ": "
                        + done.actualRows().stream().mapToLong(Long::longValue).sum() + " rows changed (merge "
                        + done.mergeId() + ").");
            }
            return ExitCode.OK;
        }
    }
}
