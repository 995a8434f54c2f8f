package org.safemerge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/** The architecture rules of DESIGN.md, shared by every module's ArchitectureTest. */
public final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** merge-core is ORM-free. */
    public static final ArchRule CORE_IS_ORM_FREE = noClasses()
            .that().resideInAPackage("org.safemerge..")
            .and().resideOutsideOfPackage("org.safemerge.hibernate..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..")
            .because("merge-core must not depend on an ORM (DESIGN.md, Modules)");

    /** Public API and SPI signatures never mention internal types. */
    public static final ArchRule API_EXPOSES_NO_INTERNALS = methods()
            .that().areDeclaredInClassesThat(publicOutsideInternal())
            .and().arePublic()
            .should(exposeNoInternalTypes())
            .allowEmptyShould(true)
            .because("API and SPI packages must not expose ..internal.. types");

    public static final ArchRule NO_STANDARD_STREAMS = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("libraries log through SLF4J");

    public static final ArchRule NO_JUL = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("libraries log through SLF4J");

    private static DescribedPredicate<JavaClass> publicOutsideInternal() {
        return new DescribedPredicate<>("public classes outside ..internal..") {
            @Override
            public boolean test(JavaClass c) {
                return c.getModifiers().contains(JavaModifier.PUBLIC) && !c.getPackageName().contains(".internal");
            }
        };
    }

    private static ArchCondition<JavaMethod> exposeNoInternalTypes() {
        return new ArchCondition<>("expose no ..internal.. types") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> exposed = new ArrayList<>(method.getRawParameterTypes());
                exposed.add(method.getRawReturnType());
                for (JavaClass type : exposed) {
                    if (type.getPackageName().contains(".internal")) {
                        events.add(SimpleConditionEvent.violated(method,
                                method.getFullName() + " exposes internal type " + type.getName()));
                    }
                }
            }
        };
    }
}
