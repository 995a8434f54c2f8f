package org.safemerge.report;

/**
 * A duplicate is kept as a tombstone: the caller's {@code keepDuplicates} callback marks it (e.g. sets {@code
 * mergedInto}) instead of it being deleted. References to it were re-pointed all the same. Immutable and
 * thread-safe, like every step.
 *
 * @param entity the entity name
 * @param id the duplicate's id
 * @param survivorId the survivor it was merged into
 */
public record KeepDuplicate(String entity, Object id, Object survivorId) implements RecordStep {
    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.keepDuplicate(this);
    }

    @Override
    public String kind() {
        return "KEEP_DUPLICATE";
    }
}
