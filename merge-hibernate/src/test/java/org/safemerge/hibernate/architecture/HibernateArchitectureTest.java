package org.safemerge.hibernate.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.safemerge.architecture.ArchitectureRules;

@AnalyzeClasses(packages = "org.safemerge.hibernate", importOptions = ImportOption.DoNotIncludeTests.class)
class HibernateArchitectureTest {
    @ArchTest
    static final ArchRule apiExposesNoInternals = ArchitectureRules.API_EXPOSES_NO_INTERNALS;
    @ArchTest
    static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;
    @ArchTest
    static final ArchRule noStandardStreams = ArchitectureRules.NO_STANDARD_STREAMS;
    @ArchTest
    static final ArchRule noJavaUtilLogging = ArchitectureRules.NO_JUL;
}
