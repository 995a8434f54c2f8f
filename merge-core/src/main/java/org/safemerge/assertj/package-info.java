/**
 * AssertJ assertions on merge reports (tier: API), for tests that guard association semantics: what a plan
 * re-points, unassigns and deletes, and what blocks it. AssertJ is an optional dependency of SafeMerge: add
 * {@code assertj-core} to use this package.
 */
package org.safemerge.assertj;
