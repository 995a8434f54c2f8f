/**
 * Builds the {@link org.safemerge.graph.AssociationGraph} of a SessionFactory (tier: internal) from Hibernate's
 * runtime mapping model and the database catalog, and caches it per factory ({@code GraphCache}).
 * {@code GraphBuilder} reconciles what {@code MappingReader} finds (with {@code EntityTypeReader},
 * {@code CollectionReader}, {@code TableOwners}; drafts in {@code Drafts}) with what {@code CatalogReader} reads
 * through JDBC metadata, and records the stored spelling of every table and column the graph names
 * ({@code StoredNames}, from {@code MappedNames} and the catalog) so that generated SQL can quote them.
 */
package org.safemerge.hibernate.internal.graph;
