package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.MergePlan;
import org.safemerge.report.RecordStep;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.Step;
import org.safemerge.report.StepFamilyVisitor;

/**
 * What makes steps of different groups of a batch "the same step": kind, subject, which of its group's records it is
 * about, and how many such steps of its group came before it. Steps of one key are applied together.
 *
 * @param kind the step kind
 * @param subject the reference or attribute
 * @param role which of the group's records the step is about
 * @param occurrence 1 for the first step of its group with this kind, subject and role, 2 for the second, ...
 */
record StepKey(String kind, String subject, Role role, int occurrence) {

    /** Which of a group's records a step is about: the survivor, or a duplicate by its index in the group. */
    sealed interface Role permits Survivor, Duplicate {
    }

    /** The survivor. */
    record Survivor() implements Role {
    }

    /**
     * A duplicate.
     *
     * @param index its index among the group's duplicates
     */
    record Duplicate(int index) implements Role {
    }

    /** The keys of a group's steps, in step order. */
    static List<StepKey> of(MergePlan<?> plan, List<Step> steps) {
        List<StepKey> keys = new ArrayList<>(steps.size());
        Map<StepKey, Integer> occurrences = new HashMap<>();
        for (Step step : steps) {
            StepKey first = new StepKey(step.kind(), step.subject(), step.accept(new RoleOf(plan)), 1);
            int occurrence = occurrences.merge(first, 1, Integer::sum);
            keys.add(new StepKey(first.kind, first.subject, first.role, occurrence));
        }
        return keys;
    }

    /** The record a step is about: the rows' target, the record itself, or (attributes, conflicts) the survivor. */
    private record RoleOf(MergePlan<?> plan) implements StepFamilyVisitor<Role> {
        @Override
        public Role setAttribute(SetAttribute step) {
            return new Survivor();
        }

        @Override
        public Role resolveConflict(ResolveConflict step) {
            return new Survivor();
        }

        @Override
        public Role rowStep(RowStep step) {
            return of(step.from());
        }

        @Override
        public Role recordStep(RecordStep step) {
            return of(step.id());
        }

        private Role of(Object record) {
            if (record == null || record.equals(plan.survivorId())) {
                return new Survivor();
            }
            return new Duplicate(plan.duplicateIds().indexOf(record));
        }
    }
}
