package org.safemerge.report;

import java.util.List;

/**
 * One change a merge makes, with its expected effect. Steps are produced by the planner in execution order;
 * executors carry them out exactly as described and report the rows they touched. Every step is an immutable
 * record, safe to share between threads.
 *
 * <p>Order: the survivor's to-ones into its own hierarchy (which may point at a duplicate), then each reference
 * by key, then the duplicates' removal, then the survivor's other attributes (so that a duplicate's unique value can
 * be taken), then the version bump.
 *
 * <p>Row steps ({@link RowStep}) name an {@link org.safemerge.graph.InboundReference} by key and select rows
 * pointing at {@code from}. For FK references they update/null/delete rows of the referencing table; for join
 * tables and element collections they move or remove link rows; targets of links are never touched.
 */
public sealed interface Step permits SetAttribute, RowStep, RecordStep, ResolveConflict {

    /**
     * Calls the visitor's method for this step's kind; see {@link StepVisitor}.
     *
     * @param visitor the visitor
     * @param <R> what the visitor returns
     * @return what the visitor returned
     */
    <R> R accept(StepVisitor<R> visitor);

    /** A stable name of the step kind, e.g. {@code REPOINT_REFERENCES}. */
    String kind();

    /** The association (reference key) or attribute this step is about, for grouping. */
    String subject();

    /** How many rows the step is expected to change. */
    long expectedRows();

    /** The ids of (some of) the rows, bounded by the plan's sample limit, ascending. */
    List<Object> sampleRowIds();
}
