package org.safemerge.examples.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hibernate.SessionFactory;
import org.safemerge.examples.ExampleDatabase;
import org.safemerge.examples.ExampleJournal;
import org.safemerge.hibernate.journal.JournalMerge;
import org.safemerge.hibernate.journal.MergeHistory;
import org.safemerge.hibernate.journal.MergeTrail;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The merge journal: one merge's trail, the merges of a record, or the merges since a time. */
@Command(name = "history", description = "Read the merge journal: the whole trail of one merge (every change, the "
        + "rows it deleted), the merges a record took part in (as survivor or duplicate), or the merges since a "
        + "time; newest first. Reads only. Exits 2 when --merge names no journalled merge.",
        footer = {"  safemerge history --record Partner:30001",
            "  safemerge history --merge 0b6c2f9e-... --json",
            "  safemerge history --since 2026-12-01 --limit 20",
            "  safemerge history --since 2026-12-01T08:00:00Z --until 2026-12-01T12:00:00Z"})
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    SafeMergeCli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--merge", paramLabel = "MERGE_ID", description = "The trail of this merge.")
        String merge;

        @Option(names = "--record", paramLabel = "ENTITY:ID",
                description = "The merges of this record (e.g. Partner:30001).")
        String record;

        @Option(names = "--since", paramLabel = "TIME", description = "The merges that started at or after TIME "
                + "(ISO-8601: 2026-12-01T08:00:00Z, or a date: 2026-12-01, UTC).")
        String since;
    }

    @Option(names = "--until", paramLabel = "TIME", description = "With --since: only merges that started before TIME.")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + MergeHistory.DEFAULT_LIMIT,
            description = "At most N merges (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
            description = "Skip the first N merges (the next page: --offset N+limit).")
    int offset;

    @Option(names = "--json", description = "Print JSON: a trail for --merge (the fields of MergeTrail.toJson()), "
            + "else {\"merges\": [...]}.")
    boolean json;

    @Override
    public Integer call() {
        if (until != null && which.since == null) {
            throw new SafeMergeCli.BadInput("--until needs --since");
        }
        if (limit < 1 || offset < 0) {
            throw new SafeMergeCli.BadInput(limit < 1 ? "--limit must be at least 1, was " + limit
                    : "--offset must not be negative, was " + offset);
        }
        RecordRef ref = which.record == null ? null : RecordRef.parse(which.record);
        Instant from = which.since == null ? null : time("--since", which.since);
        Instant to = until == null ? null : time("--until", until);
        try (SessionFactory factory = cli.open(ExampleDatabase.Schema.VALIDATE)) {
            MergeHistory history = MergeHistory.of(factory, ExampleJournal.journal()).limit(limit).offset(offset);
            if (which.merge != null) {
                Optional<MergeTrail> trail = history.trail(which.merge);
                if (trail.isEmpty()) {
                    throw new SafeMergeCli.BadInput("the journal has no merge " + which.merge
                            + " (see: safemerge history --since DATE, or --record ENTITY:ID)");
                }
                cli.out.print(json ? ReportPrinter.pretty(trail.get().toJson()) : trail.get().toText());
                return ExitCode.OK;
            }
            List<JournalMerge> merges;
            if (ref != null) {
                ref.checkedAgainst(factory);
                merges = history.merges(ref.entity(), ref.id());
            } else {
                if (to != null && !from.isBefore(to)) {
                    throw new SafeMergeCli.BadInput("--since " + which.since + " must be before --until " + until);
                }
                merges = history.merges(from, to);
            }
            if (json) {
                cli.out.print(ReportPrinter.pretty(MergeHistory.toJson(merges)));
            } else if (merges.isEmpty()) {
                cli.out.println("No merges in the journal" + (ref != null ? " for " + ref : " since " + from) + ".");
            } else {
                merges.forEach(m -> cli.out.println(m.toText()));
                if (merges.size() == limit) {
                    cli.out.println("(first " + limit + " shown; next page: --offset " + (offset + limit) + ")");
                }
            }
            return ExitCode.OK;
        }
    }

    private static Instant time(String option, String text) {
        try {
            return text.contains("T") ? Instant.parse(text)
                    : LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new SafeMergeCli.BadInput(option + " " + text + " is no time: write 2026-12-01T08:00:00Z or "
                    + "2026-12-01 (UTC)");
        }
    }
}
