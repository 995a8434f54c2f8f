package org.safemerge.report;

import java.util.Objects;

/**
 * One way to resolve a {@link Hazard}, as data: which plan option to set, on what, to which value. Front ends render
 * it in their own terms; {@link #toJava()} is the {@code MergePlan.Builder} call that {@link Hazard#options()} shows.
 * Immutable and thread-safe.
 *
 * @param kind which plan option
 * @param subject the attribute ({@link Kind#FIELD}) or the association (a name {@code association(...)} accepts);
 *     null for {@link Kind#SELF_REFERENCES}
 * @param value the field strategy ({@code takeA}, {@code takeB}, {@code union}, {@code firstNonNull}), the
 *     {@code ConflictPolicy} or the {@code SelfReferencePolicy} constant; null for {@link Kind#ALLOW_DELETE} and
 *     {@link Kind#UNASSIGN}
 * @param effect what choosing it does, in words (completes "... to "), or null
 */
public record HazardOption(Kind kind, String subject, String value, String effect) {

    /** Which plan option resolves the hazard. */
    public enum Kind {
        /** A field strategy for an attribute: {@code .field(subject, FieldStrategy.value())}. */
        FIELD,
        /** Allow deleting rows: {@code .association(subject, AssociationPolicy.repoint().allowDelete())}. */
        ALLOW_DELETE,
        /** Unassign an association's rows: {@code .association(subject, AssociationPolicy.unassign())}. */
        UNASSIGN,
        /** A unique-conflict policy: {@code .association(subject, AssociationPolicy.repoint().onConflict(value))}. */
        ON_CONFLICT,
        /** The self-reference policy: {@code .selfReferences(SelfReferencePolicy.value)}. */
        SELF_REFERENCES
    }

    /** Checks that the kind has what it needs; the message names the missing part. */
    public HazardOption {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.SELF_REFERENCES && (subject == null || subject.isBlank())) {
            throw new IllegalArgumentException("an option of kind " + kind + " needs a subject, got '" + subject
                    + "'");
        }
        boolean valued = kind == Kind.FIELD || kind == Kind.ON_CONFLICT || kind == Kind.SELF_REFERENCES;
        if (valued == (value == null || value.isBlank())) {
            throw new IllegalArgumentException("an option of kind " + kind + (valued ? " needs a" : " takes no")
                    + " value, got '" + value + "'");
        }
    }

    /** {@code .field(attribute, FieldStrategy.strategy())}, e.g. {@code field("tasks", "union", ...)}. */
    public static HazardOption field(String attribute, String strategy, String effect) {
        return new HazardOption(Kind.FIELD, attribute, strategy, effect);
    }

    /** {@code .association(association, AssociationPolicy.repoint().allowDelete())}. */
    public static HazardOption allowDelete(String association, String effect) {
        return new HazardOption(Kind.ALLOW_DELETE, association, null, effect);
    }

    /** {@code .association(association, AssociationPolicy.unassign())}. */
    public static HazardOption unassign(String association, String effect) {
        return new HazardOption(Kind.UNASSIGN, association, null, effect);
    }

    /** {@code .association(association, AssociationPolicy.repoint().onConflict(ConflictPolicy.policy))}. */
    public static HazardOption onConflict(String association, String policy, String effect) {
        return new HazardOption(Kind.ON_CONFLICT, association, policy, effect);
    }

    /** {@code .selfReferences(SelfReferencePolicy.policy)}. */
    public static HazardOption selfReferences(String policy, String effect) {
        return new HazardOption(Kind.SELF_REFERENCES, null, policy, effect);
    }

    /** The builder call, followed by " to " and the effect when there is one. */
    public String toJava() {
        String call = switch (kind) {
            case FIELD -> ".field(\"" + subject + "\", FieldStrategy." + value + "())";
            case ALLOW_DELETE -> ".association(\"" + subject + "\", AssociationPolicy.repoint().allowDelete())";
            case UNASSIGN -> ".association(\"" + subject + "\", AssociationPolicy.unassign())";
            case ON_CONFLICT -> ".association(\"" + subject + "\", AssociationPolicy.repoint().onConflict("
                    + "ConflictPolicy." + value + "))";
            case SELF_REFERENCES -> ".selfReferences(SelfReferencePolicy." + value + ")";
        };
        return effect == null ? call : call + " to " + effect;
    }
}
