package org.safemerge.hibernate.internal.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * H2: in the JVM, statements cost no round trips, but H2 joins an inline map badly (it reads the map once per row)
 * and re-checks every row against a whole list of parameters. So many groups are changed by one JDBC batch of
 * per-group statements, lists are one array parameter ({@code = ANY(?)}), and statements are kept short. The map,
 * where a query still joins one, is a {@code VALUES} list (H2 cannot type parameters in a {@code UNION} of selects).
 */
final class H2SqlDialect extends SqlDialect {

    H2SqlDialect(Dialect hibernate) {
        super(hibernate);
    }

    /** {@code ora_hash} (32 bits) with two seeds. */
    @Override
    public List<String> rowHashes(List<String> keyColumns) {
        String text = keyText(keyColumns, "varchar");
        return List.of("ora_hash(" + text + ", 4294967295, 0)", "ora_hash(" + text + ", 4294967295, 1)");
    }

    /** {@code LOCK_TIMEOUT} (ms), session-scoped: read by {@code LOCK_TIMEOUT()}, put back after the merge. */
    @Override
    public LockTimeoutRestore lockTimeout(Connection connection, Duration timeout, boolean callerTransaction,
            SessionFactoryImplementor factory)
            throws SQLException {
        long previous;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select lock_timeout()")) {
            rs.next();
            previous = rs.getLong(1);
        }
        execute(connection, "set lock_timeout " + Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return c -> execute(c, "set lock_timeout " + previous);
    }

    /**
     * A data change delta table: {@code SELECT keys FROM FINAL TABLE (UPDATE ...)} (the rows as changed),
     * {@code OLD TABLE (DELETE ...)}; one statement changes and names the rows, as {@code RETURNING} does.
     */
    @Override
    public String mutationReturning(String mutation, String keys, boolean delete) {
        return "select " + keys + " from " + (delete ? "old" : "final") + " table (" + mutation + ")";
    }

    @Override
    public BulkForm bulkForm() {
        return BulkForm.JDBC_BATCHES;
    }

    @Override
    public String in(String column, int count) {
        return column + " = any(?)";
    }

    @Override
    public void addIn(List<Object> params, List<Object> values) {
        params.add(values.toArray());
    }

    @Override
    public int groupsPerStatement() {
        return 50;
    }
}
