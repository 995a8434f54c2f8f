package org.safemerge;

/**
 * What to do with a reference between the merged records that would make the survivor point at itself, e.g.
 * {@code A.parent = B}: after the merge B is A, so the parent would become A itself. References from other records to
 * a duplicate (a child's {@code mentor = B}) are simply re-pointed and are not affected.
 *
 * <p>Set with {@link MergePlan.Builder#selfReferences(SelfReferencePolicy)}; the default is {@link #BLOCK}. An enum:
 * immutable and thread-safe.
 */
public enum SelfReferencePolicy {
    /** Block the plan and name the rows (the default: no self-loop appears silently). */
    BLOCK,
    /** Set the reference to NULL (nullable FKs only), audited. */
    UNASSIGN,
    /** Let the survivor point at itself, audited. */
    ALLOW_LOOP
}
