package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import java.sql.Statement;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Chore;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Child;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Family;
import org.safemerge.hibernate.exec.OneToManyMergeTest.Pet;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditListener;

/**
 * Rows that appear between planning and the step that deletes (an allowed delete) were never shown in a dry run:
 * they must not be deleted. The merge fails instead and changes nothing. Its own class: the unmapped table it adds
 * (sorted before {@code fc_child}, so its step runs first) would keep other classes from dropping their schema.
 */
class PlanDriftMergeTest {

    @MatrixTest
    void aChildAddedAfterPlanning_isNeverDeletedByAnAllowedDelete_theMergeFailsAndChangesNothing(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Family.class, Child.class, Pet.class, Chore.class);
        db.execute("insert into fc_family (id, name) values (1, 'Miller'), (2, 'Miller (dup)')",
                "insert into fc_child (id, name, family_id) values (11, 'Ann', 1), (12, 'Ben', 2), (13, 'Cid', 2)",
                "create table fc_album (id bigint primary key, family_id bigint references fc_family (id))",
                "insert into fc_album (id, family_id) values (41, 2)");
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        try (Session session = factory.openSession()) {
            // inside the merge's own transaction, after the plan was made: a child of the duplicate appears
            AuditListener childAppears = event -> {
                if (event instanceof AuditEvent.ReferencesRepointed repointed
                        && repointed.table().equalsIgnoreCase("fc_album")) {
                    session.doWork(connection -> {
                        try (Statement statement = connection.createStatement()) {
                            statement.executeUpdate("insert into fc_child (id, name, family_id) values (14, 'Dee', 2)");
                        }
                    });
                }
            };
            assertThatThrownBy(() -> HibernateMerge.of(session).plan(Family.class).survivor(1L).duplicates(2L)
                    .field("children", FieldStrategy.takeA())
                    .association("children", AssociationPolicy.repoint().allowDelete())
                    .audit(audit, childAppears).build().execute())
                    .satisfies(code(MergeErrorCode.CONCURRENT_MODIFICATION))
                    .hasMessageContaining("fc_child")
                    .hasMessageContaining("the plan counted 2");
        }

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.ReferencingRowsDeleted.class)).as("no deletion was even announced").isEmpty();
        assertThat(audit.rolledBackWith()).isEqualTo("CONCURRENT_MODIFICATION");
    }
}
