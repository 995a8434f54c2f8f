package org.safemerge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.safemerge.hibernate.ModelLints;
import org.safemerge.hibernate.archunit.SafeMergeRules;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.lint.LintResult;

/**
 * The example domain guards its own mapping, as an application's tests would: the model lint on every database
 * (schema facts included) and, in {@link ExampleMappingRulesTest}, the ArchUnit rules on the entity classes. The one
 * hazard it keeps on purpose, Event.tags cascading ALL, is suppressed with its reason.
 */
class ExampleMappingLintTest {

    @MatrixTest
    void exampleDomain_passesTheModelLint_withItsOneDeliberateHazardSuppressed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(ExampleDatabase.ENTITIES.toArray(Class<?>[]::new));

        LintResult result = ModelLints.of(factory)
                .suppress("cascade-remove-many-to-many", "Event.tags", "kept on purpose: the example shows that "
                        + "SafeMerge changes join rows only, whatever the cascade says")
                .check()
                .assertClean();

        assertThat(result.suppressed()).extracting(s -> s.finding().association()).containsExactly("Event.tags");
        assertThat(result.unusedSuppressions()).isEmpty();
    }

    @Test
    void archUnitRule_catchesTheCascadeOverTags() {
        var classes = new ClassFileImporter().importPackages("org.safemerge.examples.domain");

        assertThat(SafeMergeRules.noCascadeRemoveOnManyToMany().evaluate(classes).getFailureReport().getDetails())
                .singleElement().satisfies(v -> assertThat(v).startsWith("[cascade-remove-many-to-many] Event.tags"));
    }
}
