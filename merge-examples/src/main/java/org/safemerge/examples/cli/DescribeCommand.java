package org.safemerge.examples.cli;

import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.hibernate.HibernateMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Shows who points at an entity, through what, and the hazards. */
@Command(name = "describe", description = "Show every association that points at an entity, with its hazards.",
        footer = "  safemerge describe Partner")
final class DescribeCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @Parameters(paramLabel = "ENTITY", description = "Entity name, e.g. Event, Partner, Person.")
    String entity;

    @Override
    public Integer call() {
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            var graph = HibernateMerge.of(factory).graph();
            if (graph.entity(entity).isEmpty()) {
                throw new MergeException(MergeErrorCode.UNKNOWN_ENTITY, "'" + entity + "' is not an entity; known: "
                        + graph.entities().stream().map(e -> e.name()).toList());
            }
            cli.out.print(graph.describe(entity));
        }
        return ExitCode.OK;
    }
}
