package org.safemerge.spi;

import java.util.ArrayList;
import java.util.Collections;
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
 * @param referencedKeys for references by a key other than the id ({@code InboundReference.targetColumns}): the
 *                       value of that key the rows hold for the survivor, then for each duplicate in order (null
 *                       where a record has none); empty for references that hold the id
 */
public record ReferenceState(RowSet pointingAtSurvivor, List<RowSet> pointingAtDuplicates,
        List<RowSet> identicalLinks, List<RowSet> survivorSelfRows, List<Object> referencedKeys) {
    public ReferenceState {
        pointingAtDuplicates = List.copyOf(pointingAtDuplicates);
        identicalLinks = List.copyOf(identicalLinks);
        survivorSelfRows = List.copyOf(survivorSelfRows);
        // may hold nulls (a record without a value for the key)
        referencedKeys = referencedKeys == null ? List.of()
                : Collections.unmodifiableList(new ArrayList<>(referencedKeys));
    }

    /** The state of a reference that holds the records' ids (no referenced key values). */
    public ReferenceState(RowSet pointingAtSurvivor, List<RowSet> pointingAtDuplicates, List<RowSet> identicalLinks,
            List<RowSet> survivorSelfRows) {
        this(pointingAtSurvivor, pointingAtDuplicates, identicalLinks, survivorSelfRows, List.of());
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
