package org.safemerge.graph;

import java.util.Objects;

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
 */
public record EntityAttribute(String name, AttributeKind kind, String javaType, boolean nullable, boolean sensitive,
        String reference, String targetEntity) {
    public EntityAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(javaType, "javaType");
    }
}
