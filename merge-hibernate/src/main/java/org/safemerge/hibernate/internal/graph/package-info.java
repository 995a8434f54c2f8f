/**
 * Builds the {@link org.safemerge.graph.AssociationGraph} of a SessionFactory (tier: internal) from Hibernate's
 * runtime mapping model and the database catalog, and caches it per factory.
 */
package org.safemerge.hibernate.internal.graph;
