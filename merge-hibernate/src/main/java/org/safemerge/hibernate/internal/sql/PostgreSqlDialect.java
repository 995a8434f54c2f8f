package org.safemerge.hibernate.internal.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * PostgreSQL: {@code UPDATE ... FROM (VALUES ...)} joined to the map, and {@code RETURNING} for the ids of changed
 * rows (one statement changes and names them). Fewer, larger statements win where each costs a round trip (5,000
 * pairs in one statement cost 0.75 of 250-pair slices).
 */
final class PostgreSqlDialect extends SqlDialect {

    PostgreSqlDialect(Dialect hibernate) {
        super(hibernate);
    }

    @Override
    public boolean returning() {
        return true;
    }

    /** {@code hashtext} (int4; sums are bigint): the text, and the text salted. */
    @Override
    public List<String> rowHashes(List<String> keyColumns) {
        String text = keyText(keyColumns, "text");
        return List.of("hashtext(" + text + ")", "hashtext(" + text + " || '#')");
    }

    /**
     * {@code lock_timeout}, transaction-scoped ({@code set_config(..., true)}, i.e. {@code SET LOCAL}): it ends with
     * the merge's own transaction. In the caller's transaction the previous value is read by the same statement
     * (a materialized CTE runs before the setting changes) and put back after the merge.
     */
    @Override
    public LockTimeoutRestore lockTimeout(Connection connection, Duration timeout, boolean callerTransaction,
            SessionFactoryImplementor factory)
            throws SQLException {
        String value = Math.max(timeout.toMillis(), 1) + "ms"; // 0 would mean "wait forever"
        if (!callerTransaction) {
            execute(connection, "select set_config('lock_timeout', '" + value + "', true)");
            return LockTimeoutRestore.NONE;
        }
        String previous;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "with sm_prev as materialized (select current_setting('lock_timeout') as v) select v, "
                + "set_config('lock_timeout', '" + value + "', true) from sm_prev")) {
            rs.next();
            previous = rs.getString(1);
        }
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("select set_config('lock_timeout', ?, true)")) {
                ps.setString(1, previous);
                ps.executeQuery().close();
            }
        };
    }

    @Override
    public boolean sendsMutationsTogether() {
        return true;
    }

    /**
     * Data-modifying {@code WITH} queries, each {@code RETURNING} its keys, aggregated into one array per mutation
     * (each of its key's own type). All run once, on one snapshot: the mutations must not meet the same row.
     */
    @Override
    public String mutationsTogether(List<String> mutations, List<String> keys) {
        StringBuilder with = new StringBuilder("with ");
        StringBuilder select = new StringBuilder(" select ");
        for (int i = 0; i < mutations.size(); i++) {
            with.append(i == 0 ? "" : ", ").append("sm_u").append(i).append(" as (").append(mutations.get(i))
                    .append(" returning ").append(keys.get(i)).append(" as sm_k)");
            select.append(i == 0 ? "" : ", ").append("(select array_agg(sm_k) from sm_u").append(i).append(')');
        }
        return with.append(select).toString();
    }

    @Override
    public BulkForm bulkForm() {
        return BulkForm.JOINED_MAP;
    }

    @Override
    public String repoint(String table, String column, int pairs) {
        return "update " + table + " set " + column + " = sm_map.sm_s from " + map(pairs) + " where " + table + "."
                + column + " = sm_map.sm_d";
    }

    /** Joined to the map only to return the duplicate each row pointed at ({@code RETURNING} sees new values). */
    @Override
    public String unassignReturningDuplicate(String table, String column, int pairs) {
        return "update " + table + " set " + column + " = null from " + map(pairs) + " where " + table + "." + column
                + " = sm_map.sm_d";
    }
}
