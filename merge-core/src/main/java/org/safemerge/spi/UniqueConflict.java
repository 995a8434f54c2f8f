package org.safemerge.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A row of a duplicate that would break a unique key if it pointed at the survivor: a row of the survivor, or of an
 * earlier duplicate (whose rows move to the survivor first), has the same values in the key's other columns. Found
 * by {@link MergeStore#conflicts}. Row ids are values of the reference's row key columns, as in {@link RowSet}.
 * Immutable and thread-safe ({@code keyValues} may hold nulls only for keys the database does not enforce).
 *
 * @param duplicate the duplicate the row points at
 * @param duplicateRowId the duplicate's row
 * @param occupant the record the other row points at: the survivor or an earlier duplicate
 * @param occupantRowId the other row
 * @param keyValues the values the two rows share, one per column of the key other than the FK, in key order
 */
public record UniqueConflict(Object duplicate, Object duplicateRowId, Object occupant, Object occupantRowId,
        List<Object> keyValues) {
    public UniqueConflict {
        keyValues = Collections.unmodifiableList(new ArrayList<>(keyValues));
    }
}
