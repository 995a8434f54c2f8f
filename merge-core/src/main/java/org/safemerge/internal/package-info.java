/**
 * Implementation of merge-core (tier: internal): request validation ({@code RequestValidator}, {@code BatchGroups}),
 * the planner ({@code Planner}, {@code FieldResolver}, {@code Fingerprint}) and the runners. A single merge
 * ({@code MergeRunner}) and each chunk of a batch ({@code BatchRunner}: chunks, waves, the same step of many groups,
 * progress, resume) share one lifecycle, {@code MergeRun}: one transaction of one or more {@code GroupRun}s (a
 * group's plan, audit trail, rows changed and own failures), audited by an {@code Auditor} each, whose end of trail
 * is one state machine. Steps are handled through {@code StepVisitor}s, so a new step kind fails compilation
 * wherever it is not handled. Not a public contract; may change in any release.
 */
package org.safemerge.internal;
