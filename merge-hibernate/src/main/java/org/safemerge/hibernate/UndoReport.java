package org.safemerge.hibernate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.hibernate.internal.journal.Json;

/**
 * What an undo of a journalled merge does ({@link UndoPlan#dryRun()}) or did ({@link UndoPlan#execute()}): its
 * steps in order, and the conflicts that refuse it. The dry run and the execution come from the same steps, so the
 * dry run shows exactly what execute() does. Immutable.
 *
 * @param undoMergeId the undo's own merge id in the journal (its row has {@code undo_of} = the undone merge); for
 *        a dry run, the id that was planned (nothing was written)
 * @param undoneMergeId the merge undone
 * @param executed whether it was executed (false: a dry run)
 * @param entity the merged entity
 * @param survivorId the survivor (as text)
 * @param duplicateIds the duplicates re-created (as text)
 * @param steps what the undo does, in order
 * @param conflicts rows that changed since the merge (empty when the undo is possible)
 */
public record UndoReport(String undoMergeId, String undoneMergeId, boolean executed, String entity,
        String survivorId, List<String> duplicateIds, List<Step> steps, List<Conflict> conflicts) {
    public UndoReport {
        duplicateIds = List.copyOf(duplicateIds);
        steps = List.copyOf(steps);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * One step of an undo.
     *
     * @param kind what it does: {@code RecreateRows} (re-insert deleted rows from their images),
     *        {@code RepointBack} (FKs back to the duplicate), {@code ReassignReferences} (unassigned FKs back),
     *        {@code MoveLinksBack}, {@code RevertRows} (rows changed to leave a unique key), {@code RevertAttribute},
     *        {@code BumpVersion}
     * @param table the table it writes
     * @param description in words
     * @param rows the rows it changes
     */
    public record Step(String kind, String table, String description, long rows) {
    }

    /**
     * A row that changed since the merge, so the undo refuses ({@code UNDO_CONFLICT}).
     *
     * @param table the table
     * @param row the row's key (as text)
     * @param column the column (or attribute)
     * @param expected what the undo expects (the merge's result)
     * @param found what the row holds now ({@code <no row>} when it is gone)
     */
    public record Conflict(String table, String row, String column, String expected, String found) {
        /** In words. */
        public String describe() {
            return table + " row " + row + " " + column + ": expected " + expected + ", found " + found;
        }
    }

    /** Whether the undo can run: no conflicts. */
    public boolean possible() {
        return conflicts.isEmpty();
    }

    /** Rows changed (or to change) over all steps. */
    public long rowsChanged() {
        return steps.stream().mapToLong(Step::rows).sum();
    }

    /** The report as text, one line per step and conflict. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(executed ? "Undo " : "Undo (dry run) ").append(undoMergeId).append(" of merge ")
                .append(undoneMergeId).append(": ").append(entity).append(' ').append(duplicateIds)
                .append(" out of ").append(survivorId).append('\n');
        for (Step step : steps) {
            out.append("  ").append(step.kind()).append(' ').append(step.table()).append(": ")
                    .append(step.description()).append(" (").append(step.rows()).append(step.rows() == 1 ? " row)"
                            : " rows)").append('\n');
        }
        if (!conflicts.isEmpty()) {
            out.append("Refused (UNDO_CONFLICT), rows changed since the merge:\n");
            conflicts.forEach(c -> out.append("  ").append(c.describe()).append('\n'));
        }
        return out.toString();
    }

    /** The report as a JSON object. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("undoMergeId", undoMergeId);
        json.put("undoneMergeId", undoneMergeId);
        json.put("executed", executed);
        json.put("entity", entity);
        json.put("survivorId", survivorId);
        json.put("duplicateIds", duplicateIds);
        json.put("steps", steps.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", s.kind());
            m.put("table", s.table());
            m.put("description", s.description());
            m.put("rows", s.rows());
            return m;
        }).toList());
        json.put("conflicts", conflicts.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", c.table());
            m.put("row", c.row());
            m.put("column", c.column());
            m.put("expected", c.expected());
            m.put("found", c.found());
            return m;
        }).toList());
        return Json.write(json);
    }
}
