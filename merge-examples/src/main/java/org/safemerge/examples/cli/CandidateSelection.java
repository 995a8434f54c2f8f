package org.safemerge.examples.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which records count as duplicate candidates: shared by candidates and merge-all. */
final class CandidateSelection {
    @Parameters(paramLabel = "ENTITY", description = "Entity name, e.g. Event, Partner, Person.")
    String entity;

    @Option(names = "--by", paramLabel = "ATTRIBUTE", description = "Attribute to compare (default: name or title).")
    String by;
}
