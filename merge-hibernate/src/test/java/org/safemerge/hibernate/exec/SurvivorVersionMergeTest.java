package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.exec.Workshop.Event;
import org.safemerge.hibernate.exec.Workshop.Task;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * The application's next step after a merge in its own transaction: edit the survivor and save it. Every entity the
 * merge touched shows the database's state, its {@code @Version} included, so the edit flushes and commits instead
 * of failing the optimistic lock check; with and without a written attribute (the version bump then comes from the
 * attribute UPDATE or from a forced increment), with the survivor loaded before the merge and after it.
 */
class SurvivorVersionMergeTest {

    @MatrixTest
    void noAttributeWritten_survivorLoadedBefore_isEditedAndSavedInTheSameTransaction(TestDatabase db) {
        mergeThenEditTheSurvivor(db, false, true);
    }

    @MatrixTest
    void noAttributeWritten_survivorLoadedAfter_isEditedAndSavedInTheSameTransaction(TestDatabase db) {
        mergeThenEditTheSurvivor(db, false, false);
    }

    @MatrixTest
    void attributeWritten_survivorLoadedBefore_isEditedAndSavedInTheSameTransaction(TestDatabase db) {
        mergeThenEditTheSurvivor(db, true, true);
    }

    @MatrixTest
    void attributeWritten_survivorLoadedAfter_isEditedAndSavedInTheSameTransaction(TestDatabase db) {
        mergeThenEditTheSurvivor(db, true, false);
    }

    @MatrixTest
    void referencingEntityLoadedBefore_isEditedAndSavedAfterTheMerge(TestDatabase db) {
        SessionFactory factory = Workshop.seed(db);

        factory.inTransaction(s -> {
            Task pizza = s.find(Task.class, 101L);
            HibernateMerge.of(s).plan(Event.class).survivor(10L).duplicates(11L).build().execute();

            pizza.title = "order pizza for everyone";
            s.flush();
            assertThat(((Event) Hibernate.unproxy(pizza.event)).id).isEqualTo(10L);
        });

        assertThat(db.queryRows("select title, event_id from ws_task where id = 101"))
                .containsExactly(List.of("order pizza for everyone", 10L));
    }

    /**
     * Merges event 11 into 10 in the caller's transaction, then renames the survivor, flushes and commits: the
     * entity's version equals the database's before the edit (read on the transaction's own connection) and after
     * the commit.
     */
    private static void mergeThenEditTheSurvivor(TestDatabase db, boolean writeAttribute, boolean loadBefore) {
        SessionFactory factory = Workshop.seed(db);
        long versionBefore = db.queryLong("select version from ws_event where id = 10");
        Event[] survivor = new Event[1];

        try (Session s = factory.openSession()) {
            s.beginTransaction();
            if (loadBefore) {
                survivor[0] = s.find(Event.class, 10L);
            }
            MergePlan.Builder<Event> plan = HibernateMerge.of(s).plan(Event.class).survivor(10L).duplicates(11L);
            if (writeAttribute) {
                plan.field("title", FieldStrategy.takeB());
            }
            plan.build().execute();
            if (!loadBefore) {
                survivor[0] = s.find(Event.class, 10L);
            }

            long versionInTransaction = s.doReturningWork(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("select version from ws_event "
                        + "where id = 10")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(versionInTransaction).as("the merge bumped the version once").isEqualTo(versionBefore + 1);
            assertThat(survivor[0].version).as("the entity shows the database's version").isEqualTo(
                    versionInTransaction);

            survivor[0].title = "Python workshop (merged)";
            s.flush();
            s.getTransaction().commit();
        }

        assertThat(db.queryRows("select title, version from ws_event where id = 10"))
                .containsExactly(List.of("Python workshop (merged)", survivor[0].version));
        assertThat(survivor[0].version).as("the edit bumped it again").isEqualTo(versionBefore + 2);
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
    }
}
