package org.safemerge.hibernate.internal.exec;

import org.safemerge.report.ChangeRows;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowStep;
import org.safemerge.report.RowStepVisitor;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.UnassignReferences;

/** The record a row step sends its rows to, or compares them with; one answer per kind, checked by the compiler. */
final class RowTargets implements RowStepVisitor<Object> {
    private static final RowTargets MOVES = new RowTargets(false);
    private static final RowTargets COMPARES = new RowTargets(true);

    /** Whether skipping identical links counts its survivor (the rows are compared with it, not moved to it). */
    private final boolean compared;

    private RowTargets(boolean compared) {
        this.compared = compared;
    }

    /** Where a step moves its rows: the survivor for re-pointed references and moved links, else null. */
    static Object target(RowStep step) {
        return step.accept(MOVES);
    }

    /** The survivor a step's rows go to or are compared with; null for steps that only unassign or remove. */
    static Object survivor(RowStep step) {
        return step.accept(COMPARES);
    }

    @Override
    public Object repointReferences(RepointReferences step) {
        return step.to();
    }

    @Override
    public Object moveLinks(MoveLinks step) {
        return step.to();
    }

    @Override
    public Object skipDuplicateLinks(SkipDuplicateLinks step) {
        return compared ? step.to() : null;
    }

    @Override
    public Object unassignReferences(UnassignReferences step) {
        return null;
    }

    @Override
    public Object removeLinks(RemoveLinks step) {
        return null;
    }

    @Override
    public Object deleteReferencingRows(DeleteReferencingRows step) {
        return null;
    }

    @Override
    public Object changeRows(ChangeRows step) {
        return null;
    }
}
