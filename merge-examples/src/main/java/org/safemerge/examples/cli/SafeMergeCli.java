package org.safemerge.examples.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.MergeException;
import org.safemerge.examples.ExampleDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The admin command line: find duplicate candidates, dry-run and execute merges against the example schema on H2,
 * PostgreSQL or MariaDB. Exit codes: see {@link ExitCode}. Every command takes {@code -h}/{@code --help} (and
 * {@code safemerge help COMMAND}), inherited with the database options from here.
 */
@Command(name = "safemerge", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, usageHelpWidth = 100,
        version = "SafeMerge example CLI 0.1.0-SNAPSHOT",
        description = "Finds and merges duplicate records of the SafeMerge example schema without losing data.",
        subcommands = {SeedCommand.class, DescribeCommand.class, CandidatesCommand.class, PlanCommand.class,
                ExecuteCommand.class, MergeAllCommand.class, ScanCommand.class, HistoryCommand.class,
                WhereCommand.class, UndoCommand.class, JournalDdlCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  safemerge seed",
            "      create (or re-create) and fill the example schema in ./safemerge-example.mv.db",
            "  safemerge candidates Partner",
            "      list partners with the same name",
            "  safemerge plan Event --survivor 10 --duplicate 11 --field tags=takeB",
            "      dry run: what would change, row by row",
            "  safemerge execute Partner --survivor 21148 --duplicate 30001 \\",
            "      --on-conflict PartnerProfile.partner=KEEP_A --yes --json",
            "  safemerge merge-all Partner --on-conflict PartnerProfile.partner=KEEP_A --yes",
            "      merge every candidate group, with progress",
            "  safemerge scan --json",
            "      find rows that point at no row (dangling references), with samples",
            "  safemerge --jdbc-url jdbc:postgresql://127.0.0.1:5432/test --user postgres describe Partner",
            "  safemerge where Partner:30001",
            "      where did the record go: the chain of merges in the journal",
            "  safemerge history --record Partner:21148      (or --merge ID, --since 2026-12-01; --json)",
            "  safemerge undo MERGE_ID                       dry run; --yes to undo it",
            "",
            "Exit codes: 0 done, 2 bad input, 3 plan blocked, 4 database error, 5 not confirmed,",
            "6 dangling references found (scan), 7 undo refused: rows changed since the merge,",
            "8 merge cannot be undone, 1 internal error."})
public final class SafeMergeCli implements Callable<Integer> {
    @Option(names = "--jdbc-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "jdbc:h2:file:./safemerge-example",
            description = "JDBC URL of the database (default: ${DEFAULT-VALUE}).")
    String jdbcUrl;

    @Option(names = {"-u", "--user"}, scope = ScopeType.INHERIT, paramLabel = "USER", defaultValue = "sa",
            description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = {"-p", "--password"}, scope = ScopeType.INHERIT, paramLabel = "PASSWORD", defaultValue = "",
            description = "Database password (default: empty).")
    String password;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    PrintStream out;
    PrintStream err;
    BufferedReader in;

    /** No command given: a bad command line, reported like the others (with the commands to choose from). */
    @Override
    public Integer call() {
        err.println("safemerge: error: no command given");
        err.println("  commands: " + String.join(", ", spec.subcommands().keySet()) + "  (see: safemerge --help)");
        return ExitCode.BAD_INPUT;
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        // Errors reach the user as one line from the CLI; Hibernate's own log would repeat them with stack traces.
        System.setProperty("org.slf4j.simpleLogger.log.org.hibernate", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.safemerge.audit", "info");
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        SafeMergeCli cli = new SafeMergeCli();
        cli.out = stdout;
        cli.err = stderr;
        cli.in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setExitCodeExceptionMapper(cli::exitCode);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            cli.report(e);
            return cli.exitCode(e);
        });
        commandLine.setParameterExceptionHandler(new UsageErrors(stderr));
        return commandLine.execute(args);
    }

    /** Asks a yes/no question on the terminal; anything but y/yes (or no input at all) is a no. */
    boolean confirm(String question) {
        out.print(question + " [y/N] ");
        out.flush();
        try {
            String answer = in.readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Opens the database with the example mapping; a failure is a one-line database error. */
    SessionFactory open(ExampleDatabase.Schema schema) {
        try {
            return ExampleDatabase.open(jdbcUrl, user, password, schema);
        } catch (RuntimeException e) {
            boolean noSchema = e instanceof org.hibernate.tool.schema.spi.SchemaManagementException;
            throw new DatabaseUnavailable("cannot use the database at " + jdbcUrl + ": " + rootMessage(e)
                    + (noSchema ? " (run 'safemerge seed' to create the example schema)" : ""), e);
        }
    }

    private int exitCode(Throwable e) {
        if (e instanceof MergeException merge) {
            return ExitCode.of(merge.code());
        }
        if (e instanceof DatabaseUnavailable || e instanceof org.hibernate.JDBCException
                || e instanceof jakarta.persistence.PersistenceException) {
            return ExitCode.DATABASE_ERROR;
        }
        if (e instanceof BadInput || e instanceof CommandLine.ParameterException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INTERNAL_ERROR;
    }

    private void report(Exception e) {
        String message = e instanceof MergeException || e instanceof DatabaseUnavailable || e instanceof BadInput
                ? e.getMessage() : rootMessage(e);
        err.println("safemerge: error: " + message.lines().findFirst().orElse(message));
        message.lines().skip(1).forEach(line -> err.println("  " + line.strip()));
        if (verbose) {
            e.printStackTrace(err);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** The database could not be used at all. */
    static final class DatabaseUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Input the CLI itself rejects (before SafeMerge sees it). */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }
}
