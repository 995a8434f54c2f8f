package org.safemerge.hibernate.archunit;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One persistent member of an entity class as its annotations declare it (a field, or a getter under property
 * access): the association annotation, its target class, and what it cascades. Read from bytecode by ArchUnit, so
 * no database and no Hibernate bootstrap are needed.
 */
record MappedMember(JavaClass owner, JavaMember member, String attribute, JavaAnnotation<?> association) {
    static final String JPA = "jakarta.persistence.";
    static final String HIBERNATE = "org.hibernate.annotations.";
    static final Set<String> ASSOCIATIONS = Set.of(JPA + "ManyToOne", JPA + "OneToOne", JPA + "OneToMany",
            JPA + "ManyToMany", HIBERNATE + "Any", HIBERNATE + "ManyToAny");

    /** The association members an entity class declares itself. */
    static List<MappedMember> of(JavaClass entity) {
        List<MappedMember> members = new ArrayList<>();
        for (JavaField field : entity.getFields()) {
            add(members, entity, field, field.getName());
        }
        for (JavaMethod method : entity.getMethods()) {
            String name = method.getName();
            if (method.getParameters().isEmpty() && name.length() > 3 && name.startsWith("get")) {
                add(members, entity, method, decapitalize(name.substring(3)));
            } else if (method.getParameters().isEmpty() && name.length() > 2 && name.startsWith("is")) {
                add(members, entity, method, decapitalize(name.substring(2)));
            }
        }
        return members;
    }

    private static void add(List<MappedMember> members, JavaClass entity, JavaMember member, String attribute) {
        member.getAnnotations().stream().filter(a -> ASSOCIATIONS.contains(a.getRawType().getName())).findFirst()
                .ifPresent(a -> members.add(new MappedMember(entity, member, attribute, a)));
    }

    /** The annotation's simple name: {@code ManyToMany}, {@code Any}, ... */
    String kind() {
        return association.getRawType().getSimpleName();
    }

    /** {@code Entity.attribute} as the association graph and lint findings name it. */
    String name() {
        return entityName(owner) + "." + attribute;
    }

    /** Where it is declared, for failure messages. */
    String location() {
        return member.getSourceCodeLocation().toString();
    }

    boolean mappedBy() {
        return association.get("mappedBy").map(v -> !v.toString().isEmpty()).orElse(false);
    }

    boolean orphanRemoval() {
        return association.get("orphanRemoval").map(Boolean.TRUE::equals).orElse(false);
    }

    /** cascade = REMOVE or ALL on the association, or Hibernate's {@code @Cascade} with REMOVE, DELETE or ALL. */
    boolean cascadesRemove() {
        if (enumValues(association.get("cascade")).stream().anyMatch(v -> v.equals("REMOVE") || v.equals("ALL"))) {
            return true;
        }
        return member.getAnnotations().stream()
                .filter(a -> a.getRawType().getName().equals(HIBERNATE + "Cascade"))
                .flatMap(a -> enumValues(a.get("value")).stream())
                .anyMatch(v -> v.equals("REMOVE") || v.equals("DELETE") || v.equals("ALL"));
    }

    /**
     * Whether the rows of this member hold the target's id (so the target is referenced here): a many-to-one, an
     * owning one-to-one, either side of a many-to-many (its join table holds both ids), a one-to-many with a join
     * table.
     */
    boolean referencesTarget() {
        return switch (kind()) {
            case "ManyToOne", "ManyToMany" -> true;
            case "OneToOne" -> !mappedBy();
            case "OneToMany" -> !mappedBy() && member.getAnnotations().stream()
                    .noneMatch(a -> a.getRawType().getName().equals(JPA + "JoinColumn"));
            default -> false;
        };
    }

    /** The entity class the association points at: {@code targetEntity}, the collection's element, or the type. */
    Optional<JavaClass> target() {
        Optional<Object> explicit = association.get("targetEntity");
        if (explicit.isPresent() && explicit.get() instanceof JavaClass c && !c.getName().equals("void")) {
            return Optional.of(c);
        }
        JavaType type = member instanceof JavaField field ? field.getType() : ((JavaMethod) member).getReturnType();
        if (type instanceof JavaParameterizedType parameterized
                && !parameterized.getActualTypeArguments().isEmpty()) {
            List<JavaType> arguments = parameterized.getActualTypeArguments();
            return Optional.of(arguments.get(arguments.size() - 1).toErasure());
        }
        return Optional.of(type.toErasure());
    }

    /** The entity name: {@code @Entity(name)} or the simple class name. */
    static String entityName(JavaClass entity) {
        return entity.getAnnotations().stream()
                .filter(a -> a.getRawType().getName().equals(JPA + "Entity"))
                .flatMap(a -> a.get("name").stream())
                .map(Object::toString)
                .filter(n -> !n.isEmpty())
                .findFirst()
                .orElse(entity.getSimpleName());
    }

    private static List<String> enumValues(Optional<Object> value) {
        List<String> names = new ArrayList<>();
        value.ifPresent(v -> {
            if (v instanceof Object[] array) {
                for (Object element : array) {
                    if (element instanceof JavaEnumConstant constant) {
                        names.add(constant.name());
                    }
                }
            } else if (v instanceof JavaEnumConstant constant) {
                names.add(constant.name());
            }
        });
        return names;
    }

    private static String decapitalize(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
}
