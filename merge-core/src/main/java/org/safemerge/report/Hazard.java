package org.safemerge.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Something that blocks a plan (until the caller chooses an option) or that the caller should know. Hazards of an
 * association use its reference key as {@code subject}, like its steps, so a report groups both. Immutable and
 * thread-safe.
 *
 * @param kind what it is
 * @param blocking whether {@code execute()} refuses while it stands
 * @param subject the association (reference key) or attribute
 * @param table the table, or null
 * @param rows how many rows are affected
 * @param sampleRowIds some of their row ids
 * @param message what is wrong, in words
 * @param options what the caller can do about it, each a concrete builder call (or an instruction in words)
 * @param choices the options that are plan settings, as data (each one's {@link HazardOption#toJava()} is among
 *     {@code options}), so that a front end can offer them in its own terms; empty when none is
 */
public record Hazard(HazardKind kind, boolean blocking, String subject, String table, long rows,
        List<Object> sampleRowIds, String message, List<String> options, List<HazardOption> choices) {
    public Hazard {
        sampleRowIds = List.copyOf(sampleRowIds);
        options = List.copyOf(options);
        choices = List.copyOf(choices);
        for (HazardOption choice : choices) {
            if (!options.contains(choice.toJava())) {
                throw new IllegalArgumentException("choice " + choice + " is not among the options " + options);
            }
        }
    }

    /** A hazard whose options are given in words or builder calls only (no {@link #choices()}). */
    public Hazard(HazardKind kind, boolean blocking, String subject, String table, long rows,
            List<Object> sampleRowIds, String message, List<String> options) {
        this(kind, blocking, subject, table, rows, sampleRowIds, message, options, List.of());
    }

    /** A hazard whose options are all plan settings: {@link #options()} are their builder calls, in order. */
    public static Hazard withChoices(HazardKind kind, boolean blocking, String subject, String table, long rows,
            List<Object> sampleRowIds, String message, List<HazardOption> choices) {
        List<String> options = new ArrayList<>();
        choices.forEach(choice -> options.add(choice.toJava()));
        return new Hazard(kind, blocking, subject, table, rows, sampleRowIds, message, options, choices);
    }
}
