/**
 * Benchmarks (tier: example, not published; benchmarks, not tests): SafeMerge against naive JPA and hand-written
 * SQL for one merge ({@link org.safemerge.examples.bench.MergeBenchmark}), its batch API against hand-written
 * set-based SQL and a loop of single merges ({@link org.safemerge.examples.bench.BatchBenchmark}), and the cost of
 * building the association graph.
 */
package org.safemerge.examples.bench;
