package org.safemerge.report;

/** What produced a report. Immutable (an enum). */
public enum ReportMode {
    /** {@code dryRun()}: planned from the current data, nothing written. */
    DRY_RUN,
    /** {@code rehearse()}: executed and rolled back; actual row counts are real. */
    REHEARSAL,
    /** {@code execute()}: executed; actual row counts are what was changed. */
    EXECUTED
}
