package org.safemerge.hibernate.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.slf4j.event.Level;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safemerge.testing.LogCapture;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.ModelLints;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.lint.LintFixtures.AnComment;
import org.safemerge.hibernate.lint.LintFixtures.AnPerson;
import org.safemerge.hibernate.lint.LintFixtures.CmLabel;
import org.safemerge.hibernate.lint.LintFixtures.CmPost;
import org.safemerge.hibernate.lint.LintFixtures.CtBooking;
import org.safemerge.hibernate.lint.LintFixtures.CtSeat;
import org.safemerge.hibernate.lint.LintFixtures.CtStub;
import org.safemerge.hibernate.lint.LintFixtures.CtTicket;
import org.safemerge.hibernate.lint.LintFixtures.CtVenue;
import org.safemerge.hibernate.lint.LintFixtures.OrInvoice;
import org.safemerge.hibernate.lint.LintFixtures.OrLine;
import org.safemerge.hibernate.lint.LintFixtures.OrOrder;
import org.safemerge.hibernate.lint.LintFixtures.OrRemark;
import org.safemerge.hibernate.lint.LintFixtures.SfCarrier;
import org.safemerge.hibernate.lint.LintFixtures.SfShipment;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.lint.LintChecks;
import org.safemerge.lint.LintFinding;
import org.safemerge.lint.LintResult;

/**
 * Every built-in lint check on a mapping that triggers it and one that does not. Checks of the mapping alone run on
 * H2; checks of schema facts (nullability, constraints, indexes, unique keys) run on every database.
 */
class ModelLintTest {
    /** What the graph reader warns about the fixtures (an @Any association), kept off the build output. */
    @RegisterExtension
    final LogCapture log = LogCapture.of("org.safemerge");


    @MatrixTest(only = Database.H2)
    void cascadeAllOnManyToMany_isFound_cascadePersistIsNot(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(CmLabel.class, CmPost.class)).check();

        assertThat(result.findings(LintChecks.CASCADE_REMOVE_MANY_TO_MANY)).singleElement().satisfies(f -> {
            assertThat(f.association()).isEqualTo("CmPost.labels");
            assertThat(f.entity()).isEqualTo("CmPost");
            assertThat(f.names()).contains("cm_post_label(labels_id)", "cm_post_label(CmPost_id)");
            assertThat(f.reason()).contains("deletes the CmLabel rows themselves");
            assertThat(f.fix()).contains("remove CascadeType.REMOVE / ALL from CmPost.labels");
        });
    }

    @MatrixTest(only = Database.H2)
    void cascadeRemoveOnToOne_isFoundWhereTheTargetIsShared_notOnAnOwnedOneToOne(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(CtVenue.class, CtSeat.class, CtStub.class,
                CtTicket.class, CtBooking.class)).check();

        assertThat(result.findings(LintChecks.CASCADE_REMOVE_SHARED_TO_ONE)).extracting(LintFinding::association)
                .containsExactly("CtTicket.seat", "CtTicket.venue");
        assertThat(result.findings(LintChecks.CASCADE_REMOVE_SHARED_TO_ONE).get(0).reason())
                .contains("CtBooking.seat");
        assertThat(result.findings(LintChecks.CASCADE_REMOVE_SHARED_TO_ONE).get(1).reason())
                .contains("a many-to-one");
    }

    @MatrixTest(only = Database.H2)
    void orphanRemoval_isFoundOnChildrenOthersReference_notOnPrivateChildren(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(OrOrder.class, OrLine.class, OrRemark.class,
                OrInvoice.class)).check();

        assertThat(result.findings(LintChecks.ORPHAN_REMOVAL_SHARED_CHILD)).singleElement().satisfies(f -> {
            assertThat(f.association()).isEqualTo("OrOrder.lines");
            assertThat(f.reason()).contains("OrInvoice.line");
        });
    }

    @MatrixTest(only = Database.H2)
    void anyAssociation_isFound_plainToOneIsNot(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(AnPerson.class, AnComment.class)).check();

        assertThat(result.findings(LintChecks.ANY_ASSOCIATION)).extracting(LintFinding::association)
                .containsExactly("AnComment.subject");
        assertThat(log.texts(Level.WARN)).anySatisfy(line -> assertThat(line).contains("AnComment.subject is an @Any"));
    }

    @MatrixTest
    void nullability_isFoundWhereMappingAndDatabaseDisagree_eitherWay(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(SfCarrier.class, SfShipment.class);
        assertThat(ModelLints.of(factory).check().findings(LintChecks.NULLABILITY_MISMATCH))
                .as("as created from the mapping").isEmpty();

        db.execute(nullable(db, "carrier_id", true), nullable(db, "backup_id", false));
        GraphCache.rebuild(factory);
        LintResult result = ModelLints.of(factory).check();

        assertThat(result.findings(LintChecks.NULLABILITY_MISMATCH)).extracting(LintFinding::association)
                .containsExactly("SfShipment.backup", "SfShipment.carrier");
        assertThat(result.findings(LintChecks.NULLABILITY_MISMATCH).get(0).reason())
                .contains("mapping says sf_shipment(backup_id) is nullable");
        assertThat(result.findings(LintChecks.NULLABILITY_MISMATCH).get(1).reason())
                .contains("mapping says sf_shipment(carrier_id) is NOT NULL");
    }

    @MatrixTest
    void missingConstraint_isFoundOnlyWhereTheDatabaseHasNoForeignKey(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(SfCarrier.class, SfShipment.class)).check();

        assertThat(result.findings(LintChecks.MISSING_FOREIGN_KEY)).extracting(LintFinding::association)
                .containsExactly("SfShipment.broker");
    }

    @MatrixTest
    void unmappedForeignKey_isFound_mappedOnesAreNot(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(SfCarrier.class, SfShipment.class);
        db.execute("DROP TABLE IF EXISTS sf_legacy_claim");
        db.execute("CREATE TABLE sf_legacy_claim (id BIGINT NOT NULL PRIMARY KEY, carrier_id BIGINT,"
                + " CONSTRAINT fk_sf_legacy_claim_carrier FOREIGN KEY (carrier_id) REFERENCES sf_carrier (id)"
                + " ON DELETE CASCADE)");
        try {
            LintResult result = ModelLints.of(factory).check();

            assertThat(result.findings(LintChecks.UNMAPPED_FOREIGN_KEY)).singleElement().satisfies(f -> {
                assertThat(f.association()).isEqualTo("sf_legacy_claim(carrier_id)");
                assertThat(f.entity()).isEqualTo("SfCarrier");
                assertThat(f.reason()).containsIgnoringCase("fk_sf_legacy_claim_carrier")
                        .contains("ON DELETE CASCADE silently deletes");
            });
        } finally {
            db.execute("DROP TABLE sf_legacy_claim");
        }
    }

    @MatrixTest
    void unindexedForeignKey_isFoundWithoutAnIndexLedByItsColumns(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(SfCarrier.class, SfShipment.class)).check();

        // H2 and MariaDB index every FK constraint themselves; PostgreSQL does not
        String[] expected = db.database() == Database.POSTGRESQL
                ? new String[] {"SfShipment.backup", "SfShipment.broker"} : new String[] {"SfShipment.broker"};
        assertThat(result.findings(LintChecks.UNINDEXED_FOREIGN_KEY)).extracting(LintFinding::association)
                .as("carrier has @Index, sender leads the unique key").containsExactly(expected);
        assertThat(result.findings(LintChecks.UNINDEXED_FOREIGN_KEY).get(0).fix())
                .contains("@Table(indexes = @Index(columnList = \"");
    }

    @MatrixTest
    void uniqueKeyContainingAForeignKey_isFound_plainForeignKeysAreNot(TestDatabase db) {
        LintResult result = ModelLints.of(db.sessionFactory(SfCarrier.class, SfShipment.class)).check();

        assertThat(result.findings(LintChecks.UNIQUE_KEY_WITH_FOREIGN_KEY)).singleElement().satisfies(f -> {
            assertThat(f.association()).isEqualTo("SfShipment.sender");
            assertThat(f.reason()).contains("(reference)");
        });
    }

    @MatrixTest(only = Database.H2)
    void suppressions_recordTheirReason_andAssertCleanNamesWhatIsLeft(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(CmLabel.class, CmPost.class);

        assertThatThrownBy(() -> ModelLints.of(factory).check().assertClean()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[cascade-remove-many-to-many] CmPost.labels")
                .hasMessageContaining("fix: remove CascadeType.REMOVE / ALL");

        LintResult result = ModelLints.of(factory)
                .suppress("cascade-remove-many-to-many", "cm_post_label(labels_id)", "labels die with their post")
                .suppress(LintChecks.ORPHAN_REMOVAL_SHARED_CHILD, "CmPost.pinned", "stale")
                .check()
                .assertClean();

        assertThat(result.suppressed()).singleElement().satisfies(s -> {
            assertThat(s.finding().association()).isEqualTo("CmPost.labels");
            assertThat(s.suppression().reason()).isEqualTo("labels die with their post");
        });
        assertThat(result.unusedSuppressions()).extracting(u -> u.association()).containsExactly("CmPost.pinned");
        assertThat(result.toText()).contains("no findings, 1 suppressed",
                "[cascade-remove-many-to-many] CmPost.labels: labels die with their post",
                "orphan-removal-shared-child on CmPost.pinned: stale");
    }

    @MatrixTest(only = Database.H2)
    void suppressions_areCheckedEagerly(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(CmLabel.class, CmPost.class);

        assertThatThrownBy(() -> ModelLints.of(factory).suppress("no-such-check", "CmPost.labels", "why"))
                .isInstanceOfSatisfying(MergeException.class,
                        e -> assertThat(e.code()).isEqualTo(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("no lint check has the id 'no-such-check'")
                .hasMessageContaining("cascade-remove-many-to-many");
        assertThatThrownBy(() -> ModelLints.of(factory).suppress("any-association", "CmPost.lables", "why"))
                .isInstanceOf(MergeException.class).hasMessageContaining("no association named 'CmPost.lables'");
        assertThatThrownBy(() -> ModelLints.of(factory).disable("any-association", " "))
                .isInstanceOf(MergeException.class).hasMessageContaining("needs a reason");
    }

    private static String nullable(TestDatabase db, String column, boolean nullable) {
        return switch (db.database()) {
            case POSTGRESQL -> "ALTER TABLE sf_shipment ALTER COLUMN " + column
                    + (nullable ? " DROP NOT NULL" : " SET NOT NULL");
            case MARIADB -> "ALTER TABLE sf_shipment MODIFY " + column + " BIGINT" + (nullable ? " NULL"
                    : " NOT NULL");
            case H2 -> "ALTER TABLE sf_shipment ALTER COLUMN " + column + (nullable ? " SET NULL" : " SET NOT NULL");
        };
    }
}
