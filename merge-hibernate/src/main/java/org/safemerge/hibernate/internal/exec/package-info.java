/**
 * The Hibernate executor (tier: internal): runs merge-core's steps with set-based SQL in a Hibernate session,
 * guards the session against unexpected deletes, and keeps the persistence context and caches consistent.
 */
package org.safemerge.hibernate.internal.exec;
