package org.safemerge.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity type of the persistence unit. Immutable and thread-safe (lists are copied).
 *
 * @param name the entity name (unique in the graph)
 * @param javaType the fully qualified Java class name
 * @param table the table that holds the identifier (the root table for JOINED inheritance, the concrete table for
 *              TABLE_PER_CLASS)
 * @param idColumns the identifier columns of {@code table}, in order
 * @param idAttribute the identifier attribute name ({@code id}, or the embedded id's name)
 * @param versionAttribute the {@code @Version} attribute name, or null
 * @param superType the entity name of the direct supertype, or null
 * @param subTypes the entity names of all subtypes (direct and indirect)
 * @param attributes every persistent attribute, including id and version
 * @param softDeleteColumn the {@code @SoftDelete} column, or null when rows are really deleted
 * @param idJavaType the fully qualified Java class name of the id ({@code java.lang.Long}; the wrapper for a
 *                   primitive id; the embeddable or id class of a composite id), or null when unknown: merge
 *                   requests are normalized to this type at {@code build()}
 */
public record EntityType(String name, String javaType, String table, List<String> idColumns, String idAttribute,
        String versionAttribute, String superType, List<String> subTypes, List<EntityAttribute> attributes,
        String softDeleteColumn, String idJavaType) {
    public EntityType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(javaType, "javaType");
        Objects.requireNonNull(table, "table");
        idColumns = List.copyOf(idColumns);
        Objects.requireNonNull(idAttribute, "idAttribute");
        subTypes = List.copyOf(subTypes);
        attributes = List.copyOf(attributes);
    }

    /** The type without a separate id type: taken from the id attribute's Java type, when there is one. */
    public EntityType(String name, String javaType, String table, List<String> idColumns, String idAttribute,
            String versionAttribute, String superType, List<String> subTypes, List<EntityAttribute> attributes,
            String softDeleteColumn) {
        this(name, javaType, table, idColumns, idAttribute, versionAttribute, superType, subTypes, attributes,
                softDeleteColumn, attributes.stream()
                        .filter(a -> a.kind() == AttributeKind.ID && a.name().equals(idAttribute))
                        .map(EntityAttribute::javaType).findFirst().orElse(null));
    }

    /** The attribute of that name, if the type has it. */
    public Optional<EntityAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    /** Whether the type has a {@code @Version} attribute. */
    public boolean versioned() {
        return versionAttribute != null;
    }

    /** Whether rows are soft-deleted ({@code @SoftDelete}) rather than removed. */
    public boolean softDeleted() {
        return softDeleteColumn != null;
    }
}
