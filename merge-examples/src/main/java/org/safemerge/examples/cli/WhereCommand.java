package org.safemerge.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import org.safemerge.hibernate.journal.JournalMerge;
import org.safemerge.hibernate.journal.MergeHistory;
import org.safemerge.hibernate.journal.RecordFate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Where a record went: the chain of standing merges from the journal. */
@Command(name = "where", description = "Where did a record go? Follows the journal's standing merges (committed, "
        + "not undone): X merged into Y merged into Z, and names the record that holds its data now. Reads only.",
        footer = {"  safemerge where Partner:30001", "  safemerge where Event:11 --json"})
final class WhereCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Parameters(paramLabel = "ENTITY:ID", description = "The record, e.g. Partner:30001.")
    String record;

    @Option(names = "--json", description = "Print the chain as JSON: entity, recordId, mergedAway, currentId, "
            + "cycle, chain (the merges, as in history --json).")
    boolean json;

    @Override
    public Integer call() {
        RecordRef ref = RecordRef.parse(record);
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            ref.checkedAgainst(factory);
            RecordFate fate = MergeHistory.of(factory, ExampleJournal.journal()).whereIs(ref.entity(), ref.id());
            if (!json) {
                cli.out.print(fate.toText());
                return ExitCode.OK;
            }
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("entity", fate.entity());
            model.put("recordId", fate.recordId());
            model.put("mergedAway", fate.mergedAway());
            model.put("currentId", fate.currentId());
            model.put("cycle", fate.cycle());
            model.put("chain", fate.chain().stream().map(WhereCommand::hop).toList());
            cli.out.println(ReportPrinter.json(model));
            return ExitCode.OK;
        }
    }

    private static Map<String, Object> hop(JournalMerge merge) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mergeId", merge.mergeId());
        m.put("from", merge.duplicateIds());
        m.put("into", merge.survivorId());
        m.put("principal", merge.principal());
        m.put("at", merge.startedAt() == null ? null : merge.startedAt().toString());
        return m;
    }
}
