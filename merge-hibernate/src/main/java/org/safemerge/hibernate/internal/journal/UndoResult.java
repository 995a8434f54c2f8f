package org.safemerge.hibernate.internal.journal;

import java.util.List;

/** What the undo engine did or would do; the API's {@code UndoReport} mirrors it. */
public record UndoResult(String undoMergeId, String undoneMergeId, boolean executed, String entity,
        String survivorId, List<String> duplicateIds, List<Step> steps, List<Conflict> conflicts) {
    /** One step: see {@code UndoReport.Step}. */
    public record Step(String kind, String table, String description, long rows) {
    }

    /** One conflict: see {@code UndoReport.Conflict}. */
    public record Conflict(String table, String row, String column, String expected, String found) {
        String describe() {
            return table + " row " + row + " " + column + ": expected " + expected + ", found " + found;
        }
    }
}
