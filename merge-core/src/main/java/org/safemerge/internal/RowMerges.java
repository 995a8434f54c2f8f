package org.safemerge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safemerge.ConflictResolution;
import org.safemerge.MergePlan;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.HazardOption;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RowSet;

/**
 * Merges of conflicting rows inside a merge ({@code ConflictPolicy.mergeRows()}): the duplicate's conflicting row
 * (a bank account) is merged into the survivor's, planned by a planner of its own whose steps (rows pointing at the
 * merged row re-pointed, attributes set, the row deleted) run in place of the conflict's resolution, inside the
 * same transaction and audit trail. Also checks that a conflict's losing row is not deleted while rows of its own
 * point at it.
 */
final class RowMerges {
    /**
     * Where a planner stands among nested merges.
     *
     * @param entities the entity types merged, outermost first (this planner's last)
     * @param locking whether the records of nested merges are locked before they are read
     */
    record Chain(List<String> entities, boolean locking) {
        Chain {
            entities = List.copyOf(entities);
        }

        static Chain top(EntityType entity, boolean locking) {
            return new Chain(List.of(entity.name()), locking);
        }

        /** How many merges enclose this one. */
        int depth() {
            return entities.size() - 1;
        }

        Chain inner(String entity) {
            List<String> more = new ArrayList<>(entities);
            more.add(entity);
            return new Chain(more, locking);
        }
    }

    private final Planner planner;
    private final Chain chain;
    private final List<PlannedMerge> planned = new ArrayList<>();

    RowMerges(Planner planner, Chain chain) {
        this.planner = planner;
        this.chain = chain;
    }

    /** The merges of conflicting rows planned so far. */
    List<PlannedMerge> planned() {
        return planned;
    }

    /** Whether the rows of a reference are entities (mapped, keyed by their id): only those can be merged. */
    static boolean rowsAreEntities(AssociationGraph graph, InboundReference reference) {
        return source(graph, reference).isPresent();
    }

    private static Optional<EntityType> source(AssociationGraph graph, InboundReference reference) {
        if (reference.kind().isLink() || reference.sourceEntity() == null) {
            return Optional.empty();
        }
        return graph.entity(reference.sourceEntity()).filter(e -> sameColumns(e.idColumns(),
                reference.rowKeyColumns()));
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** What a merge of the duplicate's row into the survivor's does, in words. */
    String describe(InboundReference reference, Object keptRow, Object mergedRow) {
        return "row " + mergedRow + " is merged into row " + keptRow + ": rows pointing at "
                + reference.sourceEntity() + " " + mergedRow + " move to " + keptRow + ", then it is deleted";
    }

    /**
     * Plans the merge of {@code mergedRow} into {@code keptRow} and adds its steps and hazards to this plan; a merge
     * too deep, or of an entity already being merged further out, blocks instead.
     */
    void merge(InboundReference reference, ConflictResolution.MergeRows rows, Object keptRow, Object mergedRow) {
        Optional<EntityType> source = source(planner.graph, reference);
        RowSet conflict = new RowSet(1, List.of(mergedRow));
        if (source.isEmpty()) {
            block(reference, conflict, "rows of " + reference.table() + " are not entities with an id; they cannot be "
                    + "merged");
            return;
        }
        EntityType entity = source.get();
        boolean cycle = chain.entities().stream().map(planner.graph::entity).flatMap(Optional::stream)
                .anyMatch(e -> planner.graph.sameHierarchy(e, entity));
        if (cycle || chain.depth() + 1 > ConflictResolution.MAX_NESTED_MERGES) {
            block(reference, conflict, "merging " + entity.name() + " " + mergedRow + " into " + keptRow + " would "
                    + (cycle ? "merge " + entity.name() + " inside a merge of the same entity (" + chain.entities()
                    + ")" : "nest merges deeper than " + ConflictResolution.MAX_NESTED_MERGES + " ("
                    + chain.entities() + ")"));
            return;
        }
        MergePlan.Builder<Object> builder = MergePlan.builder(planner.plan.executor(), entity.name())
                .survivor(keptRow).duplicates(mergedRow).sampleLimit(planner.plan.sampleLimit())
                .auditChunkSize(planner.plan.auditChunkSize());
        rows.fieldStrategies().forEach(builder::field);
        rows.associationPolicies().forEach(builder::association);
        MergePlan<Object> nested = builder.build();
        if (chain.locking()) {
            List<Object> ids = new ArrayList<>(List.of(keptRow, mergedRow));
            planner.store.lock(entity, MergeRun.lockOrder(ids));
        }
        PlannedMerge result = Planner.planNested(nested, planner.store, chain.inner(entity.name()));
        planner.steps.addAll(result.steps());
        for (int i = 0; i < result.steps().size(); i++) {
            planner.nestedRowDigests.put(result.steps().get(i), result.rowDigest(i));
        }
        for (Hazard hazard : result.hazards()) {
            planner.hazards.add(new Hazard(hazard.kind(), hazard.blocking(), hazard.subject(), hazard.table(),
                    hazard.rows(), hazard.sampleRowIds(), "in the merge of " + entity.name() + " " + mergedRow
                    + " into " + keptRow + ": " + hazard.message(), hazard.options()));
        }
        planner.fingerprint("merge of " + entity.name() + " " + mergedRow + " into " + keptRow, result.fingerprint());
        planned.add(result);
    }

    private void block(InboundReference reference, RowSet rows, String message) {
        planner.hazards.add(new Hazard(HazardKind.UNIQUE_CONFLICT, true, reference.key(), reference.table(),
                rows.count(), rows.sampleRowIds(), message, List.of(".association(\"" + reference.displayName()
                + "\", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A)) (or KEEP_B)")));
    }

    /**
     * Before the losing rows of conflicts are deleted: rows of other tables pointing at them (payments of a bank
     * account) would be lost or cascaded. Blocks with {@code DEPENDENT_ROWS} and returns true when there are any.
     * Rows that are not entities cannot be checked here (the database's own FKs still refuse or cascade).
     */
    boolean blockIfReferenced(Planner.ReferencePlan rp, RowSet losers) {
        Optional<EntityType> source = source(planner.graph, rp.reference);
        List<Object> rows = losers.sampleRowIds();
        if (source.isEmpty() || rows.isEmpty()) {
            return false;
        }
        long dependents = 0;
        List<String> where = new ArrayList<>();
        for (InboundReference dependent : planner.graph.referencesTo(source.get())) {
            ReferenceState state = planner.store.inspect(dependent, rows.get(0), rows.subList(1, rows.size()), 1);
            long count = state.pointingAtSurvivor().count() + state.pointingAtDuplicates().stream()
                    .mapToLong(RowSet::count).sum();
            if (count > 0) {
                dependents += count;
                where.add(count + " in " + dependent.key());
            }
        }
        if (dependents == 0) {
            return false;
        }
        List<HazardOption> options = new ArrayList<>();
        options.add(rp.onConflict("mergeRows()", "merge the rows instead: rows pointing at the one that goes move "
                + "to the one kept"));
        rp.blocked(HazardKind.DEPENDENT_ROWS, losers, "rows " + rows + " of " + rp.reference.table() + " would be "
                + "deleted to resolve unique conflicts, but " + dependents + " rows point at them (" + String.join(
                ", ", where) + "); deleting them would lose those rows or cascade to them", options);
        return true;
    }
}
