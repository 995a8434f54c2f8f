/**
 * Hibernate generations (tier: internal): every difference between Hibernate ORM 6.6 and the 7.x lines that the
 * rest of merge-hibernate meets, behind {@link org.safemerge.hibernate.internal.compat.HibernateCompat}, one
 * implementation per generation, chosen once from the Hibernate version on the class path
 * ({@link org.safemerge.hibernate.internal.compat.HibernateSupport}). The code is compiled against the newest
 * supported Hibernate; an implementation for an older generation only calls what that generation has (with the same
 * binary signature). {@code HibernateSupport} also remembers a factory whose integrators failed, so that its merges
 * fail with {@code UNSUPPORTED_HIBERNATE_VERSION} instead of the host's start.
 */
package org.safemerge.hibernate.internal.compat;
