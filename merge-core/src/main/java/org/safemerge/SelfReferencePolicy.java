package org.safemerge;

/**
 * What to do with a reference between the merged records that would make the survivor point at itself, e.g.
 * {@code A.parent = B}: after the merge B is A, so the parent would become A itself.
 */
public enum SelfReferencePolicy {
    /** Block the plan and name the rows (the default: no self-loop appears silently). */
    BLOCK,
    /** Set the reference to NULL (nullable FKs only), audited. */
    UNASSIGN,
    /** Let the survivor point at itself, audited. */
    ALLOW_LOOP
}
