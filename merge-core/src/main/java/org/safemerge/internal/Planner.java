package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.ConflictResolution;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.HazardOption;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowSelection;
import org.safemerge.report.RowStep;
import org.safemerge.report.SetAttribute;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.MergeStore;
import org.safemerge.spi.ReferenceState;
import org.safemerge.spi.RowSet;

/**
 * Turns a merge request and the current data into ordered steps and hazards. Reads through the {@link MergeStore}
 * only; writes nothing. Step order: the survivor's to-ones into its own hierarchy (they may point at a duplicate,
 * which must be released before it goes), then each reference (sorted by key: the survivor's leaving rows first,
 * then each duplicate's skipped, leaving and moving rows), then the duplicates' removal, then the other survivor
 * attributes (after the removal, so that taking a duplicate's unique value, e.g. its email, cannot collide with
 * the duplicate still holding it), then the version bump.
 */
public final class Planner {
    final MergePlan<?> plan;
    final AssociationGraph graph;
    final MergeStore store;
    private final EntityType entity;
    final List<Step> steps = new ArrayList<>();
    final List<Hazard> hazards = new ArrayList<>();
    private final Fingerprint fingerprint = new Fingerprint();
    /** The store's digest of the rows of each reference pointing at each record, as inspected. */
    private final Map<RowsKey, String> rowDigests = new HashMap<>();
    /** The digests of the steps of merges of conflicting rows planned inside this one (their own planners'). */
    final Map<Step, String> nestedRowDigests = new IdentityHashMap<>();

    /** The rows of a reference that point at a record. */
    private record RowsKey(String reference, Object record) {
    }
    private final KeyReferences keys;
    /** Merges of conflicting rows planned inside this one, and where it stands among nested merges. */
    final RowMerges rowMerges;

    private Planner(MergePlan<?> plan, MergeStore store, RowMerges.Chain chain) {
        this.plan = plan;
        this.graph = plan.executor().graph();
        this.store = store;
        this.entity = plan.entity();
        this.keys = new KeyReferences(plan, entity);
        this.rowMerges = new RowMerges(this, chain);
    }

    /** Plans for a dry run: reads only, takes no locks. */
    public static PlannedMerge plan(MergePlan<?> plan, MergeStore store) {
        return plan(plan, store, false);
    }

    /**
     * Plans a merge.
     *
     * @param locking whether the records of merges of conflicting rows are locked before they are read (an
     *                execution or rehearsal; the plan's own records are locked by the run)
     */
    public static PlannedMerge plan(MergePlan<?> plan, MergeStore store, boolean locking) {
        return Guards.check(plan, store, new Planner(plan, store, RowMerges.Chain.top(plan.entity(), locking)).run());
    }

    /** Plans a merge of conflicting rows inside another merge. */
    static PlannedMerge planNested(MergePlan<?> plan, MergeStore store, RowMerges.Chain chain) {
        return new Planner(plan, store, chain).run();
    }

    /** Adds a value to the fingerprint (the data a nested merge was planned from). */
    void fingerprint(String label, Object value) {
        fingerprint.add(label, value);
    }

    private PlannedMerge run() {
        EntitySnapshot survivor = ofPlanType("survivor", store.read(entity, plan.survivorId()).orElseThrow(
                () -> new MergeException(MergeErrorCode.SURVIVOR_NOT_FOUND, "survivor " + entity.name() + " "
                        + plan.survivorId() + " does not exist (or is soft-deleted)")));
        List<EntitySnapshot> duplicates = new ArrayList<>();
        for (Object id : plan.duplicateIds()) {
            duplicates.add(ofPlanType("duplicate", store.read(entity, id).orElseThrow(() -> new MergeException(
                    MergeErrorCode.DUPLICATE_NOT_FOUND, "duplicate " + entity.name() + " " + id + " does not "
                            + "exist: it was deleted, already merged, or is soft-deleted"))));
        }
        checkTypes(survivor, duplicates);
        cascadesFromDuplicates(duplicates);
        fingerprint.add(survivor);
        duplicates.forEach(fingerprint::add);

        List<SetAttribute> otherAttributes = new ArrayList<>();
        List<SetAttribute> attributeSets = planAttributes(survivor, duplicates);
        for (SetAttribute set : attributeSets) {
            if (selfReferencing(entity.attribute(set.attribute()).orElseThrow())) {
                steps.add(set);
            } else {
                otherAttributes.add(set);
            }
        }
        for (InboundReference reference : graph.referencesTo(entity)) {
            if (reference.has(ReferenceFlag.UNSUPPORTED)) {
                hazards.add(keys.unsupported(reference, plan.associationPolicies().get(reference.key())));
            } else {
                planReference(reference);
            }
        }
        hazards.addAll(keys.changedKeys(attributeSets));
        for (Object id : plan.duplicateIds()) {
            steps.add(plan.tombstoneMarker() != null
                    ? new KeepDuplicate(entity.name(), id, plan.survivorId())
                    : new DeleteDuplicate(entity.name(), id, entity.softDeleted()));
        }
        steps.addAll(otherAttributes);
        if (entity.versioned()) {
            steps.add(new BumpVersion(entity.name(), plan.survivorId(), entity.versionAttribute()));
        }
        // what would be done, not only the data: a reviewed report of another plan must not pass as this one
        steps.forEach(fingerprint::add);
        return new PlannedMerge(survivor, duplicates, steps, hazards, fingerprint.value(), rowMerges.planned(),
                steps.stream().map(this::rowDigest).toList());
    }

    /**
     * The digest of the rows {@code step} selects from: every row of its reference pointing at its {@code from}
     * record (the rows its selection leaves out are named in the step). Equal digests and equal steps mean the step
     * changes the same rows.
     */
    private String rowDigest(Step step) {
        String nested = nestedRowDigests.get(step);
        if (nested != null) {
            return nested;
        }
        if (step instanceof RowStep row) {
            return Objects.toString(rowDigests.get(new RowsKey(row.reference(), row.from())), "");
        }
        return "";
    }

    /**
     * Deleting a duplicate must not cascade through its own to-ones (its badge, or its parent: B.parent = A with
     * cascade REMOVE would delete the survivor). Blocked here, so the dry run shows what execute() would refuse.
     */
    private void cascadesFromDuplicates(List<EntitySnapshot> duplicates) {
        if (plan.tombstoneMarker() != null) {
            return;
        }
        for (InboundReference reference : graph.references()) {
            if (!reference.has(ReferenceFlag.CASCADE_REMOVE_FROM_SOURCE) || reference.names().isEmpty()) {
                continue;
            }
            String owner = reference.names().get(0);
            Optional<EntityAttribute> toOne = entity.attributes().stream()
                    .filter(a -> a.kind() == AttributeKind.TO_ONE && !Attributes.inverseToOne(graph, entity, a))
                    .filter(a -> graph.typeAndSupertypes(entity).stream()
                            .anyMatch(t -> owner.equals(t.name() + "." + a.name())))
                    .findFirst();
            if (toOne.isEmpty()) {
                continue;
            }
            for (EntitySnapshot duplicate : duplicates) {
                Object target = duplicate.values().get(toOne.get().name());
                if (target != null) {
                    hazards.add(new Hazard(HazardKind.CASCADE_FROM_DUPLICATE, true, reference.key(),
                            reference.table(), 1, List.of(target), "deleting duplicate " + entity.name() + " "
                            + duplicate.id() + " would cascade REMOVE through " + owner + " to "
                            + reference.targetEntity() + " " + target + ", which the merge does not delete",
                            List.of(".keepDuplicates(...) to keep the duplicate as a tombstone instead of deleting it",
                                    "clear " + owner + " on the duplicate first, or drop cascade REMOVE from it")));
                }
            }
        }
    }

    /**
     * A record the store found under the plan's id but of a type outside the plan's (its supertype, a sibling
     * subtype, another hierarchy sharing the table) is refused before anything is planned from it.
     */
    private EntitySnapshot ofPlanType(String role, EntitySnapshot record) {
        if (!record.entity().equals(entity.name()) && !entity.subTypes().contains(record.entity())) {
            throw new MergeException(MergeErrorCode.WRONG_ENTITY_TYPE, role + " " + entity.name() + " "
                    + record.id() + " is a " + record.entity() + ", not a " + entity.name() + (entity.subTypes()
                    .isEmpty() ? "" : " nor one of its subtypes " + entity.subTypes()) + ": pass the id of a "
                    + entity.name() + ", or merge " + record.entity() + " records in a " + record.entity()
                    + " merge");
        }
        return record;
    }

    /** All records must be of one concrete type: FKs to a subtype table must stay valid. */
    private void checkTypes(EntitySnapshot survivor, List<EntitySnapshot> duplicates) {
        for (EntitySnapshot record : duplicates) {
            if (!record.entity().equals(survivor.entity())) {
                throw new MergeException(MergeErrorCode.WRONG_ENTITY_TYPE, "duplicate " + record.id() + " is a "
                        + record.entity() + " but survivor " + survivor.id() + " is a " + survivor.entity()
                        + "; records of different subtypes cannot be merged (their tables and references differ)");
            }
        }
    }

    private List<SetAttribute> planAttributes(EntitySnapshot survivor, List<EntitySnapshot> duplicates) {
        List<SetAttribute> sets = new ArrayList<>();
        for (EntityAttribute attribute : entity.attributes()) {
            AttributeKind kind = attribute.kind();
            if (kind != AttributeKind.BASIC && kind != AttributeKind.EMBEDDED && kind != AttributeKind.TO_ONE
                    || Attributes.inverseToOne(graph, entity, attribute)) {
                continue;
            }
            FieldStrategy strategy = plan.fieldStrategies().getOrDefault(attribute.name(), FieldStrategy.takeA());
            Object before = survivor.values().get(attribute.name());
            String targetIdType = attribute.kind() == AttributeKind.TO_ONE && attribute.targetEntity() != null
                    ? graph.entity(attribute.targetEntity()).map(EntityType::idJavaType).orElse(null) : null;
            Object after = FieldResolver.resolve(entity, attribute, targetIdType, strategy, survivor, duplicates);
            if (selfReferencing(attribute)) {
                after = normalizeSelfReference(attribute, before, after);
            }
            if (!Objects.equals(before, after)) {
                sets.add(new SetAttribute(entity.name(), plan.survivorId(), attribute.name(), before, after,
                        strategy.describe(), sensitive(attribute)));
            }
        }
        return sets;
    }

    private boolean sensitive(EntityAttribute attribute) {
        return attribute.sensitive() || plan.sensitiveAttributes().contains(attribute.name());
    }

    private boolean selfReferencing(EntityAttribute attribute) {
        return Attributes.selfReferencing(graph, entity, attribute);
    }

    /** A to-one that would point at a duplicate points at the survivor instead; a new self-loop follows the policy. */
    private Object normalizeSelfReference(EntityAttribute attribute, Object before, Object after) {
        // null-safe: the duplicate id list is immutable and rejects contains(null)
        Object normalized = after != null && plan.duplicateIds().contains(after) ? plan.survivorId() : after;
        if (!Objects.equals(normalized, plan.survivorId()) || Objects.equals(before, plan.survivorId())) {
            return normalized;
        }
        SelfReferencePolicy policy = plan.selfReferences();
        if (policy == SelfReferencePolicy.ALLOW_LOOP) {
            return normalized;
        }
        if (policy == SelfReferencePolicy.UNASSIGN && attribute.nullable()) {
            return null;
        }
        hazards.add(Hazard.withChoices(HazardKind.SELF_REFERENCE, true, attribute.name(), entity.table(), 1,
                List.of(plan.survivorId()), entity.name() + "." + attribute.name() + " of survivor "
                + plan.survivorId() + " would point at " + after + ", which is merged into the survivor: the "
                + "survivor would reference itself" + (policy == SelfReferencePolicy.UNASSIGN
                        ? " and the attribute is NOT NULL, so it cannot be unassigned" : ""),
                selfReferenceOptions(attribute.nullable())));
        return after;
    }

    private static List<HazardOption> selfReferenceOptions(boolean nullable) {
        List<HazardOption> options = new ArrayList<>();
        if (nullable) {
            options.add(HazardOption.selfReferences(SelfReferencePolicy.UNASSIGN.name(), "set it to NULL"));
        }
        options.add(HazardOption.selfReferences(SelfReferencePolicy.ALLOW_LOOP.name(),
                "let the survivor point at itself"));
        return options;
    }

    private void planReference(InboundReference reference) {
        int limit = Math.max(plan.sampleLimit(), 1);
        ReferenceState state = store.inspect(reference, plan.survivorId(), plan.duplicateIds(), limit);
        recordFingerprint(reference, state);
        keys.counted(reference, state);

        Optional<EntityAttribute> collection = entity.attributes().stream()
                .filter(a -> reference.key().equals(a.reference()) && Attributes.decidedByLinks(graph, entity, a))
                .findFirst();
        boolean mappedToOne = entity.attributes().stream()
                .anyMatch(a -> a.kind() == AttributeKind.TO_ONE && reference.key().equals(a.reference())
                        && !Attributes.inverseToOne(graph, entity, a));
        FieldStrategy strategy = collection.map(a -> plan.fieldStrategies().get(a.name()))
                .orElse(FieldStrategy.union());
        strategy = strategy == null ? FieldStrategy.union() : strategy;
        AssociationPolicy policy = plan.associationPolicies().getOrDefault(reference.key(),
                AssociationPolicy.repoint());
        String strategyAttribute = collection.map(EntityAttribute::name).orElse(null);
        ReferencePlan rp = new ReferencePlan(reference, policy, strategyAttribute);

        boolean survivorLeaves = strategy instanceof FieldStrategy.TakeB;
        boolean unionOrTakeB = strategy instanceof FieldStrategy.Union || strategy instanceof FieldStrategy.TakeB;
        KeyConflicts keyConflicts = reference.unique() || policy.unassignDuplicateRows() || !unionOrTakeB
                ? KeyConflicts.NONE : KeyConflicts.read(this, rp, survivorLeaves,
                        strategy instanceof FieldStrategy.TakeB ? 1 : plan.duplicateIds().size());
        List<Object> occupants = new ArrayList<>();
        if (survivorLeaves && !state.pointingAtSurvivor().isEmpty()) {
            rp.leave(plan.survivorId(), RowSelection.all(), state.pointingAtSurvivor());
        } else {
            occupants.addAll(state.pointingAtSurvivor().sampleRowIds());
        }
        long affected = 0;
        for (int i = 0; i < plan.duplicateIds().size(); i++) {
            Object duplicate = plan.duplicateIds().get(i);
            RowSet rows = state.pointingAtDuplicates().get(i);
            RowSet selfRows = state.survivorSelfRows(i);
            List<Object> excluded = new ArrayList<>();
            long count = rows.count();
            if (!selfRows.isEmpty()) {
                count -= selfRows.count();
                excluded.addAll(selfRows.sampleRowIds());
                if (!mappedToOne) {
                    handleUnmappedSelfRows(rp, duplicate, selfRows);
                }
            }
            if (count <= 0) {
                continue;
            }
            affected += count;
            RowSet bulk = subset(count, without(rows.sampleRowIds(), excluded));
            RowSelection selection = excluded.isEmpty() ? RowSelection.all() : RowSelection.allExcept(excluded);
            boolean moves = !policy.unassignDuplicateRows() && (strategy instanceof FieldStrategy.Union
                    || (strategy instanceof FieldStrategy.TakeB && i == 0));
            if (!moves) {
                rp.leave(duplicate, selection, bulk);
            } else if (KeyReferences.survivorHasNoKey(reference, state)) {
                hazards.add(keys.survivorWithoutKey(reference, duplicate, bulk, rp.sample(bulk)));
            } else if (reference.kind().isLink()) {
                RowSet identical = survivorLeaves && i == 0 ? RowSet.EMPTY : state.identicalLinks(i);
                rp.moveLinks(duplicate, bulk, identical);
            } else if (reference.unique() && !occupants.isEmpty()) {
                rp.uniqueConflict(duplicate, selection, bulk, occupants);
            } else if (keyConflicts.of(i)) {
                // rows that conflict on a unique key are resolved one by one; the others move together
                List<Object> staying = new ArrayList<>(excluded);
                staying.addAll(keyConflicts.resolve(i));
                long moving = count - (staying.size() - excluded.size());
                if (moving > 0) {
                    rp.repoint(duplicate, RowSelection.allExcept(staying), subset(moving,
                            without(rows.sampleRowIds(), staying)));
                }
            } else {
                rp.repoint(duplicate, selection, bulk);
                occupants.addAll(bulk.sampleRowIds());
            }
        }
        warnings(reference, affected);
    }

    private void recordFingerprint(InboundReference reference, ReferenceState state) {
        fingerprint.add(reference.key() + "@survivor", state.pointingAtSurvivor());
        rowDigests.put(new RowsKey(reference.key(), plan.survivorId()), Objects.toString(
                state.pointingAtSurvivor().digest(), ""));
        for (int i = 0; i < state.pointingAtDuplicates().size(); i++) {
            rowDigests.put(new RowsKey(reference.key(), plan.duplicateIds().get(i)), Objects.toString(
                    state.pointingAtDuplicates().get(i).digest(), ""));
            fingerprint.add(reference.key() + "@" + i, state.pointingAtDuplicates().get(i));
            fingerprint.add(reference.key() + "@identical" + i, state.identicalLinks(i));
            fingerprint.add(reference.key() + "@self" + i, state.survivorSelfRows(i));
        }
        if (!state.referencedKeys().isEmpty()) {
            fingerprint.add(reference.key() + "@keys", state.referencedKeys());
        }
    }

    /** The survivor's own row points at a duplicate through a column the mapping does not know. */
    private void handleUnmappedSelfRows(ReferencePlan rp, Object duplicate, RowSet selfRows) {
        InboundReference reference = rp.reference;
        SelfReferencePolicy policy = plan.selfReferences();
        if (policy == SelfReferencePolicy.ALLOW_LOOP) {
            steps.add(new RepointReferences(reference.key(), reference.table(), duplicate, plan.survivorId(),
                    RowSelection.only(selfRows.sampleRowIds()), selfRows.count(), selfRows.sampleRowIds()));
        } else if (policy == SelfReferencePolicy.UNASSIGN && reference.nullable()) {
            steps.add(new UnassignReferences(reference.key(), reference.table(), duplicate,
                    RowSelection.only(selfRows.sampleRowIds()), selfRows.count(), selfRows.sampleRowIds()));
        } else {
            hazards.add(Hazard.withChoices(HazardKind.SELF_REFERENCE, true, reference.key(), reference.table(),
                    selfRows.count(), selfRows.sampleRowIds(), "survivor " + plan.survivorId() + " points at "
                    + "duplicate " + duplicate + " through " + reference.key() + "; re-pointing would make it "
                    + "reference itself", selfReferenceOptions(reference.nullable())));
        }
    }

    /** Notes on a reference with rows; a disagreement between mapping and database in every plan, rows or not. */
    private void warnings(InboundReference reference, long rows) {
        if (rows > 0) {
            rowWarnings(reference, rows);
        }
        if (!reference.notes().isEmpty()) {
            note(HazardKind.MAPPING_MISMATCH, reference, rows, String.join("; ", reference.notes()));
        }
    }

    private void rowWarnings(InboundReference reference, long rows) {
        if (reference.has(ReferenceFlag.ON_DELETE_CASCADE)) {
            note(HazardKind.ON_DELETE_CASCADE, reference, rows, "the database FK "
                    + Objects.toString(reference.constraintName(), "") + " has ON DELETE CASCADE: deleting the "
                    + "duplicate would delete these rows. They are handled before the duplicate is deleted, so the "
                    + "cascade never fires");
        }
        if (reference.has(ReferenceFlag.CASCADE_REMOVE) && reference.kind().isLink()) {
            note(HazardKind.CASCADE_REMOVE_IGNORED, reference, rows, "the mapping cascades REMOVE to "
                    + Objects.toString(reference.sourceEntity(), "the linked entities") + "; SafeMerge changes "
                    + "join rows only and never lets that cascade fire");
        }
        if (reference.has(ReferenceFlag.DERIVED_IDENTITY)) {
            note(HazardKind.DERIVED_IDENTITY, reference, rows, "the FK is part of the primary key of "
                    + reference.table() + " (derived identity): re-pointing changes primary keys");
        }
        if (reference.rowKeyColumns().isEmpty()) {
            note(HazardKind.NO_ROW_IDS, reference, rows, reference.table() + " has no primary key: "
                    + "counts are exact but row ids cannot be reported or audited");
        }
    }

    /** Hazards use the reference key as subject, like the steps, so a report groups both under one association. */
    private void note(HazardKind kind, InboundReference reference, long rows, String message) {
        hazards.add(new Hazard(kind, false, reference.key(), reference.table(), rows, List.of(), message,
                List.of()));
    }

    /**
     * Part of a reference's rows: {@code count} of them, sampled by {@code ids}. Counts of parts come from several
     * reads (a dry run takes no locks: a row may appear between them), so the sample is cut to the count rather than
     * refused.
     */
    private static RowSet subset(long count, List<Object> ids) {
        return new RowSet(count, ids.size() > count ? ids.subList(0, (int) Math.max(0, count)) : ids);
    }

    private static List<Object> without(List<Object> ids, List<Object> excluded) {
        if (excluded.isEmpty()) {
            return ids;
        }
        List<Object> kept = new ArrayList<>(ids);
        kept.removeAll(excluded);
        return kept;
    }

    /** Emits the steps and hazards of one reference. */
    final class ReferencePlan {
        final InboundReference reference;
        final AssociationPolicy policy;
        /** What options and messages call the reference: a name {@code association(...)} accepts. */
        final String name;
        private final String strategyAttribute;

        ReferencePlan(InboundReference reference, AssociationPolicy policy, String strategyAttribute) {
            this.reference = reference;
            this.policy = policy;
            this.name = reference.displayName();
            this.strategyAttribute = strategyAttribute;
        }

        void repoint(Object from, RowSelection selection, RowSet rows) {
            steps.add(new RepointReferences(reference.key(), reference.table(), from, plan.survivorId(), selection,
                    rows.count(), sample(rows)));
        }

        void moveLinks(Object from, RowSet rows, RowSet identical) {
            if (!identical.isEmpty()) {
                if (policy.conflicts().orElse(ConflictPolicy.SKIP_DUPLICATE) == ConflictPolicy.FAIL) {
                    blocked(HazardKind.UNIQUE_CONFLICT, identical, identical.count() + " links of duplicate " + from
                            + " already exist on survivor " + plan.survivorId() + " and onConflict(FAIL) is set",
                            List.of(HazardOption.onConflict(name, ConflictPolicy.SKIP_DUPLICATE.name(),
                                    "skip the identical links (nothing is lost)")));
                    return;
                }
                steps.add(new SkipDuplicateLinks(reference.key(), reference.table(), from, plan.survivorId(),
                        RowSelection.all(), identical.count(), sample(identical)));
            }
            long moving = rows.count() - identical.count();
            if (moving > 0) {
                steps.add(new MoveLinks(reference.key(), reference.table(), from, plan.survivorId(),
                        RowSelection.all(), moving, sample(subset(moving, without(rows.sampleRowIds(),
                        identical.sampleRowIds())))));
            }
        }

        /** Rows must stop pointing at {@code from}: unassign, delete where allowed, or block. */
        void leave(Object from, RowSelection selection, RowSet rows) {
            if (reference.kind().isLink()) {
                if (reference.has(ReferenceFlag.ORPHAN_REMOVAL)) {
                    blocked(HazardKind.ORPHAN_REMOVAL, rows, rows.count() + " rows of " + reference.table()
                            + " would leave a collection with orphanRemoval, which deletes them", keepOptions());
                    return;
                }
                steps.add(new RemoveLinks(reference.key(), reference.table(), from, selection, rows.count(),
                        sample(rows)));
                return;
            }
            if (reference.has(ReferenceFlag.ORPHAN_REMOVAL) || !reference.nullable()) {
                if (policy.deleteAllowed()) {
                    steps.add(new DeleteReferencingRows(reference.key(), reference.table(), from, selection,
                            rows.count(), sample(rows)));
                    return;
                }
                boolean orphan = reference.has(ReferenceFlag.ORPHAN_REMOVAL);
                List<HazardOption> options = keepOptions();
                options.add(HazardOption.allowDelete(name, "delete them (each deletion is audited)"));
                blocked(orphan ? HazardKind.ORPHAN_REMOVAL : HazardKind.NOT_NULL_CANNOT_UNASSIGN, rows,
                        rows.count() + " rows of " + reference.table() + " pointing at " + from + " must leave "
                        + name + ", but " + (orphan ? "the collection has orphanRemoval (leaving deletes them)"
                        : String.join(", ", reference.columns()) + " is NOT NULL (they cannot be unassigned)")
                        + "; SafeMerge does not delete them unless allowed", options);
                return;
            }
            steps.add(new UnassignReferences(reference.key(), reference.table(), from, selection, rows.count(),
                    sample(rows)));
        }

        /** A unique FK: the survivor (or an earlier duplicate) already has the one allowed row. */
        void uniqueConflict(Object from, RowSelection selection, RowSet rows, List<Object> occupants) {
            Optional<ConflictResolution> chosen = policy.conflicts();
            Object duplicateRow = rows.sampleRowIds().isEmpty() ? null : rows.sampleRowIds().get(0);
            Object survivorRow = occupants.get(0);
            boolean oneEach = rows.count() == 1 && occupants.size() == 1;
            if (chosen.isEmpty() || chosen.get() == ConflictPolicy.FAIL
                    || chosen.get() instanceof ConflictResolution.KeepBoth
                    || chosen.get() instanceof ConflictResolution.MergeRows && !oneEach) {
                blocked(HazardKind.UNIQUE_CONFLICT, rows, "survivor " + plan.survivorId() + " already has row "
                        + survivorRow + " in " + reference.table() + " (" + name + " is unique); row "
                        + duplicateRow + " of duplicate " + from + " cannot also point at it"
                        + (chosen.isPresent() ? " and onConflict(" + chosen.get().describe() + ") is set" : ""),
                        conflictOptions());
                return;
            }
            String policyName = chosen.get().policyName();
            if (chosen.get() instanceof ConflictResolution.MergeRows merge) {
                steps.add(new ResolveConflict(reference.key(), reference.table(), policyName, survivorRow,
                        duplicateRow, rowMerges.describe(reference, survivorRow, duplicateRow)));
                rowMerges.merge(reference, merge, survivorRow, duplicateRow);
                return;
            }
            if (chosen.get() == ConflictPolicy.KEEP_B) {
                steps.add(new ResolveConflict(reference.key(), reference.table(), policyName, survivorRow,
                        duplicateRow, "row " + duplicateRow + " of duplicate " + from + " moves to the survivor; "
                        + "the survivor's row " + occupants + " leaves"));
                leaveLosing(plan.survivorId(), RowSelection.only(occupants), new RowSet(occupants.size(),
                        List.copyOf(occupants)));
                occupants.clear();
                repoint(from, selection, rows);
                occupants.addAll(rows.sampleRowIds());
            } else {
                steps.add(new ResolveConflict(reference.key(), reference.table(), policyName, survivorRow,
                        duplicateRow, "the survivor keeps row " + survivorRow + "; row " + duplicateRow
                        + " of duplicate " + from + " leaves"));
                leaveLosing(from, selection, rows);
            }
        }

        /**
         * The losing rows of conflicts leave {@code from}; where that deletes them, rows of their own pointing at
         * them (payments of a bank account) block the plan instead of being lost.
         */
        void leaveLosing(Object from, RowSelection selection, RowSet rows) {
            if (!reference.kind().isLink() && policy.deleteAllowed()
                    && (!reference.nullable() || reference.has(ReferenceFlag.ORPHAN_REMOVAL))
                    && rowMerges.blockIfReferenced(this, rows)) {
                return;
            }
            leave(from, selection, rows);
        }

        /** The plan options that resolve a unique conflict of this reference. */
        List<HazardOption> conflictOptions() {
            List<HazardOption> options = new ArrayList<>();
            for (ConflictPolicy option : List.of(ConflictPolicy.KEEP_A, ConflictPolicy.KEEP_B)) {
                options.add(onConflict(option.name(), null));
            }
            if (RowMerges.rowsAreEntities(graph, reference)) {
                options.add(onConflict("mergeRows()", "merge the two rows (rows pointing at the duplicate's row move "
                        + "to the survivor's)"));
            }
            return options;
        }

        /** {@code onConflict(ConflictPolicy.<resolution>)} on this reference, e.g. {@code KEEP_A}, {@code mergeRows()}. */
        HazardOption onConflict(String resolution, String effect) {
            return HazardOption.onConflict(name, resolution, effect);
        }

        private List<HazardOption> keepOptions() {
            List<HazardOption> options = new ArrayList<>();
            if (strategyAttribute != null) {
                options.add(HazardOption.field(strategyAttribute, "union", "keep them on the survivor"));
            }
            return options;
        }

        void blocked(HazardKind kind, RowSet rows, String message, List<HazardOption> options) {
            hazards.add(Hazard.withChoices(kind, true, reference.key(), reference.table(), rows.count(), sample(rows),
                    message, options));
        }

        List<Object> sample(RowSet rows) {
            List<Object> ids = rows.sampleRowIds();
            return ids.size() > plan.sampleLimit() ? ids.subList(0, plan.sampleLimit()) : ids;
        }
    }
}
