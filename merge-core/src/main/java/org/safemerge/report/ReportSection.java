package org.safemerge.report;

import java.util.List;

/**
 * The steps and hazards of one association or attribute.
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
