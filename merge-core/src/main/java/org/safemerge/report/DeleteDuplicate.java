package org.safemerge.report;

/**
 * A duplicate is deleted (soft-deleted for {@code @SoftDelete} entities) once nothing points at it any more.
 * Executors delete it so that nothing cascades: every association was handled by earlier steps. Immutable and
 * thread-safe, like every step.
 *
 * @param entity the entity name
 * @param id the duplicate's id
 * @param soft whether the delete is a soft delete
 */
public record DeleteDuplicate(String entity, Object id, boolean soft) implements RecordStep {
    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.deleteDuplicate(this);
    }

    @Override
    public String kind() {
        return "DELETE_DUPLICATE";
    }
}
