package org.safemerge.spi;

import java.util.List;

/**
 * What one reference holds for the merged records, read by {@link MergeStore#inspect}. Row ids are values of the
 * reference's row key columns (single value, or a {@code List} for composite keys). Immutable and thread-safe.
 *
 * @param pointingAtSurvivor rows pointing at the survivor
 * @param pointingAtDuplicates rows pointing at each duplicate, in the order the duplicates were given
 * @param identicalLinks for link references (join tables, element collections): per duplicate, its rows whose
 *                       other columns ({@code rowKeyColumns}) equal a row of the survivor or of an earlier duplicate;
 *                       empty for FK references
 * @param survivorSelfRows for references flagged {@code SELF_REFERENCE}: per duplicate, the survivor's own rows
 *                         (row key equal to the survivor's id) whose FK points at that duplicate; they would become
 *                         self-loops. Empty for other references
 */
public record ReferenceState(RowSet pointingAtSurvivor, List<RowSet> pointingAtDuplicates,
        List<RowSet> identicalLinks, List<RowSet> survivorSelfRows) {
    public ReferenceState {
        pointingAtDuplicates = List.copyOf(pointingAtDuplicates);
        identicalLinks = List.copyOf(identicalLinks);
        survivorSelfRows = List.copyOf(survivorSelfRows);
    }

    /** The identical links of duplicate {@code index}, or none. */
    public RowSet identicalLinks(int index) {
        return index < identicalLinks.size() ? identicalLinks.get(index) : RowSet.EMPTY;
    }

    /** The survivor's own rows pointing at duplicate {@code index}, or none. */
    public RowSet survivorSelfRows(int index) {
        return index < survivorSelfRows.size() ? survivorSelfRows.get(index) : RowSet.EMPTY;
    }
}
