package org.safemerge.examples;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.safemerge.hibernate.archunit.SafeMergeRules;

/**
 * SafeMerge's ArchUnit rules on the example domain, the way an application keeps them next to its other
 * architecture rules. No database needed. (The many-to-many cascade rule is left out: Event.tags breaks it on purpose,
 * see {@link ExampleMappingLintTest}.)
 */
@AnalyzeClasses(packages = "org.safemerge.examples.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class ExampleMappingRulesTest {
    @ArchTest
    static final ArchRule noCascadeRemoveOnSharedToOne = SafeMergeRules.noCascadeRemoveOnSharedToOne();
    @ArchTest
    static final ArchRule noOrphanRemovalOnSharedChildren = SafeMergeRules.noOrphanRemovalOnSharedChildren();
    @ArchTest
    static final ArchRule noAnyAssociations = SafeMergeRules.noAnyAssociations();
}
