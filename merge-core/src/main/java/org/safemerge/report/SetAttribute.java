package org.safemerge.report;

import java.util.List;

/**
 * An attribute of the survivor is set, through the entity (so dirty tracking and listeners see it). For to-one
 * attributes the values are the target's id.
 *
 * @param attribute the attribute name
 * @param before the survivor's current value
 * @param after the decided value
 * @param strategy the strategy that decided it ({@code takeB}, ...)
 * @param sensitive whether the values are redacted in reports and audit events
 */
public record SetAttribute(String attribute, Object before, Object after, String strategy, boolean sensitive)
        implements Step {
    @Override
    public String kind() {
        return "SET_ATTRIBUTE";
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
