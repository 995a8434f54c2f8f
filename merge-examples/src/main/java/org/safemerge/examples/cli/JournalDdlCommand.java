package org.safemerge.examples.cli;

import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Prints the journal's DDL for the database the CLI is pointed at. */
@Command(name = "journal-ddl", description = "Print the CREATE statements of the merge journal's tables for the "
        + "configured database (H2, PostgreSQL, MariaDB; others get a portable form), to review and run by hand or "
        + "in a migration. Writes nothing.",
        footer = {"  safemerge journal-ddl",
            "  safemerge --jdbc-url jdbc:postgresql://127.0.0.1:5432/test --user postgres journal-ddl > journal.sql"})
final class JournalDdlCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.NONE)) {
            String ddl = ExampleJournal.journal().ddl(factory);
            cli.out.print(ddl.endsWith("\n") ? ddl : ddl + "\n");
            return ExitCode.OK;
        }
    }
}
