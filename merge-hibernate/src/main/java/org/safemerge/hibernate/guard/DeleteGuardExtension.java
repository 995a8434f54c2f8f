package org.safemerge.hibernate.guard;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link DeleteGuard} around every test method of a JUnit 5 class: the test fails if its body deleted or nulled
 * rows the guard does not allow. Started right before the method body (after {@code @BeforeEach}, which may create
 * the SessionFactory and the data), verified right after it (before {@code @AfterEach}, which may clean up).
 *
 * <pre>{@code
 * @RegisterExtension
 * final DeleteGuardExtension guard = DeleteGuardExtension.of(() -> DeleteGuard.of(sessionFactory)
 *         .allowDeleting(Event.class));
 * }</pre>
 *
 * <p>JUnit 5 is an optional dependency of SafeMerge: add {@code junit-jupiter-api} to use this class.
 */
public final class DeleteGuardExtension implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(DeleteGuardExtension.class);

    private final Supplier<DeleteGuard> guard;

    private DeleteGuardExtension(Supplier<DeleteGuard> guard) {
        this.guard = guard;
    }

    /** The guard to use, built when each test method starts (so it may use what {@code @BeforeEach} set up). */
    public static DeleteGuardExtension of(Supplier<DeleteGuard> guard) {
        return new DeleteGuardExtension(Objects.requireNonNull(guard, "guard"));
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        DeleteGuard configured = Objects.requireNonNull(guard.get(), "the DeleteGuard supplier returned null");
        context.getStore(NAMESPACE).put(context.getUniqueId(), configured.start());
    }

    /** Verifies the rows unless the test body already failed (its own failure says more). */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        DeleteGuard.Watch watch = context.getStore(NAMESPACE).remove(context.getUniqueId(), DeleteGuard.Watch.class);
        if (watch != null && context.getExecutionException().isEmpty()) {
            watch.verify();
        }
    }
}
