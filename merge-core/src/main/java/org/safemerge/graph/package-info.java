/**
 * The association graph (tier: API): an immutable, ORM-free description of the entity types of a persistence unit
 * and of every reference that points at them, built once per SessionFactory by merge-hibernate. The planner reads
 * it; tests, reports and admin tools may show it ({@link org.safemerge.graph.AssociationGraph#describe(String)}).
 */
package org.safemerge.graph;
