package org.safemerge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How a unique conflict is resolved: moving a duplicate's row to the survivor would give the survivor two rows
 * with the same unique key (both have a profile; both have a task for the same person and role; both have the bank
 * account number). Given per association with {@link AssociationPolicy#onConflict(ConflictResolution)}. The simple
 * resolutions are the {@link ConflictPolicy} constants ({@code KEEP_A}, {@code KEEP_B}, {@code FAIL},
 * {@code SKIP_DUPLICATE}); two keep both rows' contents:
 *
 * <pre>{@code
 * .association("BankAccount.owner", AssociationPolicy.repoint().onConflict(ConflictPolicy.mergeRows()))
 * .association("Consent.person", AssociationPolicy.repoint()
 *         .onConflict(ConflictPolicy.keepBoth().set("archived_at", LocalDateTime.now())))
 * }</pre>
 *
 * Every resolution is row by row and audited ({@code ConflictResolved}); the dry run shows each conflict with both
 * rows and what happens to them. Implementations are immutable and thread-safe (as long as the values and
 * functions given to them are).
 */
public sealed interface ConflictResolution permits ConflictPolicy, ConflictResolution.MergeRows,
        ConflictResolution.KeepBoth {

    /** How deep merges of conflicting rows may nest: a row merge whose own rows conflict and merge, and so on. */
    int MAX_NESTED_MERGES = 3;

    /** The name reports and audit events give the resolution: {@code KEEP_A}, {@code MERGE_ROWS}, ... */
    String policyName();

    /** The resolution as reports and options show it. */
    String describe();

    /**
     * The duplicate's conflicting row is merged into the survivor's conflicting row, as a merge of that entity
     * inside the merge: rows pointing at the duplicate's row are re-pointed to the survivor's row (payments of a
     * bank account move to the account kept), its attributes are decided by field strategies (default: the
     * survivor's row's values, {@link FieldStrategy#takeA()}), then it is deleted. Only for rows that are entities
     * (a table mapped to an entity, keyed by its id). Nested merges may nest up to {@link #MAX_NESTED_MERGES} deep
     * through their own {@link #association} policies; a merge of an entity inside a merge of the same entity is
     * refused at {@code build()}. Immutable: every method returns a new instance.
     */
    final class MergeRows implements ConflictResolution {
        private final Map<String, FieldStrategy> fields;
        private final Map<String, AssociationPolicy> associations;

        MergeRows(Map<String, FieldStrategy> fields, Map<String, AssociationPolicy> associations) {
            this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            this.associations = Collections.unmodifiableMap(new LinkedHashMap<>(associations));
        }

        /** How one attribute of the kept row is decided (as {@link MergePlan.Builder#field}); default takeA. */
        public MergeRows field(String attribute, FieldStrategy strategy) {
            return new MergeRows(added(fields, attribute, strategy, "field(attribute, strategy)",
                    MergeErrorCode.CONFLICTING_STRATEGIES), associations);
        }

        /** What happens to rows pointing at the merged row (as {@link MergePlan.Builder#association}). */
        public MergeRows association(String association, AssociationPolicy policy) {
            return new MergeRows(fields, added(associations, association, policy, "association(name, policy)",
                    MergeErrorCode.CONFLICTING_POLICIES));
        }

        /** {@code current} and {@code name -> value}, both given, the name not given before. */
        private static <V> Map<String, V> added(Map<String, V> current, String name, V value, String call,
                MergeErrorCode twice) {
            if (name == null || name.isBlank() || value == null) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "mergeRows()." + call + " needs a name "
                        + "and a value, was (" + name + ", " + value + ")");
            }
            Map<String, V> more = new LinkedHashMap<>(current);
            if (more.putIfAbsent(name, value) != null) {
                throw new MergeException(twice, "mergeRows()." + call + ": '" + name + "' is given twice; give it "
                        + "once");
            }
            return more;
        }

        /** The field strategies of the row merge, by attribute. */
        public Map<String, FieldStrategy> fieldStrategies() {
            return fields;
        }

        /** The association policies of the row merge, by association name. */
        public Map<String, AssociationPolicy> associationPolicies() {
            return associations;
        }

        @Override
        public String policyName() {
            return "MERGE_ROWS";
        }

        @Override
        public String describe() {
            String options = fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().describe())
                    .collect(Collectors.joining(", "));
            String nested = associations.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().describe())
                    .collect(Collectors.joining(", "));
            return "MERGE_ROWS" + (options.isEmpty() && nested.isEmpty() ? "" : "(" + options
                    + (options.isEmpty() || nested.isEmpty() ? "" : "; ") + nested + ")");
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Both rows stay: the losing row is changed so that it leaves the unique key, and then pointed at the survivor
     * like any other row. It leaves the key when a column of the key is set to NULL ({@link #setNull}), or, for a
     * partial key ({@code unique (person_id, term) where archived_at is null}), when a column its condition uses is
     * set ({@link #set}); {@code build()} refuses a change that cannot take the row out of the key. The losing row
     * is the duplicate's, unless {@link #changingSurvivorRow()}. Columns are named as the table has them; values
     * are bound as they are (JDBC {@code setObject}). Immutable: every method returns a new instance.
     */
    final class KeepBoth implements ConflictResolution {
        private final Map<String, Object> changes;
        private final boolean survivorRowChanged;

        KeepBoth(Map<String, Object> changes, boolean survivorRowChanged) {
            this.changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
            this.survivorRowChanged = survivorRowChanged;
        }

        /** Sets {@code column} of the losing row to {@code value} (null allowed). */
        public KeepBoth set(String column, Object value) {
            if (column == null || column.isBlank()) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "keepBoth().set(column, value) needs a "
                        + "column name, was '" + column + "'");
            }
            if (changes.containsKey(column)) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "keepBoth() sets column '" + column
                        + "' twice; set it once");
            }
            Map<String, Object> more = new LinkedHashMap<>(changes);
            more.put(column, value);
            return new KeepBoth(more, survivorRowChanged);
        }

        /** Sets {@code column} (a nullable column of the unique key) of the losing row to NULL. */
        public KeepBoth setNull(String column) {
            return set(column, null);
        }

        /** The duplicate's row wins and moves unchanged; the survivor's row is the one changed. */
        public KeepBoth changingSurvivorRow() {
            return new KeepBoth(changes, true);
        }

        /** The columns set on the losing row and their values, in the order given. */
        public Map<String, Object> changes() {
            return changes;
        }

        /** Whether the survivor's row is changed (the duplicate's row wins) rather than the duplicate's. */
        public boolean changesSurvivorRow() {
            return survivorRowChanged;
        }

        @Override
        public String policyName() {
            return "KEEP_BOTH";
        }

        @Override
        public String describe() {
            return "KEEP_BOTH(" + (survivorRowChanged ? "survivor's row: " : "duplicate's row: ")
                    + changes.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                    .collect(Collectors.joining(", ")) + ")";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
