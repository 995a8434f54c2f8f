package org.safemerge.lint;

import java.util.List;
import org.safemerge.graph.AssociationGraph;

/**
 * One check of the {@link ModelLint}: looks at the association graph and reports a {@link LintFinding} per
 * association that has the hazard. Implement it to add a check of one's own ({@link ModelLint#with(LintCheck...)});
 * the built-in ones are in {@link LintChecks}. Implementations must be thread-safe and must not change anything.
 */
public interface LintCheck {

    /**
     * The stable id of the check, lower-case words joined by hyphens ({@code cascade-remove-many-to-many}):
     * suppressions and reports name it, so it never changes once published.
     */
    String id();

    /** What the check looks for, one line, for reports and docs. */
    String description();

    /**
     * The findings of this check on a graph, each naming this check's {@link #id()}; empty when it finds nothing.
     *
     * @param graph the graph of the persistence unit
     * @return the findings, in a stable order
     */
    List<LintFinding> check(AssociationGraph graph);
}
