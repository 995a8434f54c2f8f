package org.safemerge.examples.cli;

import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import org.safemerge.examples.domain.SeedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Creates (drops first) the example schema and fills it with the example data. */
@Command(name = "seed", description = "Create (or re-create) the example schema and fill it with example data; "
        + "(re-)create the merge journal's tables.",
        footer = {"  safemerge seed",
            "  safemerge --jdbc-url jdbc:postgresql://127.0.0.1:5432/test --user postgres seed"})
final class SeedCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.CREATE)) {
            factory.inTransaction(SeedData::seed);
            // a fresh example, a fresh journal: the old one's ids would name the new rows
            ExampleJournal.journal().dropSchema(factory);
            ExampleJournal.journal().createSchema(factory);
        }
        cli.out.println("Seeded the example schema (" + ExampleDatabase.TABLES.size() + " tables) at " + cli.jdbcUrl);
        return ExitCode.OK;
    }
}
