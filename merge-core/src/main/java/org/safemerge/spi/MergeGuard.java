package org.safemerge.spi;

/**
 * An application's own rule that may refuse a merge, e.g. "never merge two patients that both have an active order
 * of the same type". Registered with {@code MergePlan.Builder.guard(...)} or {@code BatchMerge.Builder.guard(...)};
 * several guards run in the order they were added, and the first veto wins.
 *
 * <p>When it runs: in {@code dryRun()} after the records were read (a veto shows as a blocking {@code VETOED}
 * hazard, nothing is written); in {@code execute()} and {@code rehearse()} after the records were locked and
 * planned, before anything is written, so the rule sees the locked rows (a veto fails the merge with
 * {@code MERGE_VETOED}: nothing written, the audit trail ends rolled back with that code). In a batch every group
 * is checked; a vetoed group fails its chunk, or is skipped with {@code skipBlockedGroups()}.
 *
 * <p>A guard must only read: it runs in the merge's transaction (see {@link GuardContext#unwrap(Class)}), and in a
 * dry run as well. It may run more than once for one merge (a batch plans a group again after the groups it points
 * at ran). Throwing instead of returning a verdict fails the merge with {@code GUARD_FAILED} (rolled back, cause
 * attached). Called on the merging thread; thread-safe only if the plan is executed concurrently.
 *
 * <pre>{@code
 * .guard(merge -> {
 *     Session session = merge.unwrap(Session.class);
 *     List<String> shared = session.createSelectionQuery(
 *             "select o.type from PatientOrder o where o.active and o.patient.id = :a"
 *             + " and o.type in (select d.type from PatientOrder d where d.active and d.patient.id in :b)",
 *             String.class).setParameter("a", merge.survivorId()).setParameter("b", merge.duplicateIds())
 *             .getResultList();
 *     return shared.isEmpty() ? MergeVerdict.allow()
 *             : MergeVerdict.veto("both have an active order of type " + shared.get(0));
 * })
 * }</pre>
 *
 * @param <T> the merged entity's Java type
 */
@FunctionalInterface
public interface MergeGuard<T> {
    /**
     * Decides whether the merge may happen.
     *
     * @param merge the records and the merge's session; valid only during this call
     * @return {@link MergeVerdict#allow()} or {@link MergeVerdict#veto(String)}, never null
     */
    MergeVerdict check(GuardContext<T> merge);
}
