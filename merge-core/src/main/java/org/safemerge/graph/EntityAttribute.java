package org.safemerge.graph;

import java.util.Objects;
import java.util.Set;

/**
 * One persistent attribute of an entity type. Immutable and thread-safe.
 *
 * @param name the attribute name as the mapping knows it (nested embeddable attributes use dots: {@code address.city})
 * @param kind what the attribute is
 * @param javaType the Java type name of the attribute (the element type for collections)
 * @param nullable whether the mapping allows null
 * @param sensitive whether values must be redacted in reports and audit events ({@link org.safemerge.Sensitive})
 * @param reference for collections and self-referencing to-ones: the {@link InboundReference#key() key} of the
 *                  reference that holds the attribute's rows; otherwise null
 * @param targetEntity for to-one and entity collections: the target entity name; otherwise null
 * @param flags what the attribute itself declares (cascade REMOVE, orphanRemoval, {@code @Any}); a null set is empty
 */
public record EntityAttribute(String name, AttributeKind kind, String javaType, boolean nullable, boolean sensitive,
        String reference, String targetEntity, Set<AttributeFlag> flags) {
    public EntityAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(javaType, "javaType");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    /** An attribute that declares no {@link AttributeFlag}. */
    public EntityAttribute(String name, AttributeKind kind, String javaType, boolean nullable, boolean sensitive,
            String reference, String targetEntity) {
        this(name, kind, javaType, nullable, sensitive, reference, targetEntity, Set.of());
    }

    /** Whether the attribute declares {@code flag}. */
    public boolean has(AttributeFlag flag) {
        return flags.contains(flag);
    }
}
