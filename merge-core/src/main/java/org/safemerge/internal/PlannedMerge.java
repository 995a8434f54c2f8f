package org.safemerge.internal;

import java.util.List;
import java.util.Optional;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.report.Hazard;
import org.safemerge.report.Step;
import org.safemerge.spi.EntitySnapshot;

/**
 * What the planner decided: the records as read, the steps in order, the hazards, and the data's fingerprint.
 *
 * @param survivor the survivor as read
 * @param duplicates the duplicates as read, in request order
 * @param steps the steps, in execution order (those of merges of conflicting rows included, in place)
 * @param hazards blocking hazards and warnings
 * @param fingerprint digest of the data the plan was made from
 * @param rowMerges the merges of conflicting rows planned inside this one ({@code ConflictPolicy.mergeRows()})
 * @param rowDigests per step (same order), the store's digest of the ids of the rows the step selects from (all rows
 *                   of its reference pointing at its {@code from} record), "" for a step without one; empty when
 *                   not known
 */
public record PlannedMerge(EntitySnapshot survivor, List<EntitySnapshot> duplicates, List<Step> steps,
        List<Hazard> hazards, String fingerprint, List<PlannedMerge> rowMerges, List<String> rowDigests) {
    public PlannedMerge {
        duplicates = List.copyOf(duplicates);
        steps = List.copyOf(steps);
        hazards = List.copyOf(hazards);
        rowMerges = List.copyOf(rowMerges);
        rowDigests = List.copyOf(rowDigests);
    }

    public PlannedMerge(EntitySnapshot survivor, List<EntitySnapshot> duplicates, List<Step> steps,
            List<Hazard> hazards, String fingerprint, List<PlannedMerge> rowMerges) {
        this(survivor, duplicates, steps, hazards, fingerprint, rowMerges, List.of());
    }

    public PlannedMerge(EntitySnapshot survivor, List<EntitySnapshot> duplicates, List<Step> steps,
            List<Hazard> hazards, String fingerprint) {
        this(survivor, duplicates, steps, hazards, fingerprint, List.of());
    }

    /** The same plan with one more hazard. */
    PlannedMerge withHazard(Hazard hazard) {
        List<Hazard> more = new java.util.ArrayList<>(hazards);
        more.add(hazard);
        return new PlannedMerge(survivor, duplicates, steps, more, fingerprint, rowMerges, rowDigests);
    }

    /** The digest of step {@code index}'s rows, "" when it has none. */
    String rowDigest(int index) {
        return index < rowDigests.size() ? rowDigests.get(index) : "";
    }

    public boolean blocked() {
        return hazards.stream().anyMatch(Hazard::blocking);
    }

    /**
     * A duplicate as read, of this merge or of a merge of conflicting rows inside it: the record of that id whose
     * type shares a hierarchy with {@code entity}.
     */
    public Optional<EntitySnapshot> duplicate(AssociationGraph graph, String entity, Object id) {
        for (EntitySnapshot duplicate : duplicates) {
            if (duplicate.id().equals(id) && sameHierarchy(graph, duplicate.entity(), entity)) {
                return Optional.of(duplicate);
            }
        }
        return rowMerges.stream().map(m -> m.duplicate(graph, entity, id)).flatMap(Optional::stream).findFirst();
    }

    private static boolean sameHierarchy(AssociationGraph graph, String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        return graph.entity(a).flatMap(x -> graph.entity(b).map(y -> graph.sameHierarchy(x, y))).orElse(false);
    }
}
