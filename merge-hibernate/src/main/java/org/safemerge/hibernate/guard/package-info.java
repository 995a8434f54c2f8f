/**
 * Guarding association semantics in tests (tier: API): {@link org.safemerge.hibernate.guard.DeleteGuard} wraps the
 * application's own code (hand-written JPA, native SQL, bulk HQL) and fails when it deleted rows or nulled foreign
 * keys it was not allowed to; {@link org.safemerge.hibernate.guard.DeleteGuardExtension} does the same around a
 * JUnit 5 test method; {@link org.safemerge.hibernate.guard.StatementCounter} counts the statements a merge (or any
 * code) sends, so that a test can pin its statement budget. JUnit 5 is an optional dependency: only the extension
 * needs it.
 */
package org.safemerge.hibernate.guard;
