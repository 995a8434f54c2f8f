package org.safemerge.report;

/** A step that changes rows of one inbound reference; see {@link Step}. Implementations are immutable records. */
public sealed interface RowStep extends Step permits RepointReferences, UnassignReferences, DeleteReferencingRows,
        MoveLinks, RemoveLinks, SkipDuplicateLinks {

    /** The {@link org.safemerge.graph.InboundReference#key() key} of the reference. */
    String reference();

    /** The table holding the rows. */
    String table();

    /** The record the selected rows point at before the step. */
    Object from();

    /** Which of the rows pointing at {@code from}. */
    RowSelection selection();

    @Override
    default String subject() {
        return reference();
    }
}
