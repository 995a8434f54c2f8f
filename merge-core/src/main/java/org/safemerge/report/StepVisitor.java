package org.safemerge.report;

/**
 * One method per step kind, so that code handling steps is checked by the compiler: a new kind of {@link Step} adds
 * a method here, and every visitor that does not handle it stops compiling. Row steps alone can be visited with
 * {@link RowStepVisitor}.
 *
 * @param <R> what the visitor returns
 */
public interface StepVisitor<R> extends RowStepVisitor<R> {

    R setAttribute(SetAttribute step);

    R resolveConflict(ResolveConflict step);

    R bumpVersion(BumpVersion step);

    R deleteDuplicate(DeleteDuplicate step);

    R keepDuplicate(KeepDuplicate step);
}
