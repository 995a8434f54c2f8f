package org.safemerge;

import org.safemerge.report.MergeGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.safemerge.graph.EntityType;
import org.safemerge.internal.BatchGroups;
import org.safemerge.internal.BatchRunner;
import org.safemerge.report.BatchReport;
import org.safemerge.report.BatchResult;
import org.safemerge.spi.AuditListener;
import org.safemerge.spi.BatchProgressListener;
import org.safemerge.spi.MergeExecutor;
import org.safemerge.spi.MergeGuard;
import org.safemerge.spi.TombstoneMarker;

/**
 * Many merges of one entity type at once, e.g. the duplicate-to-survivor map of an import. Each group is a merge
 * with the same strategies, policies, audit and safety rules as a {@link MergePlan}; the work runs set-based across
 * a chunk of groups (one statement per association for the whole chunk), one transaction per chunk.
 *
 * <pre>{@code
 * BatchMerge<Partner> batch = HibernateMerge.of(sessionFactory).batch(Partner.class)
 *         .merges(duplicateToSurvivor)          // chains resolve: C -> B, B -> A merges B and C into A
 *         .field("name", FieldStrategy.firstNonNull())
 *         .audit(new Slf4jAuditListener())
 *         .chunkSize(1000)                       // groups per transaction
 *         .progress(p -> log.info("{} of {} groups", p.groupsDone(), p.groupsTotal()))
 *         .build();
 * BatchReport preview = batch.dryRun();         // nothing written
 * try {
 *     BatchResult done = batch.execute();
 * } catch (BatchMergeException e) {            // chunks before the failure stay committed
 *     e.remaining();                            // the rest, to run again once the cause is fixed
 * }
 * }</pre>
 *
 * <p>Each group gets its own merge id and audit events (started, changes, then committed or rolled back when its
 * chunk's transaction ends). A failure rolls back the whole chunk it happened in; chunks before it stay committed.
 * Immutable; run it from the thread that owns the executor's session.
 *
 * @param <T> the entity's Java type
 */
public final class BatchMerge<T> {
    private final MergePlan<T> template;
    private final List<MergeGroup> groups;
    private final int chunkSize;
    private final BatchProgressListener progress;
    private final boolean skipBlockedGroups;

    private BatchMerge(MergePlan<T> template, List<MergeGroup> groups, int chunkSize, BatchProgressListener progress,
            boolean skipBlockedGroups) {
        this.template = template;
        this.groups = List.copyOf(groups);
        this.chunkSize = chunkSize;
        this.progress = progress;
        this.skipBlockedGroups = skipBlockedGroups;
    }

    /** Starts a batch for an entity class; integrations offer shortcuts, e.g. {@code HibernateMerge.of(sf)}. */
    public static <T> Builder<T> builder(MergeExecutor executor, Class<T> entityClass) {
        return new Builder<>(MergePlan.builder(executor, entityClass));
    }

    /** Starts a batch for an entity by its entity name (as in the association graph). */
    public static Builder<Object> builder(MergeExecutor executor, String entityName) {
        return new Builder<>(MergePlan.builder(executor, entityName));
    }

    /**
     * Plans every group from the current data and reports it; writes nothing and takes no locks. Reads one chunk
     * at a time, each in a read-only transaction of its own.
     */
    public BatchReport dryRun() {
        return BatchRunner.dryRun(this);
    }

    /**
     * Merges every group, one transaction per chunk of {@link #chunkSize()} groups.
     *
     * @return what was merged (and skipped, with {@code skipBlockedGroups()})
     * @throws BatchMergeException when a chunk fails: that chunk was rolled back, earlier chunks stay committed,
     *                             and the exception names them and offers the {@linkplain
     *                             BatchMergeException#remaining() remaining} groups
     */
    public BatchResult execute() {
        // one sample row id per row set is all planning needs; reports are not kept, the audit has every id
        BatchRunner.Outcome outcome = BatchRunner.execute(new BatchMerge<>(template.withSampleLimit(1), groups,
                chunkSize, progress, skipBlockedGroups));
        if (outcome.failure() != null) {
            throw new BatchMergeException(outcome.failure(), outcome.result(), outcome.rolledBack(),
                    outcome.failedGroup(), startingAt(outcome.resumeAt()));
        }
        return outcome.result();
    }

    /** The same batch from the group at {@code index} on (e.g. to resume after the groups already done). */
    public BatchMerge<T> startingAt(int index) {
        if (index < 0 || index > groups.size()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "startingAt(" + index + ") is outside the "
                    + groups.size() + " groups of the batch");
        }
        return withGroups(groups.subList(index, groups.size()));
    }

    /** The same batch for other groups of it (e.g. those not done). */
    BatchMerge<T> withGroups(List<MergeGroup> subset) {
        return new BatchMerge<>(template, subset, chunkSize, progress, skipBlockedGroups);
    }

    /**
     * The groups after chains were resolved, in the order their survivors were first given; ids of the entity's id
     * type.
     */
    public List<MergeGroup> groups() {
        return groups;
    }

    /**
     * The single merge this batch runs for {@code group}: same options, e.g. to dry-run one group on its own. Its
     * ids are checked and normalized as {@link MergePlan.Builder#build()} does.
     */
    public MergePlan<T> plan(MergeGroup group) {
        return template.forGroup(template.validated(Arguments.notNull(group, "plan(group)", "group")));
    }

    /** The merged entity type. */
    public EntityType entity() {
        return template.entity();
    }

    /** The executor the batch runs on. */
    public MergeExecutor executor() {
        return template.executor();
    }

    /** Groups per transaction. */
    public int chunkSize() {
        return chunkSize;
    }

    /** The progress listener, or null. */
    public BatchProgressListener progress() {
        return progress;
    }

    /** Whether blocked groups are skipped (and reported) instead of failing their chunk. */
    public boolean skipBlockedGroups() {
        return skipBlockedGroups;
    }

    /**
     * Collects the merges and their options. Not thread-safe. The options are those of {@link MergePlan.Builder}
     * and mean the same for every group; {@link #build()} validates them and the mapping before any SQL runs.
     *
     * @param <T> the entity's Java type
     */
    public static final class Builder<T> {
        private final MergePlan.Builder<T> options;
        private final List<MergeGroup> declared = new ArrayList<>();
        private int chunkSize = 1000;
        private BatchProgressListener progress;
        private boolean skipBlockedGroups;

        private Builder(MergePlan.Builder<T> options) {
            this.options = options;
        }

        /** Merges {@code duplicateId} into {@code survivorId}. */
        public Builder<T> merge(Object duplicateId, Object survivorId) {
            requireId(duplicateId, "duplicate of " + survivorId);
            // named here, so that the message says whose survivor is missing
            requireId(survivorId, "survivor of " + duplicateId);
            return group(survivorId, List.of(duplicateId));
        }

        /** Merges each key (a duplicate) into its value (its survivor); chains resolve to their end. */
        public Builder<T> merges(Map<?, ?> duplicateToSurvivor) {
            Arguments.notNull(duplicateToSurvivor, "merges(duplicateToSurvivor)", "duplicateToSurvivor");
            duplicateToSurvivor.forEach((duplicate, survivor) -> merge(duplicate, survivor));
            return this;
        }

        /** Merges the duplicates into the survivor, like one {@link MergePlan}. */
        public Builder<T> group(Object survivorId, Object... duplicateIds) {
            if (duplicateIds == null) {
                throw new MergeException(MergeErrorCode.NULL_ID, "group(survivorId, duplicateIds...) was given null "
                        + "duplicate ids (survivor " + survivorId + ")");
            }
            return group(survivorId, Arrays.asList(duplicateIds));
        }

        /** Same as {@link #group(Object, Object...)}. */
        public Builder<T> group(Object survivorId, Collection<?> duplicateIds) {
            Arguments.notNull(duplicateIds, "group(survivorId, duplicateIds)", "duplicateIds");
            requireId(survivorId, "survivor of " + duplicateIds);
            if (duplicateIds.isEmpty()) {
                throw new MergeException(MergeErrorCode.NO_DUPLICATES, "the group of survivor " + survivorId
                        + " has no duplicates");
            }
            for (Object duplicate : duplicateIds) {
                requireId(duplicate, "duplicate of " + survivorId);
            }
            declared.add(new MergeGroup(survivorId, new ArrayList<>(duplicateIds)));
            return this;
        }

        private static Object requireId(Object id, String what) {
            if (id == null) {
                throw new MergeException(MergeErrorCode.NULL_ID, "a batch merge was given a null id (" + what + ")");
            }
            return id;
        }

        /** See {@link MergePlan.Builder#field}. */
        public Builder<T> field(String attribute, FieldStrategy strategy) {
            options.field(attribute, strategy);
            return this;
        }

        /** See {@link MergePlan.Builder#association}. */
        public Builder<T> association(String association, AssociationPolicy policy) {
            options.association(association, policy);
            return this;
        }

        /** See {@link MergePlan.Builder#selfReferences}. */
        public Builder<T> selfReferences(SelfReferencePolicy policy) {
            options.selfReferences(policy);
            return this;
        }

        /** See {@link MergePlan.Builder#sensitive}. */
        public Builder<T> sensitive(String... attributes) {
            options.sensitive(attributes);
            return this;
        }

        /** See {@link MergePlan.Builder#keepDuplicates}. */
        public Builder<T> keepDuplicates(TombstoneMarker<T> marker) {
            options.keepDuplicates(marker);
            return this;
        }

        /** See {@link MergePlan.Builder#audit}; every group's events carry that group's merge id. */
        public Builder<T> audit(AuditListener... listeners) {
            options.audit(listeners);
            return this;
        }

        /**
         * See {@link MergePlan.Builder#guard}: every group is checked (in the dry run, and after its chunk's locks
         * in execution); a vetoed group fails its chunk with {@code MERGE_VETOED}, or with
         * {@link #skipBlockedGroups()} is skipped and listed with its {@code VETOED} hazard.
         */
        public Builder<T> guard(MergeGuard<T> guard) {
            options.guard(guard);
            return this;
        }

        /** See {@link MergePlan.Builder#continueOnAuditFailure}. */
        public Builder<T> continueOnAuditFailure() {
            options.continueOnAuditFailure();
            return this;
        }

        /** See {@link MergePlan.Builder#sampleLimit}. */
        public Builder<T> sampleLimit(int limit) {
            options.sampleLimit(limit);
            return this;
        }

        /** See {@link MergePlan.Builder#auditChunkSize}. */
        public Builder<T> auditChunkSize(int size) {
            options.auditChunkSize(size);
            return this;
        }

        /**
         * Groups per transaction (default 1000). Larger chunks mean fewer statements and longer-held locks; a failure
         * rolls back one chunk.
         */
        public Builder<T> chunkSize(int groupsPerTransaction) {
            if (groupsPerTransaction < 1) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "chunkSize must be >= 1, was "
                        + groupsPerTransaction);
            }
            this.chunkSize = groupsPerTransaction;
            return this;
        }

        /** Receives progress after each committed chunk. */
        public Builder<T> progress(BatchProgressListener listener) {
            this.progress = Arguments.notNull(listener, "progress(listener)", "listener");
            return this;
        }

        /**
         * A group whose plan is blocked (a hazard only the caller can resolve, or a guard's veto) is left alone
         * and reported in {@link BatchResult#skipped()}, instead of failing its chunk. Its audit events end with a
         * rolled-back event naming the hazard ({@code MERGE_VETOED} for a veto).
         */
        public Builder<T> skipBlockedGroups() {
            this.skipBlockedGroups = true;
            return this;
        }

        /**
         * Normalizes every id to the entity's id type as {@link MergePlan.Builder#build()} does (so {@code 1} and
         * {@code 1L} are one record), resolves chains, refuses cycles and ambiguous mappings (naming the ids),
         * validates the options against the association graph and returns the immutable batch. Nothing touches
         * the database.
         */
        public BatchMerge<T> build() {
            if (declared.isEmpty()) {
                throw new MergeException(MergeErrorCode.NO_DUPLICATES, "the batch has no merges: call merge(...), "
                        + "merges(...) or group(...)");
            }
            MergePlan<T> template = options.buildFor(declared.get(0));
            List<MergeGroup> normalized = declared.stream().map(template::validated).toList();
            List<MergeGroup> groups = BatchGroups.resolve(template.entity().name(), normalized);
            return new BatchMerge<>(template, groups, chunkSize, progress, skipBlockedGroups);
        }
    }
}
