package org.safemerge;

import org.safemerge.report.MergeGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.safemerge.graph.EntityType;
import org.safemerge.internal.MergeRunner;
import org.safemerge.internal.RequestValidator;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeGuard;
import org.safemerge.spi.TombstoneMarker;

/**
 * A merge of one or more duplicate records into a survivor: what to merge and how, validated against the
 * association graph when it is {@linkplain Builder#build() built}. Immutable; safe to share between threads, but
 * each {@link #dryRun()} / {@link #execute()} runs on the executor's session, which usually belongs to one thread.
 *
 * <pre>{@code
 * MergePlan<Event> plan = HibernateMerge.of(session).plan(Event.class)
 *         .survivor(eventA.getId())
 *         .duplicates(eventB.getId())
 *         .field("tags", FieldStrategy.takeB())
 *         .build();
 * MergeReport preview = plan.dryRun();     // nothing written
 * MergeReport done = plan.execute(preview); // refuses if the data changed since the preview
 * }</pre>
 *
 * @param <T> the entity's Java type ({@code Object} when the plan names an entity by name)
 */
public final class MergePlan<T> {
    private final MergeExecutor executor;
    private final EntityType entity;
    private final Object survivorId;
    private final List<Object> duplicateIds;
    private final Map<String, FieldStrategy> fieldStrategies;
    private final Map<String, AssociationPolicy> associationPolicies;
    private final SelfReferencePolicy selfReferences;
    private final Set<String> sensitiveAttributes;
    private final TombstoneMarker<T> tombstoneMarker;
    private final List<AuditListener> auditListeners;
    private final List<MergeGuard<T>> guards;
    private final boolean abortOnAuditFailure;
    private final int sampleLimit;
    private final int auditChunkSize;
    private final String expectedFingerprint;
    /** The dry run {@link #execute(MergeReport)} was given, or null: names the step that went stale. */
    private final MergeReport reviewed;

    private MergePlan(Builder<T> b, EntityType entity, MergeGroup ids, Map<String, AssociationPolicy> policiesByKey,
            String expectedFingerprint) {
        this.executor = b.executor;
        this.entity = entity;
        this.survivorId = ids.survivorId();
        this.duplicateIds = ids.duplicateIds();
        this.fieldStrategies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.fieldStrategies));
        this.associationPolicies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policiesByKey));
        this.selfReferences = b.selfReferences;
        this.sensitiveAttributes = Set.copyOf(b.sensitive);
        this.tombstoneMarker = b.tombstoneMarker;
        this.auditListeners = List.copyOf(b.auditListeners);
        this.guards = List.copyOf(b.guards);
        this.abortOnAuditFailure = b.abortOnAuditFailure;
        this.sampleLimit = b.sampleLimit;
        this.auditChunkSize = b.auditChunkSize;
        this.expectedFingerprint = expectedFingerprint;
        this.reviewed = null;
    }

    private MergePlan(MergePlan<T> base, String expectedFingerprint, MergeReport reviewed) {
        this(base, base.survivorId, base.duplicateIds, base.sampleLimit, expectedFingerprint, reviewed);
    }

    private MergePlan(MergePlan<T> base, Object survivorId, List<Object> duplicateIds, int sampleLimit,
            String expectedFingerprint, MergeReport reviewed) {
        this.executor = base.executor;
        this.entity = base.entity;
        this.survivorId = survivorId;
        this.duplicateIds = List.copyOf(duplicateIds);
        this.fieldStrategies = base.fieldStrategies;
        this.associationPolicies = base.associationPolicies;
        this.selfReferences = base.selfReferences;
        this.sensitiveAttributes = base.sensitiveAttributes;
        this.tombstoneMarker = base.tombstoneMarker;
        this.auditListeners = base.auditListeners;
        this.guards = base.guards;
        this.abortOnAuditFailure = base.abortOnAuditFailure;
        this.sampleLimit = sampleLimit;
        this.auditChunkSize = base.auditChunkSize;
        this.expectedFingerprint = expectedFingerprint;
        this.reviewed = reviewed;
    }

    /**
     * Starts a plan for an entity class. Integrations offer shortcuts, e.g. {@code HibernateMerge.of(session)}.
     *
     * @param executor where the merge runs (e.g. merge-hibernate's executor)
     * @param entityClass the mapped entity class
     * @param <T> the entity's Java type
     * @return a builder; nothing is validated until {@link Builder#build()}
     */
    public static <T> Builder<T> builder(MergeExecutor executor, Class<T> entityClass) {
        Arguments.notNull(executor, "MergePlan.builder(executor, entityClass)", "executor");
        Arguments.notNull(entityClass, "MergePlan.builder(executor, entityClass)", "entityClass");
        return new Builder<>(executor, null, entityClass.getName());
    }

    /**
     * Starts a plan for an entity by its entity name (as in the {@link org.safemerge.graph.AssociationGraph}).
     *
     * @param executor where the merge runs
     * @param entityName the entity name
     * @return a builder; nothing is validated until {@link Builder#build()}
     */
    public static Builder<Object> builder(MergeExecutor executor, String entityName) {
        Arguments.notNull(executor, "MergePlan.builder(executor, entityName)", "executor");
        Arguments.notNull(entityName, "MergePlan.builder(executor, entityName)", "entityName");
        return new Builder<>(executor, entityName, null);
    }

    /**
     * Plans the merge from the current data and reports every step and hazard. Writes nothing, takes no locks and
     * does not flush the caller's pending changes.
     */
    public MergeReport dryRun() {
        return MergeRunner.dryRun(this);
    }

    /**
     * Executes the merge and rolls it back, reporting the real row counts (catches triggers and constraints the
     * mapping does not show). Audit listeners are not called: nothing remains.
     *
     * @throws MergeException as {@link #execute()} would
     */
    public MergeReport rehearse() {
        return MergeRunner.rehearse(this);
    }

    /**
     * Locks the records, plans from the data as it is now and executes every step, all or nothing.
     *
     * @throws MergeException {@code PLAN_BLOCKED} when a hazard stands (nothing changed), {@code PLAN_STALE} when
     *                        the plan expects a fingerprint the data no longer has, {@code MERGE_VETOED} when a
     *                        {@linkplain Builder#guard merge guard} refuses the locked records, and others on
     *                        failure; whenever it throws, the merge was rolled back
     */
    public MergeReport execute() {
        return MergeRunner.execute(this);
    }

    /**
     * Executes the merge only if the data still matches what {@code reviewed} (a dry run of this plan) showed;
     * otherwise fails with {@code PLAN_STALE} and changes nothing.
     */
    public MergeReport execute(MergeReport reviewed) {
        Arguments.notNull(reviewed, "execute(reviewed)", "reviewed");
        if (!entity.name().equals(reviewed.entity()) || !Objects.equals(String.valueOf(survivorId()),
                String.valueOf(reviewed.survivorId()))) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "execute(reviewed): the report is of the "
                    + reviewed.entity() + " merge " + reviewed.duplicateIds() + " -> " + reviewed.survivorId()
                    + ", this plan merges " + entity.name() + " " + duplicateIds() + " -> " + survivorId()
                    + "; give the dry run of this plan");
        }
        return new MergePlan<>(expecting(reviewed.fingerprint()), reviewed.fingerprint(), reviewed).execute();
    }

    /**
     * This plan, but {@link #execute()} refuses with {@code PLAN_STALE} unless the data's fingerprint equals
     * {@code fingerprint} (from {@link MergeReport#fingerprint()}, e.g. kept in an admin form between requests).
     */
    public MergePlan<T> expecting(String fingerprint) {
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "expecting(fingerprint) needs the "
                    + "fingerprint of a dry run (MergeReport.fingerprint())");
        }
        return new MergePlan<>(this, fingerprint, null);
    }

    /** The same plan for other records (one group of a batch); the ids were validated by the batch. */
    MergePlan<T> forGroup(MergeGroup group) {
        return new MergePlan<>(this, group.survivorId(), group.duplicateIds(), sampleLimit, null, null);
    }

    /** The ids of {@code group} checked as {@link Builder#build()} checks a plan's, normalized to the id type. */
    MergeGroup validated(MergeGroup group) {
        return new RequestValidator(executor.graph()).ids(entity, group.survivorId(), group.duplicateIds());
    }

    /** The same plan reading fewer sample row ids (a batch execution keeps no reports; the audit has every id). */
    MergePlan<T> withSampleLimit(int limit) {
        return new MergePlan<>(this, survivorId, duplicateIds, limit, expectedFingerprint, reviewed);
    }

    /** The executor the plan runs on. */
    public MergeExecutor executor() {
        return executor;
    }

    /** The merged entity type, as the association graph describes it. */
    public EntityType entity() {
        return entity;
    }

    /** The id of the record that stays (A), as a value of the entity's id type. */
    public Object survivorId() {
        return survivorId;
    }

    /** The ids of the records merged into the survivor and removed, in the order given, of the entity's id type. */
    public List<Object> duplicateIds() {
        return duplicateIds;
    }

    /** The explicit field strategies by attribute name (attributes not listed use the defaults). */
    public Map<String, FieldStrategy> fieldStrategies() {
        return fieldStrategies;
    }

    /** The explicit policies by reference key (references not listed are re-pointed). */
    public Map<String, AssociationPolicy> associationPolicies() {
        return associationPolicies;
    }

    /** What happens when the survivor would point at itself (default {@link SelfReferencePolicy#BLOCK}). */
    public SelfReferencePolicy selfReferences() {
        return selfReferences;
    }

    /** Attributes redacted in reports and audit events (the {@link Sensitive} ones and those named here). */
    public Set<String> sensitiveAttributes() {
        return sensitiveAttributes;
    }

    /** The tombstone marker, or null when duplicates are deleted. */
    public TombstoneMarker<T> tombstoneMarker() {
        return tombstoneMarker;
    }

    /** The audit listeners, in the order they were added; each receives every event of an execution. */
    public List<AuditListener> auditListeners() {
        return auditListeners;
    }

    /** The merge guards, in the order they were added; the first veto wins. */
    public List<MergeGuard<T>> guards() {
        return guards;
    }

    /** Whether a failing audit listener aborts and rolls back the merge (default true). */
    public boolean abortOnAuditFailure() {
        return abortOnAuditFailure;
    }

    /** How many row ids a report shows per step (default 20). */
    public int sampleLimit() {
        return sampleLimit;
    }

    /** How many row ids one audit event carries at most (default 1000). */
    public int auditChunkSize() {
        return auditChunkSize;
    }

    /** The fingerprint {@link #execute()} insists on, or null. */
    public String expectedFingerprint() {
        return expectedFingerprint;
    }

    /**
     * The reviewed dry run this plan executes against ({@link #execute(MergeReport)}), or null: when the data
     * changed, {@code PLAN_STALE} names the first step whose rows differ from the report's.
     */
    public MergeReport reviewed() {
        return reviewed;
    }

    /**
     * Collects and validates what a merge should do. Not thread-safe; {@link #build()} validates everything against
     * the association graph and fails fast, before any SQL, with a {@link MergeException} naming the bad value.
     *
     * <p>Defaults, which never lose data: attributes {@linkplain FieldStrategy#takeA() take A}, collections
     * {@linkplain FieldStrategy#union() union}; every association is {@linkplain AssociationPolicy#repoint()
     * re-pointed} and nothing but the duplicates is deleted; duplicates are deleted (not kept as tombstones);
     * self-references {@linkplain SelfReferencePolicy#BLOCK block}; no audit listeners, and a failing one aborts
     * the merge; reports show 20 row ids per step; audit events carry up to 1000 row ids.
     *
     * @param <T> the entity's Java type
     */
    public static final class Builder<T> {
        private final MergeExecutor executor;
        private final String entityName;
        private final String javaType;
        private Object survivorId;
        private boolean survivorSet;
        private final List<Object> duplicateIds = new ArrayList<>();
        private final Map<String, FieldStrategy> fieldStrategies = new LinkedHashMap<>();
        private final Map<String, AssociationPolicy> associationPolicies = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private SelfReferencePolicy selfReferences = SelfReferencePolicy.BLOCK;
        private final Set<String> sensitive = new LinkedHashSet<>();
        private TombstoneMarker<T> tombstoneMarker;
        private final List<AuditListener> auditListeners = new ArrayList<>();
        private final List<MergeGuard<T>> guards = new ArrayList<>();
        private boolean abortOnAuditFailure = true;
        private int sampleLimit = 20;
        private int auditChunkSize = 1000;

        private Builder(MergeExecutor executor, String entityName, String javaType) {
            this.executor = Arguments.notNull(executor, "MergePlan.builder", "executor");
            this.entityName = entityName;
            this.javaType = javaType;
        }

        /**
         * The record that stays (required). Its id as a value of the entity's id type, or one that converts to it
         * exactly (checked at {@link #build()}): a whole number of another type ({@code 3} for a {@code Long} id),
         * or the canonical text of a number or UUID ({@code "3"}); never an entity instance.
         */
        public Builder<T> survivor(Object id) {
            this.survivorId = id;
            this.survivorSet = true;
            return this;
        }

        /**
         * The records merged into the survivor and then removed (at least one), in priority order for takeB. Ids
         * as for {@link #survivor(Object)}.
         */
        public Builder<T> duplicates(Object... ids) {
            if (ids == null) {
                problems.add("duplicates(...) was given null");
                return this;
            }
            duplicateIds.addAll(Arrays.asList(ids));
            return this;
        }

        /** Same as {@link #duplicates(Object...)}. */
        public Builder<T> duplicates(Collection<?> ids) {
            if (ids == null) {
                problems.add("duplicates(...) was given null");
                return this;
            }
            duplicateIds.addAll(ids);
            return this;
        }

        /** How one attribute is decided; see {@link FieldStrategy} for defaults and applicability. */
        public Builder<T> field(String attribute, FieldStrategy strategy) {
            Arguments.notNull(attribute, "field(attribute, strategy)", "attribute");
            Arguments.notNull(strategy, "field(attribute, strategy)", "strategy");
            FieldStrategy previous = fieldStrategies.putIfAbsent(attribute, strategy);
            if (previous != null) {
                throw new MergeException(MergeErrorCode.CONFLICTING_STRATEGIES, "attribute '" + attribute
                        + "' has two strategies: " + previous.describe() + " and " + strategy.describe()
                        + "; give one");
            }
            return this;
        }

        /**
         * What happens to the rows of one association. {@code association} is the merged entity's attribute
         * ({@code tasks}), a mapping name ({@code Task.event}) or a reference key ({@code legacy_note(partner_id)}).
         */
        public Builder<T> association(String association, AssociationPolicy policy) {
            Arguments.notNull(association, "association(association, policy)", "association");
            Arguments.notNull(policy, "association(association, policy)", "policy");
            if (associationPolicies.putIfAbsent(association, policy) != null) {
                throw new MergeException(MergeErrorCode.CONFLICTING_POLICIES, "association '" + association
                        + "' has two policies; give one");
            }
            return this;
        }

        /** What to do when the survivor would point at itself (default {@link SelfReferencePolicy#BLOCK}). */
        public Builder<T> selfReferences(SelfReferencePolicy policy) {
            this.selfReferences = Arguments.notNull(policy, "selfReferences(policy)", "policy");
            return this;
        }

        /** Attributes whose values are redacted in reports and audit events (besides {@link Sensitive} ones). */
        public Builder<T> sensitive(String... attributes) {
            sensitive.addAll(Arrays.asList(Arguments.noNulls(attributes, "sensitive(attributes...)",
                    "attributes")));
            return this;
        }

        /**
         * Keep duplicates as tombstones instead of deleting them: {@code marker} is called with each managed
         * duplicate (e.g. to set {@code mergedInto}). References to them are re-pointed all the same.
         */
        public Builder<T> keepDuplicates(TombstoneMarker<T> marker) {
            this.tombstoneMarker = Arguments.notNull(marker, "keepDuplicates(marker)", "marker");
            return this;
        }

        /** Adds audit listeners; each receives every event of the merge. */
        public Builder<T> audit(AuditListener... listeners) {
            auditListeners.addAll(Arrays.asList(Arguments.noNulls(listeners, "audit(listeners...)", "listeners")));
            return this;
        }

        /**
         * Adds the application's own rule that may veto the merge (e.g. both patients have an active order of the
         * same type). Guards run in the order added, the first veto wins: in {@link MergePlan#dryRun()} after the
         * records were read (the report shows a blocking {@code VETOED} hazard), in {@code execute()} and
         * {@code rehearse()} after the records were locked, before anything is written (fails with
         * {@code MERGE_VETOED}, nothing changed). See {@link MergeGuard}.
         *
         * @throws MergeException {@code INVALID_ARGUMENT} when {@code guard} is null
         */
        public Builder<T> guard(MergeGuard<T> guard) {
            if (guard == null) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "guard(null): give a MergeGuard, e.g. "
                        + "merge -> MergeVerdict.allow()");
            }
            guards.add(guard);
            return this;
        }

        /**
         * Lets the merge continue when an audit listener throws (the failure is logged). By default such a failure
         * aborts and rolls back the merge, so no change happens without its audit record.
         */
        public Builder<T> continueOnAuditFailure() {
            this.abortOnAuditFailure = false;
            return this;
        }

        /** How many row ids a report shows per step (default 20; counts are always exact). */
        public Builder<T> sampleLimit(int limit) {
            if (limit < 0) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "sampleLimit must be >= 0, was " + limit);
            }
            this.sampleLimit = limit;
            return this;
        }

        /** How many row ids one audit event carries at most (default 1000). */
        public Builder<T> auditChunkSize(int size) {
            if (size < 1) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "auditChunkSize must be >= 1, was " + size);
            }
            this.auditChunkSize = size;
            return this;
        }

        /**
         * Validates the options and the ids of {@code group} and returns them as the plan of {@code group}; the
         * builder is left as it was.
         */
        MergePlan<T> buildFor(MergeGroup group) {
            return build(group.survivorId(), group.duplicateIds());
        }

        /**
         * Validates everything against the association graph and returns the immutable plan, its ids normalized to
         * the entity's id type.
         *
         * @throws MergeException naming the bad value; for ids: {@code NULL_ID}, {@code NO_DUPLICATES},
         *                        {@code INVALID_ARGUMENT} (not an id of the entity's id type, nor convertible to one
         *                        exactly, e.g. an entity instance), {@code WRONG_ENTITY_TYPE} (an entity of another
         *                        hierarchy), {@code SURVIVOR_IS_DUPLICATE} and {@code DUPLICATE_LISTED_TWICE} (in
         *                        any spelling: {@code 3}, {@code 3L} and {@code "3"} are one record)
         */
        public MergePlan<T> build() {
            if (!problems.isEmpty()) {
                throw new MergeException(MergeErrorCode.NULL_ID, String.join("; ", problems));
            }
            return build(survivorSet ? survivorId : null, duplicateIds);
        }

        private MergePlan<T> build(Object survivor, List<Object> duplicates) {
            RequestValidator validator = new RequestValidator(executor.graph());
            EntityType entity = validator.entity(entityName, javaType);
            MergeGroup ids = validator.ids(entity, survivor, duplicates);
            validator.strategies(entity, fieldStrategies, sensitive);
            Map<String, AssociationPolicy> byKey = validator.policies(entity, associationPolicies);
            return new MergePlan<>(this, entity, ids, byKey, null);
        }
    }
}
