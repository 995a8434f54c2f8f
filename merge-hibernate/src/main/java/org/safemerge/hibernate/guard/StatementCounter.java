package org.safemerge.hibernate.guard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;

/**
 * A small pooling connection provider for tests and benchmarks that counts the statements sent to the database
 * (every {@code execute*} of a Statement, PreparedStatement or CallableStatement; a JDBC batch counts once: one round
 * trip) and keeps their SQL, so that a test can pin the statement budget of a merge (or of any code) and show the
 * statements when it is exceeded. Give it to Hibernate as its connection provider
 * ({@code AvailableSettings.CONNECTION_PROVIDER}); not for production (no validation, no limits). Thread-safe.
 */
public final class StatementCounter implements ConnectionProvider {
    private final String url;
    private final String user;
    private final String password;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final AtomicLong statements = new AtomicLong();
    /** The SQL of every statement executed, in order (for the message of a test that exceeds its budget). */
    private final java.util.List<String> executed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** A provider opening its connections with {@link DriverManager} on this URL and user. */
    public StatementCounter(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The statements executed so far through this provider's connections. */
    public long statements() {
        return statements.get();
    }

    /** The SQL executed since {@code from} statements had been counted. */
    public java.util.List<String> executedSince(long from) {
        synchronized (executed) {
            return java.util.List.copyOf(executed.subList((int) from, executed.size()));
        }
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        Connection pooled = idle.poll();
        if (pooled != null) {
            return pooled;
        }
        Connection real = DriverManager.getConnection(url, user, password);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new Counting(real, true, null));
    }

    @Override
    public synchronized void closeConnection(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        idle.push(connection);
    }

    /** Closes the pooled connections (when the factory closes). */
    /** Closes every pooled connection (at the end of a test, after the session factory closed). */
    public synchronized void closeAll() {
        for (Connection c : idle) {
            try {
                c.unwrap(Connection.class).close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        idle.clear();
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> unwrapType) {
        return unwrapType.isInstance(this);
    }

    @Override
    public <T> T unwrap(Class<T> unwrapType) {
        return unwrapType.cast(this);
    }

    /** Counts the executions of the statements a connection creates. */
    private final class Counting implements InvocationHandler {
        private final Object target;
        private final boolean connection;
        private final String sql;

        Counting(Object target, boolean connection, String sql) {
            this.target = target;
            this.connection = connection;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (connection && name.equals("unwrap") && args[0] == Connection.class) {
                return target;
            }
            if (!connection && name.startsWith("execute")) {
                statements.incrementAndGet();
                executed.add(args != null && args.length > 0 && args[0] instanceof String s ? s : sql);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (connection && result instanceof Statement statement) {
                Class<?> type = method.getReturnType();
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                        new Counting(statement, false,
                                args != null && args.length > 0 && args[0] instanceof String s ? s : null));
            }
            return result;
        }
    }
}
