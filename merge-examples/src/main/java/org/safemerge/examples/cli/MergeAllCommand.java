package org.safemerge.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;
import org.safemerge.MergeException;
import org.safemerge.audit.Slf4jAuditListener;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.MergeReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Merges every candidate group, one transaction per group, showing progress; blocked groups are skipped. */
@Command(name = "merge-all", description = "Merge every candidate group (see 'candidates'), one transaction per "
        + "group, with progress. Blocked groups are skipped and reported; exits 3 if any was blocked.",
        footer = "  safemerge merge-all Partner --on-conflict PartnerProfile.partner=KEEP_A --yes")
final class MergeAllCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Mixin
    CandidateSelection selection;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    MergeOptions options;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            List<CandidatesCommand.Group> groups = CandidatesCommand.find(factory, selection.entity, selection.by);
            if (groups.isEmpty()) {
                cli.out.println("No duplicate candidates among " + selection.entity + " records.");
                return ExitCode.OK;
            }
            if (!yes && !cli.confirm("Merge " + groups.size() + " group(s) of " + selection.entity + "?")) {
                cli.err.println("safemerge: not confirmed; nothing was changed");
                return ExitCode.NOT_CONFIRMED;
            }
            int done = 0;
            int blocked = 0;
            long rows = 0;
            for (CandidatesCommand.Group group : groups) {
                String progress = String.format("[%d/%d %3d%%]", done + blocked + 1, groups.size(),
                        100 * (done + blocked + 1) / groups.size());
                try {
                    MergeReport report = factory.fromTransaction(s -> options.apply(HibernateMerge.of(s)
                            .withJournal(ExampleJournal.journal())
                            .plan(selection.entity).survivor(group.survivor()).duplicates(group.duplicates())
                            .audit(new Slf4jAuditListener())).build().execute());
                    long changed = report.actualRows().stream().mapToLong(Long::longValue).sum();
                    rows += changed;
                    done++;
                    cli.out.printf("%s merged %s %s into %d (%d rows)%n", progress, selection.entity,
                            group.duplicates(), group.survivor(), changed);
                } catch (MergeException e) {
                    if (ExitCode.of(e.code()) != ExitCode.BLOCKED) {
                        throw e;
                    }
                    blocked++;
                    cli.out.printf("%s BLOCKED %s %s into %d: %s%n      to see the options: safemerge plan %s "
                            + "--survivor %d%s (and the same flags)%n", progress, selection.entity,
                            group.duplicates(), group.survivor(),
                            e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage()).strip(),
                            selection.entity, group.survivor(), group.duplicates().stream()
                                    .map(id -> " --duplicate " + id).collect(Collectors.joining()));
                }
            }
            cli.out.printf("Done: %d merged, %d blocked, %d rows changed.%n", done, blocked, rows);
            return blocked > 0 ? ExitCode.BLOCKED : ExitCode.OK;
        }
    }
}
