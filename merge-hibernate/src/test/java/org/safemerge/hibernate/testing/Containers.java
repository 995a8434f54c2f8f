package org.safemerge.hibernate.testing;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/** Starts a database in a container when a Docker engine is available (a developer's laptop); isolated here so the
 * rest of the matrix never touches Testcontainers. */
final class Containers {
    private static final Logger log = LoggerFactory.getLogger(Containers.class);

    private Containers() {
    }

    static Optional<DatabaseServer> start(Database database) {
        if (!dockerAvailable()) {
            return Optional.empty();
        }
        JdbcDatabaseContainer<?> container = switch (database) {
            case POSTGRESQL -> new PostgreSQLContainer<>("postgres:16-alpine");
            case MARIADB -> new MariaDBContainer<>("mariadb:11").withUsername("root").withPassword("");
            case H2 -> throw new IllegalArgumentException("H2 is embedded");
        };
        log.info("starting {} in a container", database.displayName());
        container.start();
        return Optional.of(DatabaseServer.forContainer(database, container.getJdbcUrl(), container.getUsername(),
                container.getPassword(), container::stop));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
