package org.safemerge.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;

/**
 * Checks an association graph for mapping and schema hazards: every {@link LintChecks built-in check}, plus any
 * added with {@link #with(LintCheck...)}. Each check can be switched off per association (or as a whole) with a
 * reason, which the result records. Immutable and thread-safe: every method returns a new lint.
 *
 * <pre>{@code
 * ModelLint.of(graph)
 *         .suppress("cascade-remove-shared-to-one", "Badge.owner", "badges are never shared, see ADR 12")
 *         .check()
 *         .assertClean();
 * }</pre>
 *
 * merge-hibernate's {@code ModelLints.of(sessionFactory)} starts from a SessionFactory's graph.
 */
public final class ModelLint {
    private final AssociationGraph graph;
    private final Map<String, LintCheck> checks;
    private final List<LintSuppression> suppressions;

    private ModelLint(AssociationGraph graph, Map<String, LintCheck> checks, List<LintSuppression> suppressions) {
        this.graph = graph;
        this.checks = checks;
        this.suppressions = List.copyOf(suppressions);
    }

    /**
     * A lint of the graph with every built-in check ({@link LintChecks#all()}).
     *
     * @throws MergeException with {@code INVALID_ARGUMENT} when the graph is null
     */
    public static ModelLint of(AssociationGraph graph) {
        if (graph == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "ModelLint.of needs an association graph, "
                    + "was null");
        }
        Map<String, LintCheck> checks = new LinkedHashMap<>();
        LintChecks.all().forEach(c -> checks.put(c.id(), c));
        return new ModelLint(graph, checks, List.of());
    }

    /** The graph being checked. */
    public AssociationGraph graph() {
        return graph;
    }

    /** The checks that run, built-in ones first, in the order they report. */
    public List<LintCheck> checks() {
        return List.copyOf(checks.values());
    }

    /**
     * Adds checks of one's own (after the built-in ones). Add them before suppressing their findings.
     *
     * @throws MergeException with {@code INVALID_ARGUMENT} when a check is null, has no id, or its id is taken
     */
    public ModelLint with(LintCheck... added) {
        Map<String, LintCheck> all = new LinkedHashMap<>(checks);
        for (LintCheck check : Objects.requireNonNullElse(added, new LintCheck[0])) {
            if (check == null || check.id() == null || check.id().isBlank()) {
                throw invalid("a lint check needs an id, was " + (check == null ? "null" : "blank"));
            }
            if (all.putIfAbsent(check.id(), check) != null) {
                throw invalid("a lint check with id '" + check.id() + "' is already part of this lint");
            }
        }
        return new ModelLint(graph, all, suppressions);
    }

    /**
     * Switches a check off for one association, with the reason (recorded in the result).
     *
     * @param checkId the check's id ({@link LintCheck#id()})
     * @param association any name of the association: {@code Entity.attribute} or a reference key
     *                    {@code table(column)}, as findings show them
     * @param reason why the hazard is accepted here
     * @throws MergeException with {@code INVALID_ARGUMENT} when the check is not part of this lint, the graph has no
     *                        association of that name, or the reason is blank
     */
    public ModelLint suppress(String checkId, String association, String reason) {
        requireCheck(checkId);
        if (association == null || association.isBlank() || !known(association)) {
            throw invalid("the graph has no association named '" + association + "' (give Entity.attribute or a "
                    + "reference key such as table(column), as lint findings show them)");
        }
        return suppressed(new LintSuppression(checkId, association, requireReason(checkId, reason)));
    }

    /** Same as {@link #suppress(String, String, String)} with the check itself. */
    public ModelLint suppress(LintCheck check, String association, String reason) {
        return suppress(check == null ? null : check.id(), association, reason);
    }

    /**
     * Switches a check off for every association, with the reason (recorded in the result).
     *
     * @throws MergeException with {@code INVALID_ARGUMENT} when the check is not part of this lint or the reason is
     *                        blank
     */
    public ModelLint disable(String checkId, String reason) {
        requireCheck(checkId);
        return suppressed(new LintSuppression(checkId, null, requireReason(checkId, reason)));
    }

    /** Same as {@link #disable(String, String)} with the check itself. */
    public ModelLint disable(LintCheck check, String reason) {
        return disable(check == null ? null : check.id(), reason);
    }

    /** The suppressions given so far, in order. */
    public List<LintSuppression> suppressions() {
        return suppressions;
    }

    /** Runs every check and sorts the findings into open and suppressed ones. */
    public LintResult check() {
        List<LintFinding> open = new ArrayList<>();
        List<LintResult.Suppressed> suppressed = new ArrayList<>();
        List<LintSuppression> used = new ArrayList<>();
        for (LintCheck check : checks.values()) {
            List<LintFinding> found = new ArrayList<>(check.check(graph));
            found.sort(Comparator.comparing(LintFinding::association));
            for (LintFinding finding : found) {
                Optional<LintSuppression> cover = suppressions.stream().filter(s -> s.covers(finding)).findFirst();
                if (cover.isPresent()) {
                    suppressed.add(new LintResult.Suppressed(finding, cover.get()));
                    used.add(cover.get());
                } else {
                    open.add(finding);
                }
            }
        }
        List<LintSuppression> unused = suppressions.stream().filter(s -> !used.contains(s)).toList();
        return new LintResult(open, suppressed, unused);
    }

    private ModelLint suppressed(LintSuppression suppression) {
        List<LintSuppression> all = new ArrayList<>(suppressions);
        all.add(suppression);
        return new ModelLint(graph, checks, all);
    }

    private void requireCheck(String checkId) {
        if (checkId == null || !checks.containsKey(checkId)) {
            throw invalid("no lint check has the id '" + checkId + "'; the checks are " + checks.keySet());
        }
    }

    private static String requireReason(String checkId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("switching off " + checkId + " needs a reason (it is recorded in the lint result)");
        }
        return reason;
    }

    /** A reference name or key, or {@code Entity.attribute} of an entity type of the graph. */
    private boolean known(String association) {
        if (graph.references().stream().anyMatch(r -> r.isNamed(association))) {
            return true;
        }
        int dot = association.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        Optional<EntityType> type = graph.entity(association.substring(0, dot));
        return type.isPresent() && type.get().attribute(association.substring(dot + 1)).isPresent();
    }

    private static MergeException invalid(String message) {
        return new MergeException(MergeErrorCode.INVALID_ARGUMENT, message);
    }

    @Override
    public String toString() {
        return "ModelLint" + new TreeSet<>(checks.keySet()) + (suppressions.isEmpty() ? ""
                : " with " + suppressions.size() + " suppressions");
    }
}
