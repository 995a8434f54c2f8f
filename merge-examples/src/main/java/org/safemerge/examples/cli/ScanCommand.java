package org.safemerge.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.hibernate.IntegrityScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Finds rows whose reference points at no row (dangling references), reference by reference. */
@Command(name = "scan", description = "Find dangling references: for every association (mapped or only in the "
        + "database catalog, with or without an FK constraint), count and sample the rows that point at no row. "
        + "Reads only. Exits 0 when nothing dangles, 6 when something does.",
        footer = {"  safemerge scan", "  safemerge scan --only Note.partner --only pr_contact --samples 20 --json"})
final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Option(names = "--only", paramLabel = "ASSOCIATION", description = "Scan only this association: a mapping "
            + "name (Note.partner), a reference key (pr_note(partner_id)) or a table (all its references). "
            + "Repeatable.")
    List<String> only = List.of();

    @Option(names = "--samples", paramLabel = "N", defaultValue = "5",
            description = "Sample rows per association (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "1000000",
            description = "Key values of the referencing table per statement (default: ${DEFAULT-VALUE}).")
    long chunkSize;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            IntegrityScan scan = IntegrityScan.of(factory).samples(samples).chunkSize(chunkSize);
            if (!only.isEmpty()) {
                scan = scan.only(only.toArray(String[]::new));
            }
            IntegrityReport report = scan.run();
            cli.out.print(json ? report.toJson() : report.toText());
            return report.clean() ? ExitCode.OK : ExitCode.DANGLING_REFERENCES;
        }
    }
}
