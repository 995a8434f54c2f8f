package org.safemerge.report;

/**
 * One method per kind of {@link RowStep}; see {@link StepVisitor}.
 *
 * @param <R> what the visitor returns
 */
public interface RowStepVisitor<R> {

    R repointReferences(RepointReferences step);

    R unassignReferences(UnassignReferences step);

    R deleteReferencingRows(DeleteReferencingRows step);

    R moveLinks(MoveLinks step);

    R removeLinks(RemoveLinks step);

    R skipDuplicateLinks(SkipDuplicateLinks step);

    R changeRows(ChangeRows step);
}
