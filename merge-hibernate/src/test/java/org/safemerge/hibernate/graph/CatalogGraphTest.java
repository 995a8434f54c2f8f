package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.graph.GraphAssertions.assertReferences;

import jakarta.persistence.Column;
import jakarta.persistence.ConstraintMode;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Optional;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * What only the database knows: an unmapped legacy table whose FK cascades deletes, an FK on a column mapped as a
 * plain number, a column the database made NOT NULL behind the mapping's back, and a mapped FK without constraint.
 */
class CatalogGraphTest {

    @Entity(name = "Client")
    @Table(name = "client")
    static class Client {
        @Id
        Long id;
    }

    @Entity(name = "ClientNote")
    @Table(name = "client_note")
    static class ClientNote {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
        @ManyToOne
        @JoinColumn(name = "reviewer_id", foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT))
        Client reviewer;
        @Column(name = "legacy_client_id")
        Long legacyClientId;
    }

    /** A fresh schema for the mapping. */
    private static SessionFactory factory(TestDatabase db) {
        dropWhatHibernateCannotDrop(db);
        return db.sessionFactory(Client.class, ClientNote.class);
    }

    /** The unmapped table and the unmapped FK reference client; Hibernate's own drop would trip over them. */
    private static void dropWhatHibernateCannotDrop(TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS legacy_contact", "DROP TABLE IF EXISTS client_note");
    }

    @AfterEach
    void cleanUp() {
        legacyTableOwner.ifPresent(CatalogGraphTest::dropWhatHibernateCannotDrop);
    }

    private Optional<TestDatabase> legacyTableOwner = Optional.empty();

    /** Builds the factory, then changes the schema the way another application or a migration would. */
    private AssociationGraph graphAfterLegacyDdl(TestDatabase db) {
        SessionFactory factory = factory(db);
        legacyTableOwner = Optional.of(db);
        AssociationGraphs.of(factory);
        db.execute("CREATE TABLE legacy_contact (id BIGINT NOT NULL PRIMARY KEY, client_id BIGINT NOT NULL,"
                        + " CONSTRAINT fk_legacy_contact_client FOREIGN KEY (client_id) REFERENCES client (id)"
                        + " ON DELETE CASCADE)",
                "ALTER TABLE client_note ADD CONSTRAINT fk_note_legacy_client FOREIGN KEY (legacy_client_id)"
                        + " REFERENCES client (id) ON DELETE SET NULL",
                db.database() == Database.MARIADB ? "ALTER TABLE client_note MODIFY client_id BIGINT NOT NULL"
                        : "ALTER TABLE client_note ALTER COLUMN client_id SET NOT NULL");
        return GraphCache.rebuild(factory);
    }

    @MatrixTest
    void findsForeignKeysTheMappingDoesNotKnow_andRecordsWhereMappingAndDatabaseDisagree(TestDatabase db) {
        AssociationGraph graph = graphAfterLegacyDdl(db);

        assertReferences(graph, db.database(),
                "legacy_contact(client_id) CATALOG_FOREIGN_KEY -> Client [] table=legacy_contact"
                        + " columns=[client_id] rowKey=[id] source=null NOT NULL"
                        + " flags=[CATALOG_ONLY, ON_DELETE_CASCADE] onDelete=CASCADE",
                "client_note(legacy_client_id) CATALOG_FOREIGN_KEY -> Client [] table=client_note"
                        + " columns=[legacy_client_id] rowKey=[id] source=null nullable flags=[CATALOG_ONLY]"
                        + " onDelete=SET_NULL",
                "client_note(client_id) FOREIGN_KEY -> Client [ClientNote.client] table=client_note"
                        + " columns=[client_id] rowKey=[id] source=ClientNote NOT NULL flags=[NULLABILITY_MISMATCH]"
                        + " onDelete=DEFAULT notes=[the mapping says client_note(client_id) is nullable, the"
                        + " database column is NOT NULL]",
                "client_note(reviewer_id) FOREIGN_KEY -> Client [ClientNote.reviewer] table=client_note"
                        + " columns=[reviewer_id] rowKey=[id] source=ClientNote nullable"
                        + " flags=[NO_DATABASE_CONSTRAINT] onDelete=UNKNOWN");
        InboundReference legacy = graph.reference("legacy_contact(client_id)").orElseThrow();
        assertThat(legacy.constraintName()).isEqualToIgnoringCase("fk_legacy_contact_client");
        assertThat(graph.reference("client_note(reviewer_id)").orElseThrow().constraintName()).isNull();
        assertThat(graph.reference("client_note(client_id)").orElseThrow().notes()).containsExactly(
                "the mapping says client_note(client_id) is nullable, the database column is NOT NULL");
    }

    @MatrixTest
    void describe_showsTheCatalogOnlyCascade_andTheDisagreement(TestDatabase db) {
        AssociationGraph graph = graphAfterLegacyDdl(db);

        String description = graph.describe("Client");

        assertThat(description).contains(
                "  <- legacy_contact(client_id) [CATALOG_FOREIGN_KEY, NOT NULL] [CATALOG_ONLY, ON_DELETE_CASCADE]"
                        + " ON DELETE CASCADE\n",
                "  <- client_note(client_id) [FOREIGN_KEY, NOT NULL] ClientNote.client [NULLABILITY_MISMATCH]",
                "     ! the mapping says client_note(client_id) is nullable, the database column is NOT NULL\n",
                "  <- client_note(reviewer_id) [FOREIGN_KEY, nullable] ClientNote.reviewer"
                        + " [NO_DATABASE_CONSTRAINT]\n");
    }

    @MatrixTest
    void theCachedGraphKeepsTheCatalogItWasBuiltFrom_untilRebuilt(TestDatabase db) {
        SessionFactory factory = factory(db);
        legacyTableOwner = Optional.of(db);
        AssociationGraph before = AssociationGraphs.of(factory);
        db.execute("CREATE TABLE legacy_contact (id BIGINT NOT NULL PRIMARY KEY, client_id BIGINT,"
                + " CONSTRAINT fk_legacy_contact_client FOREIGN KEY (client_id) REFERENCES client (id))");

        AssociationGraph rebuilt = GraphCache.rebuild(factory);

        assertThat(AssociationGraphs.of(factory)).isSameAs(rebuilt);
        assertThat(before.reference("legacy_contact(client_id)")).isEmpty();
        assertThat(rebuilt.reference("legacy_contact(client_id)")).isPresent();
    }
}
