package org.safemerge.internal;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.graph.EntityType;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.spi.GuardContext;
import org.safemerge.spi.MergeGuard;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.MergeVerdict;

/**
 * Runs the application's merge guards on a planned merge, in the order they were added, until the first veto, which
 * becomes a blocking {@link HazardKind#VETOED} hazard of the plan. Part of planning, so a dry run shows what
 * {@code execute()} refuses, and execution checks it after the lock.
 */
final class Guards {
    /** The subject of a veto hazard: a guard is about the whole merge, not an association. */
    static final String SUBJECT = "guard";

    private Guards() {
    }

    /** {@code planned}, with the first veto of the plan's guards as a hazard. */
    static PlannedMerge check(MergePlan<?> plan, MergeStore store, PlannedMerge planned) {
        if (plan.guards().isEmpty()) {
            return planned;
        }
        Context<Object> context = new Context<>(plan, store);
        for (int i = 0; i < plan.guards().size(); i++) {
            @SuppressWarnings("unchecked")
            MergeGuard<Object> guard = (MergeGuard<Object>) plan.guards().get(i);
            MergeVerdict verdict = call(plan, guard, i, context);
            if (verdict.vetoed()) {
                return planned.withHazard(new Hazard(HazardKind.VETOED, true, SUBJECT, null, 0, List.of(),
                        verdict.message(), List.of()));
            }
        }
        return planned;
    }

    private static MergeVerdict call(MergePlan<?> plan, MergeGuard<Object> guard, int index,
            GuardContext<Object> context) {
        MergeVerdict verdict;
        try {
            verdict = guard.check(context);
        } catch (VirtualMachineError e) {
            throw e; // out of memory or stack: nothing a guard's error report could say better
        } catch (RuntimeException | Error e) {
            throw new MergeException(MergeErrorCode.GUARD_FAILED, "merge guard " + name(guard, index) + " of the "
                    + what(plan) + " threw instead of returning a verdict; the merge is rolled back, nothing was "
                    + "changed. Fix the guard (return MergeVerdict.veto(message) to refuse a merge): " + e, e);
        }
        if (verdict == null) {
            throw new MergeException(MergeErrorCode.GUARD_FAILED, "merge guard " + name(guard, index) + " of the "
                    + what(plan) + " returned null; return MergeVerdict.allow() or MergeVerdict.veto(message)");
        }
        return verdict;
    }

    /** The guard's place and class (a lambda by the class that declares it). */
    private static String name(MergeGuard<?> guard, int index) {
        String type = guard.getClass().getName();
        int lambda = type.indexOf("$$Lambda");
        return "#" + (index + 1) + " (" + (lambda < 0 ? type : "a lambda in " + type.substring(0, lambda)) + ")";
    }

    private static String what(MergePlan<?> plan) {
        return plan.entity().name() + " merge " + plan.duplicateIds() + " -> " + plan.survivorId();
    }

    /** The guard's view of the merge: entities fetched from the store when asked for. */
    private static final class Context<T> implements GuardContext<T> {
        private final MergePlan<?> plan;
        private final MergeStore store;

        Context(MergePlan<?> plan, MergeStore store) {
            this.plan = plan;
            this.store = store;
        }

        @Override
        public String entityName() {
            return plan.entity().name();
        }

        @Override
        public Object survivorId() {
            return plan.survivorId();
        }

        @Override
        public List<Object> duplicateIds() {
            return plan.duplicateIds();
        }

        @Override
        public T survivor() {
            return entity(plan.survivorId());
        }

        @Override
        public List<T> duplicates() {
            List<T> duplicates = new ArrayList<>(plan.duplicateIds().size());
            for (Object id : plan.duplicateIds()) {
                duplicates.add(entity(id));
            }
            return List.copyOf(duplicates);
        }

        @SuppressWarnings("unchecked")
        private T entity(Object id) {
            EntityType type = plan.entity();
            return (T) store.entity(type, id).orElseThrow(() -> new IllegalStateException("the executor "
                    + plan.executor().getClass().getName() + " hands out no entity object for " + type.name() + " "
                    + id + " (MergeStore.entity); read the record through unwrap(...) instead"));
        }

        @Override
        public <X> X unwrap(Class<X> type) {
            if (type == null) {
                throw new IllegalArgumentException("unwrap(null): name the type wanted, e.g. Session.class");
            }
            return store.unwrap(type).orElseThrow(() -> new IllegalArgumentException("the executor "
                    + plan.executor().getClass().getName() + " runs the merge in nothing of type " + type.getName()
                    + " (with Hibernate: org.hibernate.Session or jakarta.persistence.EntityManager)"));
        }
    }
}
