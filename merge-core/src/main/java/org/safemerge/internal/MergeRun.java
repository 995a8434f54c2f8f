package org.safemerge.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.EntityType;
import org.safemerge.report.MergeGroup;
import org.safemerge.spi.ChangeJournal;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.RunMode;

/**
 * One transaction of one or more merge groups, with its audit lifecycle; the same for a single merge (a run of one
 * group) and for a chunk of a batch. In order: the end-of-transaction callback is registered (when audited), every
 * group's trail starts, the records of all groups are locked in a fixed order, then the caller's work runs (plan,
 * refuse stale or blocked plans, apply). A failure is recorded for every group's rolled-back event before the
 * executor rolls back; every group learns when the executor returned, and how.
 */
final class MergeRun {
    private final MergeExecutor executor;
    private final RunMode mode;
    private final EntityType entity;
    private final List<GroupRun> groups;

    /**
     * @param mode {@link RunMode#EXECUTE} (audited) or {@link RunMode#REHEARSE}
     * @param groups disjoint groups, each with an auditor enabled exactly when the run is audited
     */
    MergeRun(MergeExecutor executor, RunMode mode, EntityType entity, List<GroupRun> groups) {
        this.executor = executor;
        this.mode = mode;
        this.entity = entity;
        this.groups = List.copyOf(groups);
    }

    /** Runs {@code work} inside the lifecycle and returns its result; a failure comes as a MergeException or Error. */
    <R> R run(Function<MergeStore, R> work) {
        try {
            R result = guard(() -> executor.run(mode, store -> {
                if (mode == RunMode.EXECUTE) {
                    ChangeJournal journal = store.journal();
                    if (journal != null) {
                        groups.forEach(g -> g.auditor().journal(journal));
                    }
                    store.onCompletion(committed -> groups.forEach(g -> g.auditor().completed(committed,
                            g.changed())));
                    groups.forEach(g -> g.auditor().awaitCompletion());
                }
                try {
                    // Started first, so that even a merge refused at the lock leaves started + rolled back.
                    start();
                    store.lock(entity, lockOrder(recordIds()));
                    return work.apply(store);
                } catch (RuntimeException | Error e) {
                    // Recorded before the executor rolls back, so the rolled-back event names the cause.
                    MergeException cause = asMergeException(e);
                    groups.forEach(g -> g.auditor().failed(cause));
                    throw e;
                }
            }));
            groups.forEach(g -> g.auditor().executorReturned(null));
            return result;
        } catch (Error e) {
            MergeException cause = asMergeException(e);
            groups.forEach(g -> g.auditor().executorReturned(cause));
            throw e;
        } catch (MergeException e) {
            groups.forEach(g -> g.auditor().executorReturned(e));
            throw e;
        }
    }

    /** The group whose own operation {@code failure} came from, or null when it was not one group's own. */
    MergeGroup failedGroup(MergeException failure) {
        return groups.stream().filter(g -> g.failedWith(failure)).map(GroupRun::group).findFirst().orElse(null);
    }

    /**
     * Every group's MergeStarted, even after a listener refused one: each group of a failed run gets its rolled-back
     * event, and one whose merge id was never started could not be told apart in the trail. The first refusal
     * fails the run afterwards.
     */
    private void start() {
        MergeException first = null;
        for (GroupRun group : groups) {
            try {
                group.started();
            } catch (MergeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<Object> recordIds() {
        List<Object> ids = new ArrayList<>();
        for (GroupRun group : groups) {
            ids.add(group.group().survivorId());
            ids.addAll(group.group().duplicateIds());
        }
        return ids;
    }

    /** Ids sorted (naturally when they are comparable, else by their text), sorting {@code ids} in place. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object> lockOrder(List<Object> ids) {
        boolean comparable = ids.stream().allMatch(id -> id instanceof Comparable
                && id.getClass() == ids.get(0).getClass());
        Comparator<Object> order = comparable ? (a, b) -> ((Comparable) a).compareTo(b)
                : Comparator.comparing(String::valueOf);
        ids.sort(order);
        return ids;
    }

    /** Anything that is not a MergeException (a driver or ORM failure) becomes DATABASE_ERROR, cause attached. */
    static <R> R guard(Supplier<R> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw asMergeException(e);
        }
    }

    /** {@link #guard} for a dry run: nothing was written, so nothing was rolled back either. */
    static <R> R guardDryRun(Supplier<R> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw asMergeException(e, "the dry run failed; nothing was written: ");
        }
    }

    /** A MergeException anywhere in the cause chain (e.g. thrown from an ORM listener) wins over its wrappers. */
    static MergeException asMergeException(Throwable e) {
        return asMergeException(e, "the merge failed and was rolled back: ");
    }

    private static MergeException asMergeException(Throwable e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MergeException merge) {
                return merge;
            }
        }
        return new MergeException(MergeErrorCode.DATABASE_ERROR, what + e, e);
    }

    static String newMergeId() {
        return UUID.randomUUID().toString();
    }
}
