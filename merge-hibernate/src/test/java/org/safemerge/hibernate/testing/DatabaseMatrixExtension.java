package org.safemerge.hibernate.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Expands a {@link MatrixTest} into one invocation per database; see there for how databases are found. */
public final class DatabaseMatrixExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DatabaseMatrixExtension.class);

    /** Environment variable (or system property {@code safemerge.require.databases}) naming required databases. */
    public static final String REQUIRE_DATABASES = "SAFEMERGE_REQUIRE_DATABASES";

    /**
     * Environment variable (or system property {@code safemerge.test.databases}) restricting the matrix to the
     * databases named (comma-separated, e.g. {@code h2}); unset: every database. The Hibernate range runs use it.
     */
    public static final String TEST_DATABASES = "SAFEMERGE_TEST_DATABASES";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(MatrixTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        MatrixTest matrix = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), MatrixTest.class)
                .orElseThrow();
        List<Database> databases = matrix.only().length == 0 ? List.of(Database.values()) : List.of(matrix.only());
        Set<String> selected = databaseSetting(TEST_DATABASES);
        return databases.stream().filter(d -> selected.isEmpty() || selected.contains(d.key()))
                .map(database -> invocation(context, database));
    }

    /** A test restricted to databases outside {@link #TEST_DATABASES} simply has no invocation. */
    @Override
    public boolean mayReturnZeroTestTemplateInvocationContexts(ExtensionContext context) {
        return true;
    }

    private static TestTemplateInvocationContext invocation(ExtensionContext context, Database database) {
        DatabaseServer.Resolution resolution = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                "server:" + database, key -> new ClosingResolution(DatabaseServer.resolve(database)),
                ClosingResolution.class).resolution();
        boolean required = requiredDatabases().contains(database.key());
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + database.displayName() + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Skip(database, resolution, required), new Resolver(database, resolution, required));
            }
        };
    }

    static Set<String> requiredDatabases() {
        return databaseSetting(REQUIRE_DATABASES);
    }

    private static Set<String> databaseSetting(String name) {
        return DatabaseServer.setting(name)
                .map(v -> Arrays.stream(v.split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    /** Skips an invocation whose database is unavailable and not required. */
    private record Skip(Database database, DatabaseServer.Resolution resolution, boolean required)
            implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (resolution.available() || required) {
                return ConditionEvaluationResult.enabled(database.displayName() + " available");
            }
            return ConditionEvaluationResult.disabled(resolution.unavailableReason()
                    + " To make this a failure instead of a skip, set " + REQUIRE_DATABASES + "="
                    + database.key() + ".");
        }
    }

    /** Resolves the test's {@link TestDatabase}: one schema per test class and database, dropped after the class. */
    private record Resolver(Database database, DatabaseServer.Resolution resolution, boolean required)
            implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            if (!resolution.available()) {
                throw new ParameterResolutionException(database.displayName() + " is required by "
                        + REQUIRE_DATABASES + " but unavailable: " + resolution.unavailableReason());
            }
            ExtensionContext classContext = extensionContext.getParent().orElse(extensionContext);
            while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
                classContext = classContext.getParent().get();
            }
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("schema:" + database,
                    key -> resolution.server().createSchema(), TestDatabase.class);
        }
    }

    /** Closes a container-backed server when the test run ends. */
    private record ClosingResolution(DatabaseServer.Resolution resolution) implements AutoCloseable {
        @Override
        public void close() {
            if (resolution.available()) {
                resolution.server().close();
            }
        }
    }
}
