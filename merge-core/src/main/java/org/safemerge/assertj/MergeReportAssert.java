package org.safemerge.assertj;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.RowStep;
import org.safemerge.report.UnassignReferences;

/**
 * Assertions on a {@link MergeReport} (a dry run, a rehearsal or an execution), so that a test fails when a mapping
 * change makes a merge do something else:
 *
 * <pre>{@code
 * MergeReport plan = merge.plan(Event.class).survivor(10L).duplicates(11L).build().dryRun();
 * MergeReportAssert.assertThat(plan, merge.graph())
 *         .repoints(Task.class, "event")
 *         .movesLinks("Event.tags")
 *         .deletesOnlyDuplicates()
 *         .isNotBlocked();
 * }</pre>
 *
 * <p>Associations are named by reference key ({@code ws_task(event_id)}) or, given the graph, by any mapping name
 * ({@code Task.event}, {@code Event.tasks}), by the merged entity's own attribute ({@code tasks}) or by entity class
 * and attribute. Immutable once built, like any AssertJ assertion.
 */
public final class MergeReportAssert extends AbstractAssert<MergeReportAssert, MergeReport> {
    private final AssociationGraph graph;

    private MergeReportAssert(MergeReport actual, AssociationGraph graph) {
        super(actual, MergeReportAssert.class);
        this.graph = graph;
    }

    /** Assertions that name associations by reference key only. */
    public static MergeReportAssert assertThat(MergeReport report) {
        return new MergeReportAssert(report, null);
    }

    /** Assertions that name associations by key, mapping name or attribute, resolved in the graph. */
    public static MergeReportAssert assertThat(MergeReport report, AssociationGraph graph) {
        return new MergeReportAssert(report, Objects.requireNonNull(graph, "graph"));
    }

    /** The report re-points rows of the association to the survivor (its FK rows; for links, see movesLinks). */
    public MergeReportAssert repoints(String association) {
        return has(association, RepointReferences.class, "re-point");
    }

    /** The report re-points rows of the entity's association (e.g. {@code Task.class, "event"}); needs the graph. */
    public MergeReportAssert repoints(Class<?> entityClass, String attribute) {
        return repoints(name(entityClass, attribute));
    }

    /** The report re-points exactly {@code rows} rows of the association. */
    public MergeReportAssert repoints(String association, long rows) {
        repoints(association);
        long planned = rows(association, RepointReferences.class);
        if (planned != rows) {
            failWithMessage("Expected the merge to re-point %s rows of %s but it re-points %s:%n%s", rows,
                    association, planned, actual.toText());
        }
        return this;
    }

    /** The report moves links of a join table or element collection to the survivor. */
    public MergeReportAssert movesLinks(String association) {
        return has(association, MoveLinks.class, "move links of");
    }

    /** The report sets the association's FK to NULL in some rows. */
    public MergeReportAssert unassigns(String association) {
        return has(association, UnassignReferences.class, "unassign (set NULL)");
    }

    /** The report removes links (join rows only) of the association. */
    public MergeReportAssert removesLinks(String association) {
        return has(association, RemoveLinks.class, "remove links of");
    }

    /** The report does not touch rows of the association at all. */
    public MergeReportAssert doesNotTouch(String association) {
        isNotNull();
        Set<String> keys = keys(association);
        List<RowStep> touching = actual.stepsOf(RowStep.class).stream().filter(s -> keys.contains(s.reference()))
                .toList();
        if (!touching.isEmpty()) {
            failWithMessage("Expected the merge not to touch %s but it plans:%n%s", association, touching.stream()
                    .map(MergeReport::describe).collect(Collectors.joining("\n")));
        }
        return this;
    }

    /**
     * The report deletes nothing but its duplicates: no referencing rows deleted (not even where a policy allowed
     * it), and every deleted record is one of the duplicates.
     */
    public MergeReportAssert deletesOnlyDuplicates() {
        isNotNull();
        List<String> wrong = actual.steps().stream().filter(s -> s instanceof DeleteReferencingRows
                || s instanceof DeleteDuplicate d && !isDuplicate(d)).map(MergeReport::describe).toList();
        if (!wrong.isEmpty()) {
            failWithMessage("Expected the merge to delete nothing but the duplicates %s of %s, but it plans:%n%s",
                    actual.duplicateIds(), actual.entity(), String.join("\n", wrong));
        }
        return this;
    }

    /** A blocking hazard stands: {@code execute()} would refuse. */
    public MergeReportAssert isBlocked() {
        isNotNull();
        if (!actual.blocked()) {
            failWithMessage("Expected the merge to be blocked but nothing blocks it:%n%s", actual.toText());
        }
        return this;
    }

    /** No blocking hazard stands. */
    public MergeReportAssert isNotBlocked() {
        isNotNull();
        if (actual.blocked()) {
            failWithMessage("Expected the merge not to be blocked but it is:%n%s", actual.toText());
        }
        return this;
    }

    /** Each of these kinds is among the blocking hazards. */
    public MergeReportAssert isBlockedBy(HazardKind... kinds) {
        isNotNull();
        Set<HazardKind> blocking = actual.blockingHazards().stream().map(Hazard::kind).collect(Collectors.toSet());
        List<HazardKind> missing = Arrays.stream(kinds).filter(k -> !blocking.contains(k)).toList();
        if (!missing.isEmpty()) {
            failWithMessage("Expected the merge to be blocked by %s but its blocking hazards are %s:%n%s", missing,
                    blocking, actual.toText());
        }
        return this;
    }

    /** A blocking hazard of this kind stands on the association. */
    public MergeReportAssert isBlockedBy(HazardKind kind, String association) {
        isNotNull();
        Set<String> keys = keys(association);
        if (actual.blockingHazards().stream().noneMatch(h -> h.kind() == kind && keys.contains(h.subject()))) {
            failWithMessage("Expected the merge to be blocked by %s on %s but it is not:%n%s", kind, association,
                    actual.toText());
        }
        return this;
    }

    /** A hazard of this kind is noted (blocking or not). */
    public MergeReportAssert notes(HazardKind kind) {
        isNotNull();
        if (actual.hazards().stream().noneMatch(h -> h.kind() == kind)) {
            failWithMessage("Expected the merge to note %s but its hazards are %s", kind, actual.hazards().stream()
                    .map(Hazard::kind).toList());
        }
        return this;
    }

    private MergeReportAssert has(String association, Class<? extends RowStep> kind, String verb) {
        isNotNull();
        Set<String> keys = keys(association);
        if (actual.stepsOf(kind).stream().noneMatch(s -> keys.contains(s.reference()))) {
            failWithMessage("Expected the merge to %s %s but it does not:%n%s", verb, association, actual.toText());
        }
        return this;
    }

    private long rows(String association, Class<? extends RowStep> kind) {
        Set<String> keys = keys(association);
        return actual.stepsOf(kind).stream().filter(s -> keys.contains(s.reference()))
                .mapToLong(RowStep::expectedRows).sum();
    }

    /** The reference keys a name denotes: itself without a graph; its references (or the bare attribute's) with. */
    private Set<String> keys(String association) {
        Objects.requireNonNull(association, "association");
        if (graph == null) {
            return Set.of(association);
        }
        Set<String> keys = new LinkedHashSet<>();
        for (InboundReference r : graph.references()) {
            if (r.isNamed(association) || r.isNamed(actual.entity() + "." + association)) {
                keys.add(r.key());
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("'" + association + "' is no association of the graph; known: "
                    + graph.references().stream().map(InboundReference::displayName).sorted().toList());
        }
        return keys;
    }

    private String name(Class<?> entityClass, String attribute) {
        if (graph == null) {
            throw new IllegalStateException("naming an association by class needs the graph: "
                    + "MergeReportAssert.assertThat(report, HibernateMerge.of(...).graph())");
        }
        String entity = graph.entityByJavaType(entityClass.getName()).orElseThrow(() ->
                new IllegalArgumentException(entityClass.getName() + " is not an entity of the graph")).name();
        return entity + "." + attribute;
    }

    private boolean isDuplicate(DeleteDuplicate step) {
        return step.entity().equals(actual.entity()) && actual.duplicateIds().stream()
                .anyMatch(id -> String.valueOf(id).equals(String.valueOf(step.id())));
    }
}
