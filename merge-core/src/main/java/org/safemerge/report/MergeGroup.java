package org.safemerge.report;

import java.util.List;
import java.util.Objects;

/**
 * One merge of a batch: the survivor and the duplicates merged into it, after chains were resolved (B into A and C
 * into B make one group: A with B and C). Immutable.
 *
 * @param survivorId the record that stays
 * @param duplicateIds the records merged into it and removed, in the order they were first given (the priority
 *                     order of {@link org.safemerge.FieldStrategy#takeB()})
 */
public record MergeGroup(Object survivorId, List<Object> duplicateIds) {
    public MergeGroup {
        Objects.requireNonNull(survivorId, "survivorId");
        duplicateIds = List.copyOf(duplicateIds);
    }

    @Override
    public String toString() {
        return duplicateIds + " -> " + survivorId;
    }
}
