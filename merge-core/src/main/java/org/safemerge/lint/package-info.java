/**
 * Model lint (tier: API): checks over the {@link org.safemerge.graph.AssociationGraph} that report mapping and
 * schema hazards (cascades over shared entities, orphanRemoval on shared children, nullability disagreements,
 * missing or unmapped FK constraints, unindexed FKs, unique keys containing an FK, {@code @Any} associations) with
 * the association, the reason and the fix. Entry point: {@link org.safemerge.lint.ModelLint}; a check of one's own
 * implements {@link org.safemerge.lint.LintCheck}. Needs no test framework: {@link
 * org.safemerge.lint.LintResult#assertClean()} throws a plain {@link java.lang.AssertionError}.
 */
package org.safemerge.lint;
