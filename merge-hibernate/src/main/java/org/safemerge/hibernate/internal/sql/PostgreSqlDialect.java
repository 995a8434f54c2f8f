package org.safemerge.hibernate.internal.sql;

import java.util.List;
import org.hibernate.dialect.Dialect;

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
