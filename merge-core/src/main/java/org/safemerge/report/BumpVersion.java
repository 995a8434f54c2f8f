package org.safemerge.report;

/**
 * The survivor's {@code @Version} is incremented, so concurrent editors of the survivor see that it changed. Planned
 * last, for versioned entities only. Immutable and thread-safe, like every step.
 *
 * @param entity the entity name
 * @param id the survivor's id
 * @param versionAttribute the version attribute
 */
public record BumpVersion(String entity, Object id, String versionAttribute) implements RecordStep {
    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.bumpVersion(this);
    }

    @Override
    public String kind() {
        return "BUMP_VERSION";
    }

    @Override
    public String subject() {
        return versionAttribute;
    }
}
