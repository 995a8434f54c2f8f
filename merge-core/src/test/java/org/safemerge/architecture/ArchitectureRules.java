package org.safemerge.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The architecture rules of DESIGN.md, shared by every module's ArchitectureTest. */
public final class ArchitectureRules {
    private static final String ROOT = "org.safemerge";
    private static final String CORE_INTERNAL = ROOT + ".internal";

    private ArchitectureRules() {
    }

    /** merge-core is ORM-free. */
    public static final ArchRule CORE_IS_ORM_FREE = noClasses()
            .that().resideInAPackage("org.safemerge..")
            .and().resideOutsideOfPackage("org.safemerge.hibernate..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..")
            .because("merge-core must not depend on an ORM (DESIGN.md, Modules)");

    /**
     * Public API and SPI never mention internal types: not in the signatures of public methods and constructors
     * (parameters, return and thrown types, type parameters), not in public fields, not in supertypes, and not as a
     * type argument of any of these ({@code List<internal.X>}).
     */
    public static final ArchRule API_EXPOSES_NO_INTERNALS = CompositeArchRule
            .of(codeUnits().that().areDeclaredInClassesThat(publicOutsideInternal()).and().arePublic()
                    .should(exposeNoInternalTypes(ArchitectureRules::signature))
                    .allowEmptyShould(true))
            .and(fields().that().areDeclaredInClassesThat(publicOutsideInternal()).and().arePublic()
                    .should(exposeNoInternalTypes((JavaField field) -> List.of(field.getType())))
                    .allowEmptyShould(true))
            .and(classes().that(publicOutsideInternal())
                    .should(exposeNoInternalTypes(ArchitectureRules::supertypes))
                    .allowEmptyShould(true))
            .because("API and SPI packages must not expose ..internal.. types");

    /**
     * No package depends on itself through other packages: every package below {@code org.safemerge}, and
     * {@code org.safemerge} itself, is a slice of its own. The one pair allowed to depend on each other is the API
     * and its implementation, {@code org.safemerge} (the builders) and {@code org.safemerge.internal}.
     */
    public static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(eachPackage()).should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage(ROOT), resideInAPackage(CORE_INTERNAL))
            .ignoreDependency(resideInAPackage(CORE_INTERNAL), resideInAPackage(ROOT))
            .because("packages form layers (DESIGN.md, Structure of the executor); only the API builders and "
                    + "their implementation, org.safemerge and org.safemerge.internal, may depend on each other");

    public static final ArchRule NO_STANDARD_STREAMS = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("libraries log through SLF4J");

    public static final ArchRule NO_JUL = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("libraries log through SLF4J");

    /** One slice per package of {@code org.safemerge}, the package itself included; other classes in none. */
    private static SliceAssignment eachPackage() {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(ROOT) || name.startsWith(ROOT + ".") ? SliceIdentifier.of(name)
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "each package of " + ROOT + " (itself included)";
            }
        };
    }

    private static DescribedPredicate<JavaClass> publicOutsideInternal() {
        return new DescribedPredicate<>("public classes outside ..internal..") {
            @Override
            public boolean test(JavaClass c) {
                return c.getModifiers().contains(JavaModifier.PUBLIC) && !internal(c);
            }
        };
    }

    private static boolean internal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }

    private static List<JavaType> signature(JavaCodeUnit codeUnit) {
        List<JavaType> types = new ArrayList<>(codeUnit.getParameterTypes());
        types.add(codeUnit.getReturnType());
        types.addAll(codeUnit.getExceptionTypes());
        types.addAll(codeUnit.getTypeParameters());
        return types;
    }

    private static List<JavaType> supertypes(JavaClass type) {
        List<JavaType> types = new ArrayList<>();
        type.getSuperclass().ifPresent(types::add);
        types.addAll(type.getInterfaces());
        types.addAll(type.getTypeParameters());
        return types;
    }

    /** No type named by {@code exposed} (raw, or as a type argument or bound) is internal. */
    private static <T extends HasName.AndFullName> ArchCondition<T> exposeNoInternalTypes(
            Function<T, Collection<? extends JavaType>> exposed) {
        return new ArchCondition<>("expose no ..internal.. types") {
            @Override
            public void check(T member, ConditionEvents events) {
                Set<String> internals = new TreeSet<>();
                for (JavaType type : exposed.apply(member)) {
                    type.getAllInvolvedRawTypes().stream().filter(ArchitectureRules::internal)
                            .forEach(c -> internals.add(c.getName()));
                }
                for (String internal : internals) {
                    events.add(SimpleConditionEvent.violated(member, member.getFullName() + " exposes internal type "
                            + internal));
                }
            }
        };
    }
}
