package org.safemerge.hibernate.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.hibernate.testing.Database;

/**
 * The suite's figures: scenarios tried and held per category and database, the ones that deviated only through a
 * {@link Known} bug, the ones that failed, and rows lost. Shared by every reliability test in the JVM; each test
 * rewrites {@code target/reliability-summary.md} (and prints it) when it ends, so the file always holds every
 * figure so far.
 */
public final class Tally {
    /** The outcome of one scenario. */
    public enum Outcome { HELD, KNOWN, FAILED }

    private static final class Counts {
        long tried;
        long held;
        long failed;
        long rowsLost;
        final Map<Known, Long> known = new EnumMap<>(Known.class);
    }

    private static final Map<String, Map<Database, Counts>> COUNTS = new TreeMap<>();
    private static final List<String> DEVIATIONS = new ArrayList<>();

    private Tally() {
    }

    /** Counts one scenario; {@code known} names the bug when {@code outcome} is KNOWN. */
    public static synchronized void record(String category, Database database, Outcome outcome, Known known,
            long rowsLost, String detail) {
        Counts counts = COUNTS.computeIfAbsent(category, c -> new EnumMap<>(Database.class))
                .computeIfAbsent(database, d -> new Counts());
        counts.tried++;
        counts.rowsLost += rowsLost;
        switch (outcome) {
            case HELD -> counts.held++;
            case KNOWN -> counts.known.merge(known, 1L, Long::sum);
            case FAILED -> counts.failed++;
        }
        long deviations = counts.tried - counts.held;
        if (outcome != Outcome.HELD && (deviations <= 3 || outcome == Outcome.FAILED) && DEVIATIONS.size() < 300) {
            String line = "[" + database.displayName() + "] " + category + ": " + outcome
                    + (known == null ? "" : " (" + known.name() + ")") + " " + detail;
            DEVIATIONS.add(line.length() > 600 ? line.substring(0, 600) + " ..." : line);
        }
    }

    /** The figures as a Markdown table, then the first deviations of each category and database. */
    public static synchronized String markdown() {
        return table() + (DEVIATIONS.isEmpty() ? "" : "\nDeviations (the first 3 per category and database, and "
                + "every failure):\n\n" + String.join("\n", DEVIATIONS.stream().map(d -> "- " + d).toList()) + "\n");
    }

    /** The figures as a Markdown table. */
    public static synchronized String table() {
        StringBuilder out = new StringBuilder("# SafeMerge reliability suite\n\n")
                .append("| category | database | tried | held | known bug (not yet fixed) | failed | rows lost |\n")
                .append("|---|---|---:|---:|---|---:|---:|\n");
        COUNTS.forEach((category, byDatabase) -> byDatabase.forEach((database, c) -> out.append("| ")
                .append(category).append(" | ").append(database.displayName()).append(" | ").append(c.tried)
                .append(" | ").append(c.held).append(" | ").append(known(c.known)).append(" | ").append(c.failed)
                .append(" | ").append(c.rowsLost).append(" |\n")));
        return out.toString();
    }

    /** Writes the summary to {@code target/reliability-summary.md} of the module (and prints the table). */
    public static synchronized void write() {
        String text = markdown();
        Path target = Path.of(System.getProperty("basedir", "."), "target");
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve("reliability-summary.md"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(table());
    }

    /** Rows lost over every category and database so far. */
    public static synchronized long rowsLost() {
        return COUNTS.values().stream().flatMap(m -> m.values().stream()).mapToLong(c -> c.rowsLost).sum();
    }

    private static String known(Map<Known, Long> known) {
        if (known.isEmpty()) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        known.forEach((k, n) -> parts.add(n + " " + k.name()));
        Collections.sort(parts);
        return String.join(", ", parts);
    }
}
