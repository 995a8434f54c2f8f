package org.safemerge.hibernate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reachable database server of the matrix, resolved once per JVM: it creates and drops the isolated schemas
 * (PostgreSQL schemas, MariaDB databases, H2 in-memory databases) that tests run in.
 */
final class DatabaseServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseServer.class);

    /** Prefix of every schema the tests create; a name also carries its creation time so stale ones can be swept. */
    static final String SCHEMA_PREFIX = "smt_";
    private static final long STALE_AFTER_SECONDS = TimeUnit.HOURS.toSeconds(6);

    private final Database database;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final String origin;
    private final Runnable containerStop;

    private DatabaseServer(Database database, String adminUrl, String user, String password, String origin,
            Runnable containerStop) {
        this.database = database;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.origin = origin;
        this.containerStop = containerStop;
    }

    /** Resolves the server for a database, or explains why none is available and how to get one. */
    static Resolution resolve(Database database) {
        if (database == Database.H2) {
            return Resolution.found(new DatabaseServer(database, null, "sa", "", "embedded", null));
        }
        String key = database.envKey();
        Optional<String> explicitUrl = setting("SAFEMERGE_TEST_" + key + "_URL");
        if (explicitUrl.isPresent()) {
            String user = setting("SAFEMERGE_TEST_" + key + "_USER").orElse(defaultUser(database));
            String password = setting("SAFEMERGE_TEST_" + key + "_PASSWORD").orElse("");
            try {
                probe(explicitUrl.get(), user, password);
            } catch (SQLException e) {
                return Resolution.missing(database.displayName() + " at " + explicitUrl.get()
                        + " (from SAFEMERGE_TEST_" + key + "_URL) is not reachable: " + e.getMessage());
            }
            return Resolution.found(sweep(new DatabaseServer(database, explicitUrl.get(), user, password,
                    "SAFEMERGE_TEST_" + key + "_URL", null)));
        }
        String localUrl = localUrl(database);
        SQLException localFailure;
        try {
            probe(localUrl, defaultUser(database), "");
            return Resolution.found(sweep(new DatabaseServer(database, localUrl, defaultUser(database), "",
                    "local service", null)));
        } catch (SQLException e) {
            localFailure = e;
        }
        Optional<DatabaseServer> containerized = Containers.start(database);
        if (containerized.isPresent()) {
            return Resolution.found(containerized.get());
        }
        return Resolution.missing(database.displayName() + " is not reachable at " + localUrl + " ("
                + localFailure.getMessage() + ") and no Docker engine is available for Testcontainers. "
                + "Start the local service (" + database.localStartCommand() + "), or set SAFEMERGE_TEST_" + key
                + "_URL (and _USER, _PASSWORD) to a server where the user may create and drop "
                + (database == Database.MARIADB ? "databases" : "schemas") + ".");
    }

    static DatabaseServer forContainer(Database database, String jdbcUrl, String user, String password,
            Runnable containerStop) {
        return new DatabaseServer(database, jdbcUrl, user, password, "Testcontainers", containerStop);
    }

    private static String localUrl(Database database) {
        return switch (database) {
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/test?connectTimeout=3000";
            case H2 -> throw new IllegalArgumentException("H2 is embedded");
        };
    }

    private static String defaultUser(Database database) {
        return switch (database) {
            case POSTGRESQL -> "postgres";
            case MARIADB -> "root";
            case H2 -> "sa";
        };
    }

    /** Environment variable first, then the matching system property ({@code safemerge.test.postgresql.url}). */
    static Optional<String> setting(String envName) {
        String value = System.getenv(envName);
        if (value == null || value.isBlank()) {
            String property = envName.toLowerCase(Locale.ROOT).replace('_', '.');
            value = System.getProperty(property);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static void probe(String url, String user, String password) throws SQLException {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.isValid(5);
        }
    }

    Database database() {
        return database;
    }

    String origin() {
        return origin;
    }

    /** Creates a fresh, empty schema and returns how to connect to it. */
    TestDatabase createSchema() {
        String name = SCHEMA_PREFIX + (System.currentTimeMillis() / 1000) + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        String url = switch (database) {
            case H2 -> "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> {
                execute("CREATE SCHEMA " + name);
                yield withParameter(adminUrl, "currentSchema", name);
            }
            case MARIADB -> {
                execute("CREATE DATABASE " + name);
                yield replaceDatabase(adminUrl, name);
            }
        };
        log.debug("created test schema {} on {} ({})", name, database.displayName(), origin);
        return new TestDatabase(this, name, url, user, password);
    }

    void dropSchema(String name) {
        switch (database) {
            case H2 -> {
                try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name, user, password);
                     Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not drop H2 test database " + name, e);
                }
            }
            case POSTGRESQL -> execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            case MARIADB -> execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    /** Drops schemas that a killed test run left behind, so nothing accumulates between runs. */
    private static DatabaseServer sweep(DatabaseServer server) {
        String listing = "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'smt\\_%'";
        long now = System.currentTimeMillis() / 1000;
        List<String> stale = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(listing)) {
            while (rs.next()) {
                String name = rs.getString(1);
                String[] parts = name.split("_");
                if (parts.length >= 3 && parts[1].chars().allMatch(Character::isDigit)
                        && now - Long.parseLong(parts[1]) > STALE_AFTER_SECONDS) {
                    stale.add(name);
                }
            }
        } catch (SQLException e) {
            log.warn("could not list stale test schemas on {}: {}", server.database.displayName(), e.getMessage());
        }
        stale.forEach(server::dropSchema);
        return server;
    }

    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(adminUrl, props);
    }

    private void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database.displayName() + ": " + e.getMessage(), e);
        }
    }

    private static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
    }

    /** jdbc:mariadb://host:port/db?params -> the same URL naming another database. */
    private static String replaceDatabase(String url, String database) {
        int hostStart = url.indexOf("//") + 2;
        int pathStart = url.indexOf('/', hostStart);
        int query = url.indexOf('?');
        String head = pathStart < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, pathStart);
        String tail = query < 0 ? "" : url.substring(query);
        return head + "/" + database + tail;
    }

    @Override
    public void close() {
        if (containerStop != null) {
            containerStop.run();
        }
    }

    /** Either a server, or the reason there is none. */
    record Resolution(DatabaseServer server, String unavailableReason) {
        static Resolution found(DatabaseServer server) {
            return new Resolution(server, null);
        }

        static Resolution missing(String reason) {
            return new Resolution(null, reason);
        }

        boolean available() {
            return server != null;
        }
    }
}
