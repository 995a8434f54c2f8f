package org.safemerge.examples.cli;

import org.hibernate.SessionFactory;
import org.safemerge.audit.Slf4jAuditListener;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.MergeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows the dry run, asks for confirmation, then executes exactly what was shown (or fails as stale). */
@Command(name = "execute", description = "Show the dry run, ask for confirmation (skip with --yes), then execute "
        + "it; refuses if the data changed in between. Every change is logged to org.safemerge.audit.",
        footer = {"  safemerge execute Event --survivor 10 --duplicate 11 --field tags=takeB",
            "  safemerge execute Partner --survivor 21148 --duplicate 30001 \\",
            "      --on-conflict PartnerProfile.partner=KEEP_A --yes --json"})
final class ExecuteCommand extends PlanCommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            MergeReport preview = factory.fromTransaction(s -> plan(HibernateMerge.of(s)).dryRun());
            if (!json || preview.blocked()) {
                ReportPrinter.print(preview, json, cli.out);
            }
            if (preview.blocked()) {
                cli.err.println(BLOCKED_HINT);
                return ExitCode.BLOCKED;
            }
            if (!yes && !cli.confirm("Execute this merge?")) {
                cli.err.println("safemerge: not confirmed; nothing was changed");
                return ExitCode.NOT_CONFIRMED;
            }
            MergeReport done = factory.fromTransaction(s -> options.apply(HibernateMerge.of(s)
                    .withJournal(ExampleJournal.journal()).plan(entity)
                    .survivor(survivor).duplicates(duplicates).audit(new Slf4jAuditListener())).build()
                    .execute(preview));
            if (json) {
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
