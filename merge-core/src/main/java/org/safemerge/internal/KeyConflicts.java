package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.safemerge.ConflictPolicy;
import org.safemerge.ConflictResolution;
import org.safemerge.Sensitive;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.UniqueKey;
import org.safemerge.report.ChangeRows;
import org.safemerge.report.HazardKind;
import org.safemerge.report.HazardOption;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowSelection;
import org.safemerge.spi.RowSet;
import org.safemerge.spi.UniqueConflict;
import org.safemerge.spi.UniqueConflicts;

/**
 * The conflicts of one reference on the unique keys that contain its FK besides other columns (a task unique on
 * event, person and role; a bank account unique on number and owner): read once per reference, one store query per
 * key, then resolved for each duplicate row by row, in the order the rows will move. A row of the survivor, or of an
 * earlier duplicate that moved to it, holds each set of key values; a duplicate's row with the same values conflicts
 * with whichever row holds them when its turn comes.
 */
final class KeyConflicts {
    /** No unique key to conflict on (or no row moves). */
    static final KeyConflicts NONE = new KeyConflicts();

    /** At most this many conflicts per key are resolved one by one in one merge; more block the plan. */
    static final int MAX_RESOLVED = 10_000;

    private final Planner planner;
    private final Planner.ReferencePlan rp;
    private final InboundReference reference;
    private final List<UniqueKey> keys;
    private final List<UniqueConflicts> found;
    private final List<Object> movingDuplicates;
    private final boolean survivorLeaves;
    private final ConflictResolution resolution;
    /** Which row holds each key's values on the survivor's side, once a conflict decided it. */
    private final Map<List<Object>, Object> holders = new HashMap<>();
    /** Rows out of every key on the survivor's side: they left, were merged away or were changed. */
    private final Set<Object> gone = new HashSet<>();
    private boolean blockedReported;

    private KeyConflicts() {
        this.planner = null;
        this.rp = null;
        this.reference = null;
        this.keys = List.of();
        this.found = List.of();
        this.movingDuplicates = List.of();
        this.survivorLeaves = false;
        this.resolution = null;
    }

    private KeyConflicts(Planner planner, Planner.ReferencePlan rp, List<UniqueKey> keys,
            List<UniqueConflicts> found, List<Object> movingDuplicates, boolean survivorLeaves) {
        this.planner = planner;
        this.rp = rp;
        this.reference = rp.reference;
        this.keys = keys;
        this.found = found;
        this.movingDuplicates = movingDuplicates;
        this.survivorLeaves = survivorLeaves;
        this.resolution = rp.policy.conflicts().filter(c -> c != ConflictPolicy.FAIL).orElse(null);
    }

    /**
     * Reads the conflicts of the reference's rows on its unique keys.
     *
     * @param survivorLeaves the survivor's rows leave before any duplicate's move (takeB): they hold nothing
     * @param moving how many duplicates (the first ones) move their rows to the survivor
     */
    static KeyConflicts read(Planner planner, Planner.ReferencePlan rp, boolean survivorLeaves, int moving) {
        List<UniqueKey> keys = planner.graph.uniqueKeys(rp.reference);
        if (keys.isEmpty() || moving == 0) {
            return NONE;
        }
        boolean resolving = rp.policy.conflicts().filter(c -> c != ConflictPolicy.FAIL).isPresent();
        int limit = resolving ? MAX_RESOLVED : Math.max(planner.plan.sampleLimit(), 1);
        List<Object> duplicates = planner.plan.duplicateIds().subList(0, moving);
        List<UniqueConflicts> found = new ArrayList<>();
        for (UniqueKey key : keys) {
            UniqueConflicts conflicts = planner.store.conflicts(rp.reference, key, planner.plan.survivorId(),
                    duplicates, limit);
            planner.fingerprint(rp.reference.key() + "@" + key.columns() + key.predicate(),
                    conflicts.count() + ":" + conflicts.first());
            found.add(conflicts);
        }
        return new KeyConflicts(planner, rp, keys, found, duplicates, survivorLeaves);
    }

    /** Whether rows of duplicate {@code index} conflict on a key: then {@link #resolve} decides for them. */
    boolean of(int index) {
        if (index >= movingDuplicates.size()) {
            return false;
        }
        Object duplicate = movingDuplicates.get(index);
        return found.stream().anyMatch(f -> f.first().stream().anyMatch(c -> c.duplicate().equals(duplicate)));
    }

    /**
     * Resolves the conflicts of duplicate {@code index}'s rows, adding the steps (or the blocking hazard), and
     * returns the duplicate's rows that do not move to the survivor with the others (left, merged away, or
     * blocked).
     */
    List<Object> resolve(int index) {
        Object duplicate = movingDuplicates.get(index);
        if (resolution == null || found.stream().anyMatch(f -> !f.complete())) {
            reportBlocked();
            return new ArrayList<>(rowsOf(duplicate));
        }
        Resolved resolved = new Resolved(duplicate);
        for (Map.Entry<Object, List<Candidate>> row : candidatesByRow(duplicate).entrySet()) {
            Map<Integer, Holder> conflicts = new LinkedHashMap<>();
            for (Candidate candidate : row.getValue()) {
                if (!conflicts.containsKey(candidate.key)) {
                    Holder holder = holder(candidate.key, row.getValue(), index);
                    if (holder != null) {
                        conflicts.put(candidate.key, holder);
                    }
                }
            }
            if (!conflicts.isEmpty()) {
                resolved.decide(row.getKey(), conflicts);
            }
        }
        resolved.emit();
        return resolved.staying;
    }

    /** A conflict of a duplicate row found on key {@code key}. */
    private record Candidate(int key, UniqueConflict conflict) {
    }

    /** The row that holds a key's values when a duplicate's row with them comes to move. */
    private record Holder(Object row, List<Object> values) {
    }

    private Map<Object, List<Candidate>> candidatesByRow(Object duplicate) {
        Map<Object, List<Candidate>> byRow = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            for (UniqueConflict conflict : found.get(k).first()) {
                if (conflict.duplicate().equals(duplicate)) {
                    byRow.computeIfAbsent(conflict.duplicateRowId(), r -> new ArrayList<>())
                            .add(new Candidate(k, conflict));
                }
            }
        }
        return byRow;
    }

    /**
     * Who holds the values of key {@code key} when duplicate {@code index}'s row comes: the row a conflict decided
     * on, else the survivor's row (unless the survivor's rows left), else the row of an earlier duplicate that moved.
     */
    private Holder holder(int key, List<Candidate> candidates, int index) {
        for (Candidate candidate : candidates) {
            if (candidate.key != key) {
                continue;
            }
            UniqueConflict conflict = candidate.conflict;
            Object decided = holders.get(holderKey(key, conflict.keyValues()));
            if (decided != null) {
                return new Holder(decided, conflict.keyValues());
            }
            Object occupant = conflict.occupant();
            int owner = movingDuplicates.indexOf(occupant);
            boolean held = owner < 0 ? Objects.equals(occupant, planner.plan.survivorId()) && !survivorLeaves
                    : owner < index;
            if (held && !gone.contains(conflict.occupantRowId())) {
                return new Holder(conflict.occupantRowId(), conflict.keyValues());
            }
        }
        return null;
    }

    private static List<Object> holderKey(int key, List<Object> values) {
        List<Object> holderKey = new ArrayList<>();
        holderKey.add(key);
        holderKey.addAll(values);
        return holderKey;
    }

    /** One duplicate's decisions, and the steps they make, in the order they run. */
    private final class Resolved {
        private final Object duplicate;
        private final List<ResolveConflict> decisions = new ArrayList<>();
        private final Set<Object> survivorRowsOut = new LinkedHashSet<>();
        private final List<Object> duplicateRowsOut = new ArrayList<>();
        private final List<Object> duplicateRowsChanged = new ArrayList<>();
        private final List<Object[]> rowMerges = new ArrayList<>();
        private final List<Object> staying = new ArrayList<>();

        Resolved(Object duplicate) {
            this.duplicate = duplicate;
        }

        void decide(Object row, Map<Integer, Holder> conflicts) {
            Set<Object> held = new LinkedHashSet<>();
            conflicts.values().forEach(h -> held.add(h.row));
            String name = resolution.policyName();
            if (resolution instanceof ConflictResolution.MergeRows && held.size() > 1) {
                rp.blocked(HazardKind.UNIQUE_CONFLICT, new RowSet(1, List.of(row)), "row " + row + " of duplicate "
                        + duplicate + " conflicts with rows " + held + " on different unique keys of "
                        + reference.table() + "; mergeRows() can merge it into one row only", List.of(
                        rp.onConflict("KEEP_A", null), rp.onConflict("KEEP_B", null)));
                staying.add(row);
                return;
            }
            for (Map.Entry<Integer, Holder> conflict : conflicts.entrySet()) {
                Holder holder = conflict.getValue();
                String shared = shared(keys.get(conflict.getKey()), holder.values);
                decisions.add(new ResolveConflict(reference.key(), reference.table(), name, holder.row, row,
                        outcome(row, holder.row) + " (" + shared + ")"));
            }
            if (resolution instanceof ConflictResolution.KeepBoth both) {
                if (both.changesSurvivorRow()) {
                    survivorRowsOut.addAll(held);
                    gone.addAll(held);
                    conflicts.forEach((key, holder) -> holders.put(holderKey(key, holder.values), row));
                } else {
                    duplicateRowsChanged.add(row);
                    gone.add(row);
                }
            } else if (resolution == ConflictPolicy.KEEP_B) {
                survivorRowsOut.addAll(held);
                gone.addAll(held);
                conflicts.forEach((key, holder) -> holders.put(holderKey(key, holder.values), row));
            } else if (resolution instanceof ConflictResolution.MergeRows) {
                rowMerges.add(new Object[] {held.iterator().next(), row});
                gone.add(row);
                staying.add(row);
            } else {
                duplicateRowsOut.add(row);
                gone.add(row);
                staying.add(row);
            }
        }

        private String outcome(Object row, Object held) {
            String theirs = "row " + row + " of duplicate " + duplicate;
            if (resolution instanceof ConflictResolution.MergeRows) {
                return planner.rowMerges.describe(reference, held, row);
            }
            if (resolution instanceof ConflictResolution.KeepBoth both) {
                return both.changesSurvivorRow()
                        ? "both stay: row " + held + " of the survivor is changed (" + changes(both) + "); " + theirs
                                + " moves to the survivor"
                        : "both stay: " + theirs + " is changed (" + changes(both) + ") and moves to the survivor";
            }
            return resolution == ConflictPolicy.KEEP_B
                    ? theirs + " moves to the survivor; the survivor's row " + held + " leaves"
                    : "the survivor keeps row " + held + "; " + theirs + " leaves";
        }

        void emit() {
            planner.steps.addAll(decisions);
            Object survivor = planner.plan.survivorId();
            if (!survivorRowsOut.isEmpty()) {
                List<Object> rows = List.copyOf(survivorRowsOut);
                if (resolution instanceof ConflictResolution.KeepBoth both) {
                    change(survivor, rows, both);
                } else {
                    rp.leaveLosing(survivor, RowSelection.only(rows), new RowSet(rows.size(), rows));
                }
            }
            if (!duplicateRowsOut.isEmpty()) {
                rp.leaveLosing(duplicate, RowSelection.only(duplicateRowsOut), new RowSet(duplicateRowsOut.size(),
                        duplicateRowsOut));
            }
            if (!duplicateRowsChanged.isEmpty()) {
                change(duplicate, duplicateRowsChanged, (ConflictResolution.KeepBoth) resolution);
            }
            for (Object[] merge : rowMerges) {
                planner.rowMerges.merge(reference, (ConflictResolution.MergeRows) resolution, merge[0], merge[1]);
            }
        }

        private void change(Object from, List<Object> rows, ConflictResolution.KeepBoth both) {
            planner.steps.add(new ChangeRows(reference.key(), reference.table(), from, RowSelection.only(rows),
                    both.changes(), rows.size(), rp.sample(new RowSet(rows.size(), rows))));
        }
    }

    private static String changes(ConflictResolution.KeepBoth both) {
        return both.changes().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** One blocking hazard per key, for all duplicates: every conflict found, or too many to resolve. */
    private void reportBlocked() {
        if (blockedReported) {
            return;
        }
        blockedReported = true;
        Optional<ConflictResolution> chosen = rp.policy.conflicts();
        for (int k = 0; k < keys.size(); k++) {
            UniqueConflicts conflicts = found.get(k);
            if (conflicts.count() == 0) {
                continue;
            }
            UniqueKey key = keys.get(k);
            int shown = Math.min(conflicts.first().size(), Math.max(planner.plan.sampleLimit(), 1));
            String pairs = conflicts.first().subList(0, shown).stream()
                    .map(c -> "row " + c.duplicateRowId() + " of duplicate " + c.duplicate() + " and row "
                            + c.occupantRowId() + " of " + owner(c.occupant()) + " share " + shared(key, c.keyValues()))
                    .collect(Collectors.joining("; "));
            String why = chosen.isEmpty() ? "" : resolution == null ? " and onConflict(FAIL) is set"
                    : "; more than " + MAX_RESOLVED + " conflicts are not resolved one by one in one merge (merge "
                            + "fewer duplicates at a time)";
            List<Object> rows = conflicts.first().stream().map(UniqueConflict::duplicateRowId).distinct().toList();
            List<HazardOption> options = rp.conflictOptions();
            options.add(rp.onConflict("keepBoth().set(column, value)", "keep both rows, the duplicate's changed so "
                    + "that it leaves the key (a key column set to NULL"
                    + (key.partial() ? ", or a column of the condition set" : "") + ")"));
            rp.blocked(HazardKind.UNIQUE_CONFLICT, new RowSet(conflicts.count(), rows), conflicts.count()
                    + (conflicts.count() == 1 ? " row" : " rows") + " of " + reference.table() + " would break "
                    + key.describe() + " when moved to survivor " + planner.plan.survivorId() + ": " + pairs
                    + (shown < conflicts.count() ? "; ..." : "") + why, options);
        }
    }

    private List<Object> rowsOf(Object duplicate) {
        Set<Object> rows = new LinkedHashSet<>();
        for (UniqueConflicts conflicts : found) {
            conflicts.first().stream().filter(c -> c.duplicate().equals(duplicate))
                    .forEach(c -> rows.add(c.duplicateRowId()));
        }
        return new ArrayList<>(rows);
    }

    private String owner(Object record) {
        return Objects.equals(record, planner.plan.survivorId()) ? "survivor " + record : "duplicate " + record;
    }

    /**
     * The values two rows share, by column: {@code person_id=5, role=LEAD}. Redacted where the referencing entity
     * marks the attribute of that name (ignoring case and underscores) sensitive.
     */
    private String shared(UniqueKey key, List<Object> values) {
        List<String> columns = key.otherColumns(reference.columns());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < columns.size() && i < values.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(columns.get(i)).append('=')
                    .append(sensitive(columns.get(i)) ? Sensitive.REDACTED : String.valueOf(values.get(i)));
        }
        return text.toString();
    }

    private boolean sensitive(String column) {
        String plain = column.replace("_", "");
        Optional<EntityType> source = Optional.ofNullable(reference.sourceEntity()).flatMap(planner.graph::entity);
        return source.map(EntityType::attributes).orElse(List.of()).stream().filter(EntityAttribute::sensitive)
                .anyMatch(a -> a.name().replace("_", "").equalsIgnoreCase(plain));
    }
}
