package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.safemerge.MergePlan;
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
        StepFamilyVisitor<Role> roles = roleIn(plan);
        for (Step step : steps) {
            StepKey first = new StepKey(step.kind(), step.subject(), step.accept(roles), 1);
            int occurrence = occurrences.merge(first, 1, Integer::sum);
            keys.add(new StepKey(first.kind, first.subject, first.role, occurrence));
        }
        return keys;
    }

    /**
     * Which record a step is about: the one its rows point at, the record itself, or (attributes, conflicts) the
     * survivor.
     */
    private static StepFamilyVisitor<Role> roleIn(MergePlan<?> plan) {
        Function<Object, Role> of = record -> record == null || record.equals(plan.survivorId()) ? new Survivor()
                : new Duplicate(plan.duplicateIds().indexOf(record));
        return StepFamilyVisitor.of(set -> new Survivor(), conflict -> new Survivor(), row -> of.apply(row.from()),
                record -> of.apply(record.id()));
    }
}
