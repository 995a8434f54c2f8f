package org.safemerge.report;

import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link StepVisitor} for code that treats every kind of one family alike: each kind of {@link RowStep} goes to
 * {@link #rowStep}, each kind of {@link RecordStep} to {@link #recordStep}; {@link SetAttribute} and
 * {@link ResolveConflict} keep their own methods. Still checked by the compiler: a new step kind has no method here
 * until it is routed to its family, and until then no implementation of this interface compiles.
 *
 * <p>{@link #of} makes one from a function per family, e.g. the steps as a report shows them:
 * {@code StepFamilyVisitor.of(SetAttribute::redacted, conflict -> conflict, row -> row, record -> record)}.
 *
 * @param <R> what the visitor returns
 */
public interface StepFamilyVisitor<R> extends StepVisitor<R> {

    /** Any row step: the rows of one reference pointing at one record. */
    R rowStep(RowStep step);

    /** Any record step: one merged record itself. */
    R recordStep(RecordStep step);

    /**
     * A visitor from one function per family. Each function takes its own family's type, so they cannot be given
     * in the wrong order.
     *
     * @param setAttribute for {@link SetAttribute}
     * @param resolveConflict for {@link ResolveConflict}
     * @param rowStep for every {@link RowStep}
     * @param recordStep for every {@link RecordStep}
     * @param <R> what the visitor returns
     * @return the visitor
     */
    static <R> StepFamilyVisitor<R> of(Function<? super SetAttribute, ? extends R> setAttribute,
            Function<? super ResolveConflict, ? extends R> resolveConflict,
            Function<? super RowStep, ? extends R> rowStep, Function<? super RecordStep, ? extends R> recordStep) {
        Objects.requireNonNull(setAttribute, "setAttribute");
        Objects.requireNonNull(resolveConflict, "resolveConflict");
        Objects.requireNonNull(rowStep, "rowStep");
        Objects.requireNonNull(recordStep, "recordStep");
        return new StepFamilyVisitor<>() {
            @Override
            public R setAttribute(SetAttribute step) {
                return setAttribute.apply(step);
            }

            @Override
            public R resolveConflict(ResolveConflict step) {
                return resolveConflict.apply(step);
            }

            @Override
            public R rowStep(RowStep step) {
                return rowStep.apply(step);
            }

            @Override
            public R recordStep(RecordStep step) {
                return recordStep.apply(step);
            }
        };
    }

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
    default R changeRows(ChangeRows step) {
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
