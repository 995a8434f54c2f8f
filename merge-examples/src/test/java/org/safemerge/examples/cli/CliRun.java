package org.safemerge.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.safemerge.hibernate.testing.TestDatabase;

/** One CLI run's result: arguments and standard input in, exit code and both outputs out. */
record CliRun(int exit, String out, String err) {

    static CliRun cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SafeMergeCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A run against the test database (its connection options first). */
    static CliRun cli(TestDatabase db, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--jdbc-url", db.jdbcUrl(), "--user", db.user(), "--password",
                db.password()));
        all.addAll(List.of(args));
        return cli(stdin, all.toArray(String[]::new));
    }
}
