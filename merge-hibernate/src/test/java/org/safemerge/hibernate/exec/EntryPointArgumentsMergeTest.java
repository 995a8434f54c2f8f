package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.IntegrityScan;
import org.safemerge.hibernate.ModelLints;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Task;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.testing.NullArguments;

/**
 * The Hibernate entry points refuse null and wrong arguments with {@code INVALID_ARGUMENT} naming them, and a
 * strategy's wrong value for a to-one is the strategy's failure, not the database's.
 */
class EntryPointArgumentsMergeTest {

    @MatrixTest(only = Database.H2)
    void everyPublicMethodOfHibernateMergeAndAssociationGraphs_refusesNullWithInvalidArgument(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);
        try (Session session = factory.openSession()) {
            new NullArguments(Map.of(Session.class, session, EntityManager.class, session, SessionFactory.class,
                    factory, EntityManagerFactory.class, factory, Class.class, Task.class, String.class, "Task",
                    Duration.class, Duration.ofSeconds(1)))
                    .methods(HibernateMerge.class, () -> HibernateMerge.of(factory))
                    .methods(AssociationGraphs.class, () -> null)
                    .methods(IntegrityScan.class, () -> IntegrityScan.of(factory))
                    .methods(ModelLints.class, () -> null)
                    .assertAllRefusedAsInvalidArguments();
        }
        assertThatThrownBy(() -> HibernateMerge.of((Session) null)).satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("session");
    }

    @MatrixTest
    void toOneStrategyReturningAString_failsWithStrategyFailed_namingTheAttribute_andChangesNothing(
            TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Task.class).survivor(100L).duplicates(101L)
                .field("event", FieldStrategy.custom(context -> "Python workshop")).build().execute())
                .satisfies(code(MergeErrorCode.STRATEGY_FAILED)).hasMessageContaining("'event'")
                .hasMessageContaining("java.lang.Long");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }
}
