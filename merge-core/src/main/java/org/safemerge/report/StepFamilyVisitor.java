package org.safemerge.report;

/**
 * A {@link StepVisitor} for code that treats every kind of one family alike: each kind of {@link RowStep} goes to
 * {@link #rowStep}, each kind of {@link RecordStep} to {@link #recordStep}; {@link SetAttribute} and
 * {@link ResolveConflict} keep their own methods. Still checked by the compiler: a new step kind has no method here
 * until it is routed to its family, and until then no implementation of this interface compiles.
 *
 * @param <R> what the visitor returns
 */
public interface StepFamilyVisitor<R> extends StepVisitor<R> {

    /** Any row step: the rows of one reference pointing at one record. */
    R rowStep(RowStep step);

    /** Any record step: one merged record itself. */
    R recordStep(RecordStep step);

    @Override
    default R repointReferences(RepointReferences step) {
        return rowStep(step);
    }

    @Override
    default R unassignReferences(UnassignReferences step) {
        return rowStep(step);
    }

    @Override
    default R deleteReferencingRows(DeleteReferencingRows step) {
        return rowStep(step);
    }

    @Override
    default R moveLinks(MoveLinks step) {
        return rowStep(step);
    }

    @Override
    default R removeLinks(RemoveLinks step) {
        return rowStep(step);
    }

    @Override
    default R skipDuplicateLinks(SkipDuplicateLinks step) {
        return rowStep(step);
    }

    @Override
    default R bumpVersion(BumpVersion step) {
        return recordStep(step);
    }

    @Override
    default R deleteDuplicate(DeleteDuplicate step) {
        return recordStep(step);
    }

    @Override
    default R keepDuplicate(KeepDuplicate step) {
        return recordStep(step);
    }
}
