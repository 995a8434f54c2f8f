package org.safemerge.hibernate.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.safemerge.hibernate.ModelLints;
import org.safemerge.hibernate.lint.LintFixtures;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** The ArchUnit rules on fixture packages: each fails on the bad mapping, naming the member, and passes the good. */
class SafeMergeRulesTest {
    private static final JavaClasses BAD = new ClassFileImporter()
            .importPackages("org.safemerge.hibernate.archunit.fixture.bad");
    private static final JavaClasses GOOD = new ClassFileImporter()
            .importPackages("org.safemerge.hibernate.archunit.fixture.good");

    private static List<String> violations(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes).getFailureReport().getDetails().stream()
                .map(line -> line.replaceAll(" \\(BadModel\\.java:\\d+\\)", "")).sorted().toList();
    }

    @Test
    void cascadeRemoveOnManyToMany_namesFieldsAndGetters() {
        assertThat(violations(SafeMergeRules.noCascadeRemoveOnManyToMany(), BAD))
                .extracting(v -> v.substring(0, v.indexOf(':')))
                .containsExactly("[cascade-remove-many-to-many] Album.photos",
                        "[cascade-remove-many-to-many] Post.labels");
    }

    @Test
    void cascadeRemoveOnSharedToOne_namesEveryManyToOne_andOneToOnesWithOtherReferences() {
        List<String> violations = violations(SafeMergeRules.noCascadeRemoveOnSharedToOne(), BAD);

        assertThat(violations).extracting(v -> v.substring(0, v.indexOf(':')))
                .containsExactly("[cascade-remove-shared-to-one] Ticket.seat",
                        "[cascade-remove-shared-to-one] Ticket.venue");
        assertThat(violations.get(0)).contains("also referenced by Booking.seat");
    }

    @Test
    void orphanRemovalOnSharedChildren_namesTheCollection() {
        assertThat(violations(SafeMergeRules.noOrphanRemovalOnSharedChildren(), BAD)).singleElement()
                .satisfies(v -> assertThat(v).startsWith("[orphan-removal-shared-child] PurchaseOrder.lines")
                        .contains("also referenced by Invoice.line"));
    }

    @Test
    void anyAssociations_areNamed() {
        assertThat(violations(SafeMergeRules.noAnyAssociations(), BAD)).singleElement()
                .satisfies(v -> assertThat(v).startsWith("[any-association] Comment.subject"));
    }

    @Test
    void everyRule_passesTheGoodMapping() {
        SafeMergeRules.all().check(GOOD);
        assertThat(violations(SafeMergeRules.all(), BAD)).hasSize(6);
    }

    @MatrixTest(only = Database.H2)
    void modelLintClean_reportsOpenFindingsOnTheirEntityClass_andRespectsSuppressions(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(LintFixtures.CmLabel.class, LintFixtures.CmPost.class);
        JavaClasses classes = new ClassFileImporter().importClasses(LintFixtures.CmLabel.class,
                LintFixtures.CmPost.class);

        assertThat(violations(SafeMergeRules.modelLintClean(factory), classes)).singleElement()
                .satisfies(v -> assertThat(v).contains(LintFixtures.CmPost.class.getName())
                        .contains("[cascade-remove-many-to-many] CmPost.labels"));
        SafeMergeRules.modelLintClean(ModelLints.of(factory)
                .suppress("cascade-remove-many-to-many", "CmPost.labels", "labels are private to a post"))
                .check(classes);
    }
}
