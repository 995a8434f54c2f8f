package org.safemerge.hibernate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Optional dependencies stay optional: only the package that offers the support loads them. */
@AnalyzeClasses(packages = {"org.safemerge.hibernate", "org.safemerge.lint", "org.safemerge.graph"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class OptionalDependenciesTest {
    @ArchTest
    static final ArchRule onlyTheArchUnitPackageUsesArchUnit = noClasses()
            .that().resideOutsideOfPackage("org.safemerge.hibernate.archunit..")
            .should().dependOnClassesThat().resideInAPackage("com.tngtech.archunit..")
            .because("ArchUnit is an optional dependency: users without it must be able to load everything else");
}
