package org.safemerge.examples.cli;

import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.audit.Slf4jAuditListener;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.UndoPlan;
import org.safemerge.hibernate.UndoReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Undoes a journalled merge: a dry run unless --yes. */
@Command(name = "undo", description = "Undo a journalled merge: re-create the duplicates with their ids and last "
        + "state, move the journalled rows back, restore removed links and deleted rows. Without --yes only a dry run "
        + "(what it would restore, and the rows that changed since the merge and refuse it). Exits 7 when rows "
        + "changed since the merge (nothing written), 8 when the merge cannot be undone at all (unknown, rolled "
        + "back, undone already, a needed value redacted).",
        footer = {"  safemerge undo 0b6c2f9e-...           dry run: what it would restore, and its conflicts",
            "  safemerge undo 0b6c2f9e-... --yes     undo it (journalled itself, audited)",
            "  safemerge undo 0b6c2f9e-... --json"})
final class UndoCommand implements Callable<Integer> {
    static final String CONFLICT_HINT = "safemerge: rows changed since the merge; nothing was changed (see the "
            + "conflicts above: undo the later merges first, newest first, or restore those rows)";

    @ParentCommand
    SafeMergeCli cli;

    @Parameters(paramLabel = "MERGE_ID", description = "The merge to undo (see: safemerge history).")
    String mergeId;

    @Option(names = {"-y", "--yes"}, description = "Execute the undo (default: dry run only).")
    boolean yes;

    @Option(names = "--json", description = "Print the undo report as JSON (undoMergeId, undoneMergeId, executed, "
            + "entity, survivorId, duplicateIds, steps, conflicts).")
    boolean json;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            UndoPlan undo = HibernateMerge.of(factory).withJournal(ExampleJournal.journal()).undo(mergeId)
                    .audit(new Slf4jAuditListener());
            UndoReport preview = undo.dryRun();
            if (!yes || !preview.possible()) {
                print(preview);
                if (!preview.possible()) {
                    cli.err.println(CONFLICT_HINT);
                    return ExitCode.UNDO_CONFLICT;
                }
                if (!json) {
                    cli.out.println("Dry run: nothing was changed. To undo: safemerge undo " + mergeId + " --yes");
                }
                return ExitCode.OK;
            }
            UndoReport done = undo.execute();
            print(done);
            if (!json) {
                cli.out.println("Undid merge " + mergeId + ": " + done.rowsChanged() + " rows changed (undo "
                        + done.undoMergeId() + ").");
            }
            return ExitCode.OK;
        }
    }

    private void print(UndoReport report) {
        cli.out.print(json ? ReportPrinter.pretty(report.toJson()) : report.toText());
    }
}
