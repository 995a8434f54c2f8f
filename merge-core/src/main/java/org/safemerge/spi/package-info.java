/**
 * Service provider interfaces (tier: SPI): what users implement ({@link org.safemerge.spi.AuditListener},
 * {@link org.safemerge.spi.CustomFieldStrategy}, {@link org.safemerge.spi.TombstoneMarker},
 * {@link org.safemerge.spi.MergeGuard}) and what an ORM integration implements
 * ({@link org.safemerge.spi.MergeExecutor}, {@link org.safemerge.spi.MergeStore}). merge-hibernate implements the
 * executor for Hibernate ORM.
 */
package org.safemerge.spi;
