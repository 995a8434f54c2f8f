package org.safemerge.hibernate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.integrator.spi.Integrator;

/**
 * One isolated, initially empty schema on one database of the matrix, alive for one test class and dropped after
 * it. Gives plain JDBC access (for asserting real rows) and builds Hibernate SessionFactories on the schema.
 */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseServer server;
    private final String schema;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<SessionFactory> factories = new ArrayList<>();

    TestDatabase(DatabaseServer server, String schema, String jdbcUrl, String user, String password) {
        this.server = server;
        this.schema = schema;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public Database database() {
        return server.database();
    }

    /**
     * Whether the executor's SQL dialect for this database gets changed rows' ids back from the statement that
     * changes them (PostgreSQL's RETURNING, H2's data change delta table; not the portable dialect the suite is also
     * run with).
     */
    public boolean returningDialect() {
        return (database() == Database.POSTGRESQL || database() == Database.H2) && !"portable".equalsIgnoreCase(
                System.getProperty(org.safemerge.hibernate.internal.sql.SqlDialect.FORCE_PROPERTY, ""));
    }

    /** The schema (PostgreSQL), database (MariaDB) or in-memory database name (H2) this test class owns. */
    public String schema() {
        return schema;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** A name quoted for SQL written by hand: stored exactly as written (MariaDB quotes with backticks). */
    public String quote(String name) {
        return database() == Database.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    /** Runs DDL or DML statements in autocommit mode. */
    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database().displayName() + ": " + e.getMessage(), e);
        }
    }

    /** The single long value of a query such as {@code select count(*) from tag}. */
    public long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database().displayName() + ": " + e.getMessage(), e);
        }
    }

    /** Every row of a query, each as a list of column values (for exact assertions on real data). */
    public List<List<Object>> queryRows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + database().displayName() + ": " + e.getMessage(), e);
        }
    }

    /** The Hibernate settings that point at this schema; the schema is created from the mapping. */
    public Map<String, Object> hibernateSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AvailableSettings.JAKARTA_JDBC_URL, jdbcUrl);
        settings.put(AvailableSettings.JAKARTA_JDBC_USER, user);
        settings.put(AvailableSettings.JAKARTA_JDBC_PASSWORD, password);
        settings.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "drop-and-create");
        settings.put(AvailableSettings.POOL_SIZE, 8);
        settings.put(AvailableSettings.SHOW_SQL, false);
        return settings;
    }

    /** Builds a SessionFactory for the given entity classes; it is closed when the test class ends. */
    public SessionFactory sessionFactory(Class<?>... entities) {
        return sessionFactory(settings -> { }, entities);
    }

    /** Same, with extra settings (e.g. second-level cache) applied on top of {@link #hibernateSettings()}. */
    public synchronized SessionFactory sessionFactory(Consumer<Map<String, Object>> customizer, Class<?>... entities) {
        return sessionFactory(customizer, List.of(), entities);
    }

    /** Same, with integrators of the test's own added to those Hibernate finds through ServiceLoader. */
    public synchronized SessionFactory sessionFactory(Consumer<Map<String, Object>> customizer,
            List<Integrator> integrators, Class<?>... entities) {
        Map<String, Object> settings = hibernateSettings();
        customizer.accept(settings);
        StandardServiceRegistryBuilder builder = new StandardServiceRegistryBuilder();
        if (!integrators.isEmpty()) {
            BootstrapServiceRegistryBuilder bootstrap = new BootstrapServiceRegistryBuilder();
            integrators.forEach(bootstrap::applyIntegrator);
            builder = new StandardServiceRegistryBuilder(bootstrap.enableAutoClose().build());
        }
        StandardServiceRegistry registry = builder.applySettings(settings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> entity : entities) {
                sources.addAnnotatedClass(entity);
            }
            SessionFactory factory = sources.buildMetadata().buildSessionFactory();
            factories.add(factory);
            return factory;
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        for (SessionFactory factory : factories) {
            factory.close();
        }
        factories.clear();
        server.dropSchema(schema);
    }

    @Override
    public String toString() {
        return database().displayName() + ":" + schema;
    }
}
