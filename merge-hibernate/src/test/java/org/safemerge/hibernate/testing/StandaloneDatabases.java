package org.safemerge.hibernate.testing;

import java.util.Optional;

/**
 * A {@link TestDatabase} outside JUnit Jupiter's {@link MatrixTest} (for other JUnit Platform engines such as
 * jqwik): the same servers, the same rules for unavailable and required databases. The caller closes it.
 */
public final class StandaloneDatabases {
    private StandaloneDatabases() {
    }

    /**
     * A fresh schema on {@code database}, or empty (with the reason printed) when the database is unavailable and
     * not named in {@link DatabaseMatrixExtension#REQUIRE_DATABASES}.
     *
     * @throws IllegalStateException if the database is required but unavailable
     */
    public static Optional<TestDatabase> open(Database database) {
        DatabaseServer.Resolution resolution = DatabaseServer.resolve(database);
        if (!resolution.available()) {
            if (DatabaseMatrixExtension.requiredDatabases().contains(database.key())) {
                throw new IllegalStateException(database.displayName() + " is required by "
                        + DatabaseMatrixExtension.REQUIRE_DATABASES + " but unavailable: "
                        + resolution.unavailableReason());
            }
            System.out.println("skipped on " + database.displayName() + ": " + resolution.unavailableReason());
            return Optional.empty();
        }
        return Optional.of(resolution.server().createSchema());
    }
}
