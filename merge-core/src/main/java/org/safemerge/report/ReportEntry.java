package org.safemerge.report;

import java.util.List;

/**
 * One step as a flat, redacted record for JSON and UIs (part of {@link MergeReport#sections()}). Immutable and
 * thread-safe.
 *
 * @param kind the step kind ({@code REPOINT_REFERENCES}, ...)
 * @param description the step in words
 * @param expectedRows rows the plan expects to change
 * @param actualRows rows actually changed (null in a dry run)
 * @param sampleRowIds some row ids
 */
public record ReportEntry(String kind, String description, long expectedRows, Long actualRows,
        List<Object> sampleRowIds) {
    public ReportEntry {
        sampleRowIds = List.copyOf(sampleRowIds);
    }
}
