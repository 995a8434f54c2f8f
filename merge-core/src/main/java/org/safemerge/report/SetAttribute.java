package org.safemerge.report;

import java.util.List;
import org.safemerge.Sensitive;

/**
 * An attribute of the survivor is set, through the entity (so dirty tracking and listeners see it). For to-one
 * attributes the values are the target's id. The executor gets the real values; a {@link MergeReport} holds the
 * {@linkplain #redacted() redacted} step when the attribute is sensitive, and {@link #toString()} redacts too.
 *
 * @param entity the plan's entity name
 * @param id the survivor's id (the record whose attribute is set)
 * @param attribute the attribute name
 * @param before the survivor's current value
 * @param after the decided value
 * @param strategy the strategy that decided it ({@code takeB}, ...)
 * @param sensitive whether the values are redacted in reports and audit events
 */
public record SetAttribute(String entity, Object id, String attribute, Object before, Object after, String strategy,
        boolean sensitive) implements Step {
    @Override
    public <R> R accept(StepVisitor<R> visitor) {
        return visitor.setAttribute(this);
    }

    @Override
    public String kind() {
        return "SET_ATTRIBUTE";
    }

    /** This step with its values redacted if it is sensitive: what reports and logs may show. */
    public SetAttribute redacted() {
        return sensitive ? new SetAttribute(entity, id, attribute, Sensitive.REDACTED,
                Sensitive.REDACTED, strategy, true) : this;
    }

    /** Redacted like reports, so that logging a step never leaks a sensitive value. */
    @Override
    public String toString() {
        SetAttribute shown = redacted();
        return "SetAttribute[entity=" + entity + ", id=" + id + ", attribute=" + attribute + ", before="
                + shown.before + ", after=" + shown.after + ", strategy=" + strategy + ", sensitive=" + sensitive
                + "]";
    }

    @Override
    public String subject() {
        return attribute;
    }

    @Override
    public long expectedRows() {
        return 1;
    }

    @Override
    public List<Object> sampleRowIds() {
        return List.of();
    }
}
