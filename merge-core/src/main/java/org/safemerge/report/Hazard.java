package org.safemerge.report;

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
 * @param options what the caller can do about it, each a concrete builder call
 */
public record Hazard(HazardKind kind, boolean blocking, String subject, String table, long rows,
        List<Object> sampleRowIds, String message, List<String> options) {
    public Hazard {
        sampleRowIds = List.copyOf(sampleRowIds);
        options = List.copyOf(options);
    }
}
