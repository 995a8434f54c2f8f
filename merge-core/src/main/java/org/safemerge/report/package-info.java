/**
 * The plan and report model (tier: API): the ordered {@link org.safemerge.report.Step steps} a merge consists of,
 * the {@link org.safemerge.report.Hazard hazards} that block or qualify it, and the
 * {@link org.safemerge.report.MergeReport report} that {@code dryRun()}, {@code rehearse()} and {@code execute()}
 * return. The dry run and the execution are rendered from the same steps. Records only: a JSON library serializes
 * {@link org.safemerge.report.MergeReport#sections()} as they are.
 */
package org.safemerge.report;
