package org.safemerge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.safemerge.ArchitectureRootFixture;
import org.safemerge.MergePlan;
import org.safemerge.architecture.fixture.api.ApiFixtures;
import org.safemerge.architecture.fixture.cycle.a.CycleA;
import org.safemerge.architecture.fixture.cycle.b.CycleB;
import org.safemerge.architecture.fixture.root.RootLeaf;
import org.safemerge.internal.MergeRunner;

/** The rules catch what they claim, shown on fixtures that break them (and on the one allowed cycle). */
class ArchitectureRulesTest {

    private static EvaluationResult evaluate(com.tngtech.archunit.lang.ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rule.evaluate(imported);
    }

    @Test
    void packageCycles_betweenTwoPackages_areReported() {
        EvaluationResult result = evaluate(ArchitectureRules.NO_PACKAGE_CYCLES, CycleA.class, CycleB.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("org.safemerge.architecture.fixture.cycle.a")
                .contains("org.safemerge.architecture.fixture.cycle.b");
    }

    @Test
    void packageCycles_throughTheRootPackage_areReported() {
        EvaluationResult result = evaluate(ArchitectureRules.NO_PACKAGE_CYCLES, ArchitectureRootFixture.class,
                RootLeaf.class);

        assertThat(result.hasViolation()).as("org.safemerge is a slice of its own").isTrue();
    }

    @Test
    void packageCycles_allowTheBuilderAndItsImplementation() {
        assertThat(evaluate(ArchitectureRules.NO_PACKAGE_CYCLES, MergePlan.class, MergeRunner.class).hasViolation())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(classes = {ApiFixtures.PublicField.class, ApiFixtures.GenericField.class,
            ApiFixtures.Superclass.class, ApiFixtures.Interface.class, ApiFixtures.GenericSupertype.class,
            ApiFixtures.GenericReturn.class, ApiFixtures.GenericParameter.class,
            ApiFixtures.BoundedTypeParameter.class})
    void apiExposingAnInternalType_isReported(Class<?> fixture) {
        EvaluationResult result = evaluate(ArchitectureRules.API_EXPOSES_NO_INTERNALS, fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line)
                .contains("exposes internal type org.safemerge.architecture.fixture.internal.Hidden"));
    }

    @Test
    void apiExposingNoInternalType_passes() {
        assertThat(evaluate(ArchitectureRules.API_EXPOSES_NO_INTERNALS, ApiFixtures.Clean.class).hasViolation())
                .isFalse();
    }
}
