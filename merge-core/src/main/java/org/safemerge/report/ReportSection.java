package org.safemerge.report;

import java.util.List;

/**
 * The steps and hazards of one association (by reference key), attribute (by name) or the duplicates themselves
 * (by entity name): part of {@link MergeReport#sections()}, ready for JSON. Immutable and thread-safe.
 *
 * @param subject the reference key or attribute name
 * @param totalRows rows the steps expect to change
 * @param steps the steps, in execution order
 * @param hazards the hazards
 */
public record ReportSection(String subject, long totalRows, List<ReportEntry> steps, List<Hazard> hazards) {
    public ReportSection {
        steps = List.copyOf(steps);
        hazards = List.copyOf(hazards);
    }
}
