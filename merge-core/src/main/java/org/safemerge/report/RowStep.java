package org.safemerge.report;

/** A step that changes rows of one inbound reference; see {@link Step}. Implementations are immutable records. */
public sealed interface RowStep extends Step permits RepointReferences, UnassignReferences, DeleteReferencingRows,
        MoveLinks, RemoveLinks, SkipDuplicateLinks, ChangeRows {

    /** The {@link org.safemerge.graph.InboundReference#key() key} of the reference. */
    String reference();

    /** The table holding the rows. */
    String table();

    /** The record the selected rows point at before the step. */
    Object from();

    /** Which of the rows pointing at {@code from}. */
    RowSelection selection();

    /**
     * Calls the visitor's method for this row step's kind; see {@link RowStepVisitor}.
     *
     * @param visitor the visitor
     * @param <R> what the visitor returns
     * @return what the visitor returned
     */
    <R> R accept(RowStepVisitor<R> visitor);

    @Override
    default <R> R accept(StepVisitor<R> visitor) {
        return accept((RowStepVisitor<R>) visitor);
    }

    @Override
    default String subject() {
        return reference();
    }
}
