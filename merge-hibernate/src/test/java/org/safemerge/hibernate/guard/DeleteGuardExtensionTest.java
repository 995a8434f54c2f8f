package org.safemerge.hibernate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.safemerge.hibernate.guard.Workshop.Event;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** The extension fails a test whose body deleted tags, and passes one that changed links only. */
class DeleteGuardExtensionTest {
    /** The factory the guarded class uses; set before it runs. */
    static SessionFactory factory;

    /** Run only through the launcher below (surefire skips nested classes). */
    static class GuardedMerges {
        @RegisterExtension
        final DeleteGuardExtension guard = DeleteGuardExtension.of(() -> DeleteGuard.of(factory)
                .allowDeleting(Event.class, Workshop.B));

        @Test
        void wrongMerge() {
            factory.inTransaction(Workshop::wrongTagsFromB);
        }

        @Test
        void rightMerge() {
            factory.inTransaction(Workshop::rightTagsFromB);
        }
    }

    @MatrixTest(only = Database.H2)
    void extension_failsTheWrongMerge_andPassesTheRightOne(TestDatabase db) {
        factory = Workshop.seed(db);

        TestExecutionSummary wrong = launch("wrongMerge");
        factory = Workshop.seed(db);
        TestExecutionSummary right = launch("rightMerge");

        assertThat(wrong.getTestsFailedCount()).isEqualTo(1);
        assertThat(wrong.getFailures()).singleElement().satisfies(f -> assertThat(f.getException())
                .isInstanceOf(AssertionError.class).hasMessageContaining("Tag#1 deleted (gd_tag id = 1)"));
        assertThat(right.getTestsSucceededCount()).isEqualTo(1);
        assertThat(right.getTestsFailedCount()).isZero();
    }

    private static TestExecutionSummary launch(String method) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(List.of(org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(
                        GuardedMerges.class, method)))
                .build(), listener);
        return listener.getSummary();
    }
}
