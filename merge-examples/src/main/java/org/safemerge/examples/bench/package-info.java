/**
 * Benchmarks (tier: example, not published; benchmarks, not tests): SafeMerge against naive JPA and hand-written
 * SQL, and the cost of building the association graph.
 */
package org.safemerge.examples.bench;
