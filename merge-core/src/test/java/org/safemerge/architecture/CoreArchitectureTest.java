package org.safemerge.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "org.safemerge", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {
    @ArchTest
    static final ArchRule coreIsOrmFree = ArchitectureRules.CORE_IS_ORM_FREE;
    @ArchTest
    static final ArchRule apiExposesNoInternals = ArchitectureRules.API_EXPOSES_NO_INTERNALS;
    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;
    @ArchTest
    static final ArchRule noStandardStreams = ArchitectureRules.NO_STANDARD_STREAMS;
    @ArchTest
    static final ArchRule noJavaUtilLogging = ArchitectureRules.NO_JUL;
}
