package org.safemerge.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.safemerge.AssociationPolicy;
import org.safemerge.MergePlan;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.SetAttribute;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RowSet;

/**
 * The planner's rules for references that do not hold the records' ids: references by another unique key
 * ({@link InboundReference#targetColumns()}, e.g. a legacy number) and database FKs SafeMerge cannot handle
 * ({@code ReferenceFlag.UNSUPPORTED}). Produces hazards only; the steps of a reference by key are the usual ones,
 * which the store carries out by the key's value. One instance per planned merge.
 */
final class KeyReferences {
    private final MergePlan<?> plan;
    private final EntityType entity;
    /** References by key that have rows pointing at the merged records, with how many. */
    private final Map<InboundReference, Long> rowsByReference = new LinkedHashMap<>();

    KeyReferences(MergePlan<?> plan, EntityType entity) {
        this.plan = plan;
        this.entity = entity;
    }

    /**
     * An FK SafeMerge cannot re-point blocks every plan of its target, rows or not (it cannot count them), unless
     * nothing is deleted (tombstones) or the caller left the rows to the database's FK: then it is a note.
     */
    Hazard unsupported(InboundReference reference, AssociationPolicy policy) {
        String why = "SafeMerge cannot re-point rows of " + reference.key() + ": " + String.join("; ",
                reference.notes());
        String rule = "ON DELETE " + reference.onDelete().name().replace('_', ' ');
        if (plan.tombstoneMarker() != null) {
            return note(reference, why + ". The duplicates are kept as tombstones, so rows that point at them stay "
                    + "valid; they are not moved to the survivor");
        }
        if (policy != null && policy.leftToDatabase()) {
            return note(reference, why + ". Left to the database: its FK (" + rule + ") refuses to delete a "
                    + "duplicate that rows still point at, and the merge then rolls back");
        }
        List<String> options = new ArrayList<>();
        options.add(".keepDuplicates(...) to keep the duplicates as tombstones (rows keep pointing at them)");
        if (reference.onDelete() == OnDeleteRule.RESTRICT || reference.onDelete() == OnDeleteRule.NO_ACTION) {
            options.add(".association(\"" + reference.displayName() + "\", AssociationPolicy.leaveToDatabase()) to "
                    + "leave its rows to the database FK, which refuses to delete a duplicate they point at");
        }
        options.add("re-point its rows yourself before merging, or make the FK reference the id of "
                + reference.targetEntity());
        return new Hazard(HazardKind.UNSUPPORTED_REFERENCE, true, reference.key(), reference.table(), 0, List.of(),
                why + ". Deleting a duplicate would leave them to the database FK "
                        + Objects.toString(reference.constraintName(), "") + " (" + rule + ")", options);
    }

    /** Remembers how many rows of a reference by key point at the merged records (for {@link #changedKeys}). */
    void counted(InboundReference reference, ReferenceState state) {
        long rows = state.pointingAtSurvivor().count();
        for (RowSet duplicateRows : state.pointingAtDuplicates()) {
            rows += duplicateRows.count();
        }
        if (reference.byAlternateKey() && rows > 0) {
            rowsByReference.put(reference, rows);
        }
    }

    /** Whether rows of the reference hold a key the survivor has no value for: they cannot be re-pointed. */
    static boolean survivorHasNoKey(InboundReference reference, ReferenceState state) {
        return reference.byAlternateKey() && !state.referencedKeys().isEmpty()
                && state.referencedKeys().get(0) == null;
    }

    /** The rows of {@code duplicate} would be re-pointed to the survivor's key, but it has no value for it. */
    Hazard survivorWithoutKey(InboundReference reference, Object duplicate, RowSet rows, List<Object> sample) {
        String name = reference.displayName();
        String columns = String.join(", ", reference.targetColumns());
        List<String> options = new ArrayList<>();
        if (reference.nullable()) {
            options.add(".association(\"" + name + "\", AssociationPolicy.unassign()) to set "
                    + String.join(", ", reference.columns()) + " of these rows to NULL");
        } else {
            options.add(".association(\"" + name + "\", AssociationPolicy.unassign().allowDelete()) to delete "
                    + "these rows (each deletion is audited)");
        }
        options.add("give " + entity.name() + " " + plan.survivorId() + " a value for " + columns
                + (reference.targetAttribute() == null ? "" : " (" + reference.targetAttribute() + ")")
                + " before merging");
        return new Hazard(HazardKind.REFERENCED_KEY, true, reference.key(), reference.table(), rows.count(), sample,
                rows.count() + " rows of " + reference.table() + " point at duplicate " + duplicate + " by its "
                        + columns + ", not its id, but survivor " + plan.survivorId() + " has no " + columns
                        + ": they cannot be re-pointed to it", options);
    }

    /**
     * A survivor attribute the merge would change while rows point at the records through it: they could not follow
     * (the database FK refuses the change, or the rows would hold a value no record has).
     */
    List<Hazard> changedKeys(List<SetAttribute> sets) {
        List<Hazard> hazards = new ArrayList<>();
        for (SetAttribute set : sets) {
            rowsByReference.forEach((reference, rows) -> {
                if (!set.attribute().equals(reference.targetAttribute())) {
                    return;
                }
                hazards.add(new Hazard(HazardKind.REFERENCED_KEY, true, reference.key(), reference.table(), rows,
                        List.of(), entity.name() + "." + set.attribute() + " of survivor " + plan.survivorId()
                        + " would change (" + set.strategy() + "), but " + rows + " rows of " + reference.table()
                        + " point at the merged records by " + String.join(", ", reference.targetColumns())
                        + ": they cannot follow the change", List.of(".field(\"" + set.attribute()
                                + "\", FieldStrategy.takeA()) to keep the survivor's value")));
            });
        }
        return hazards;
    }

    private static Hazard note(InboundReference reference, String message) {
        return new Hazard(HazardKind.UNSUPPORTED_REFERENCE, false, reference.key(), reference.table(), 0, List.of(),
                message, List.of());
    }
}
