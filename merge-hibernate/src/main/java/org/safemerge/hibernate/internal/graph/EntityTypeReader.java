package org.safemerge.hibernate.internal.graph;

import static org.safemerge.hibernate.internal.graph.ModelParts.declaringEntity;
import static org.safemerge.hibernate.internal.graph.ModelParts.list;
import static org.safemerge.hibernate.internal.graph.ModelParts.nameOf;
import static org.safemerge.hibernate.internal.graph.ModelParts.selectables;

import jakarta.persistence.Embeddable;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.CollectionPart;
import org.hibernate.metamodel.mapping.CompositeIdentifierMapping;
import org.hibernate.metamodel.mapping.DiscriminatedAssociationModelPart;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.EntityValuedModelPart;
import org.hibernate.metamodel.mapping.EntityVersionMapping;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.spi.NavigablePath;
import org.hibernate.type.descriptor.java.JavaType;
import org.safemerge.Sensitive;
import org.safemerge.graph.AttributeFlag;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;

/**
 * Reads an entity persister into an {@link EntityType}: its id table and columns, version, soft-delete column, type
 * hierarchy and attributes (kind, sensitivity, and the reference holding a collection's or to-one's rows). Runs
 * after the references were read, which it links the attributes to.
 */
final class EntityTypeReader {
    private final MappedNames names;
    private final Drafts drafts;

    EntityTypeReader(MappedNames names, Drafts drafts) {
        this.names = names;
        this.drafts = drafts;
    }

    EntityType read(EntityPersister persister) {
        String name = nameOf(persister);
        String table = names.table(persister.getIdentifierTableDetails().getTableName());
        if (table == null || persister instanceof UnionSubclassEntityPersister) {
            table = names.table(persister.getMappedTableDetails().getTableName());
        }
        EntityIdentifierMapping id = persister.getIdentifierMapping();
        Class<?> javaClass = persister.getMappedClass();
        List<EntityAttribute> attributes = new ArrayList<>();
        String idAttribute;
        if (id instanceof CompositeIdentifierMapping composite
                && id.getNature() == EntityIdentifierMapping.Nature.VIRTUAL) {
            // @IdClass: every @Id attribute is an id attribute of the entity
            List<String> idNames = new ArrayList<>();
            for (AttributeMapping part : list(composite.getPartMappingType().getAttributeMappings())) {
                idNames.add(part.getAttributeName());
                attributes.add(attribute(persister, part, AttributeKind.ID, javaClass));
            }
            idAttribute = String.join(", ", idNames);
        } else {
            idAttribute = id.getAttributeName();
            attributes.add(new EntityAttribute(idAttribute, AttributeKind.ID, typeName(id.getJavaType()), false,
                    sensitive(javaClass, idAttribute), null, null));
        }
        EntityVersionMapping version = persister.getVersionMapping();
        String versionAttribute = version == null ? null : version.getVersionAttribute().getAttributeName();
        for (AttributeMapping attribute : list(persister.getAttributeMappings())) {
            if (NavigablePath.IDENTIFIER_MAPPER_PROPERTY.equals(attribute.getAttributeName())) {
                continue;
            }
            AttributeKind kind = attribute.getAttributeName().equals(versionAttribute) ? AttributeKind.VERSION
                    : kindOf(attribute);
            attributes.add(attribute(persister, attribute, kind, javaClass));
        }
        EntityMappingType superType = persister.getSuperMappingType();
        List<String> subTypes = persister.getSubMappingTypes().stream().map(ModelParts::nameOf).sorted().toList();
        return new EntityType(name, javaClass == null ? persister.getEntityName() : javaClass.getName(), table,
                names.columns(selectables(id)), idAttribute, versionAttribute,
                superType == null ? null : nameOf(superType), subTypes, attributes,
                persister.getSoftDeleteMapping() == null ? null
                        : names.columns(List.of(persister.getSoftDeleteMapping())).get(0), idType(id));
    }

    /** The id's Java type (the wrapper of a primitive), to which merge requests are normalized. */
    private static String idType(EntityIdentifierMapping id) {
        Class<?> type = id.getJavaType() == null ? null : id.getJavaType().getJavaTypeClass();
        if (type == null) {
            return null;
        }
        return type.isPrimitive() ? MethodType.methodType(type).wrap().returnType().getName() : type.getName();
    }

    private EntityAttribute attribute(EntityPersister persister, AttributeMapping attribute, AttributeKind kind,
            Class<?> javaClass) {
        String name = attribute.getAttributeName();
        String target = null;
        JavaType<?> javaType = attribute.getJavaType();
        if (attribute.isPluralAttributeMapping()) {
            CollectionPart element = attribute.asPluralAttributeMapping().getElementDescriptor();
            javaType = element.getJavaType();
            if (element instanceof EntityValuedModelPart entity) {
                target = nameOf(entity.getEntityMappingType());
            }
        } else if (attribute instanceof EntityAssociationMapping association) {
            target = nameOf(association.getAssociatedEntityMappingType());
        }
        String reference = drafts.heldBy(nameOf(persister), name);
        if (reference == null) {
            reference = drafts.heldBy(declaringEntity(persister, name), name);
        }
        boolean nullable = kind != AttributeKind.ID && attribute.getAttributeMetadata() != null
                && attribute.getAttributeMetadata().isNullable();
        return new EntityAttribute(name, kind, typeName(javaType), nullable,
                sensitive(javaClass, name) || holdsSensitive(attribute), reference, target, flags(attribute));
    }

    /**
     * Whether the values of an embedded attribute, or the elements or map keys of a collection, carry a
     * {@link Sensitive} part ({@code @Sensitive} inside an {@code @Embeddable}, at any depth): the whole attribute
     * is then redacted, as its value (an embeddable object, a collection element, a map key that is a row id of its
     * table) would show the part.
     */
    private static boolean holdsSensitive(AttributeMapping attribute) {
        if (attribute.isPluralAttributeMapping()) {
            PluralAttributeMapping plural = attribute.asPluralAttributeMapping();
            CollectionPart element = plural.getElementDescriptor();
            CollectionPart index = plural.getIndexDescriptor();
            return !(element instanceof EntityValuedModelPart) && hasSensitivePart(classOf(element.getJavaType()), 0)
                    || index != null && !(index instanceof EntityValuedModelPart)
                    && hasSensitivePart(classOf(index.getJavaType()), 0);
        }
        return attribute instanceof EmbeddableValuedModelPart
                && hasSensitivePart(classOf(attribute.getJavaType()), 0);
    }

    private static Class<?> classOf(JavaType<?> type) {
        return type == null ? null : type.getJavaTypeClass();
    }

    /** Whether a field or getter of {@code type} (or of an embeddable it holds) is {@link Sensitive}. */
    private static boolean hasSensitivePart(Class<?> type, int depth) {
        if (type == null || type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")
                || depth > 8) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Sensitive.class)
                        || field.getType().isAnnotationPresent(Embeddable.class)
                        && hasSensitivePart(field.getType(), depth + 1)) {
                    return true;
                }
            }
            for (java.lang.reflect.Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Sensitive.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the attribute itself declares: the lint tells the side that cascades from the side that does not. */
    private static Set<AttributeFlag> flags(AttributeMapping attribute) {
        Set<AttributeFlag> flags = EnumSet.noneOf(AttributeFlag.class);
        if (Drafts.cascadesRemove(attribute)) {
            flags.add(AttributeFlag.CASCADE_REMOVE);
        }
        if (Drafts.orphanRemoval(attribute)) {
            flags.add(AttributeFlag.ORPHAN_REMOVAL);
        }
        if (attribute instanceof DiscriminatedAssociationModelPart || attribute.isPluralAttributeMapping()
                && attribute.asPluralAttributeMapping().getElementDescriptor()
                        instanceof DiscriminatedAssociationModelPart) {
            flags.add(AttributeFlag.ANY);
        }
        return flags;
    }

    private AttributeKind kindOf(AttributeMapping attribute) {
        if (attribute.isPluralAttributeMapping()) {
            PluralAttributeMapping plural = attribute.asPluralAttributeMapping();
            CollectionPart element = plural.getElementDescriptor();
            if (!(element instanceof EntityValuedModelPart)) {
                return AttributeKind.ELEMENT_COLLECTION;
            }
            return plural.getCollectionDescriptor().isOneToMany()
                    || drafts.oneToMany(plural.getCollectionDescriptor().getRole())
                    ? AttributeKind.ONE_TO_MANY : AttributeKind.MANY_TO_MANY;
        }
        if (attribute instanceof EntityAssociationMapping || attribute instanceof DiscriminatedAssociationModelPart) {
            return AttributeKind.TO_ONE;
        }
        if (attribute instanceof EmbeddableValuedModelPart) {
            return AttributeKind.EMBEDDED;
        }
        return AttributeKind.BASIC;
    }

    /** Whether the Java member carries {@link Sensitive}; dynamic-map entities have no members, so never. */
    private static boolean sensitive(Class<?> javaClass, String attribute) {
        if (javaClass == null || Map.class.isAssignableFrom(javaClass)) {
            return false;
        }
        String capitalized = attribute.isEmpty() ? attribute
                : attribute.substring(0, 1).toUpperCase(Locale.ROOT) + attribute.substring(1);
        for (Class<?> c = javaClass; c != null && c != Object.class; c = c.getSuperclass()) {
            if (annotated(c, attribute, "get" + capitalized, "is" + capitalized)) {
                return true;
            }
        }
        return false;
    }

    private static boolean annotated(Class<?> type, String field, String... getters) {
        List<AnnotatedElement> members = new ArrayList<>();
        try {
            members.add(type.getDeclaredField(field));
        } catch (NoSuchFieldException e) {
            // property access, or declared elsewhere in the hierarchy
        }
        for (String getter : getters) {
            try {
                members.add(type.getDeclaredMethod(getter));
            } catch (NoSuchMethodException e) {
                // field access
            }
        }
        return members.stream().anyMatch(m -> m.isAnnotationPresent(Sensitive.class));
    }

    private static String typeName(JavaType<?> javaType) {
        return javaType == null ? Object.class.getName() : javaType.getJavaTypeClass().getName();
    }
}
