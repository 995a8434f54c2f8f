package org.safemerge.hibernate.internal.exec;

import java.util.Collections;
import java.util.List;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;

/**
 * How a database changes the rows of many merge groups at once: joined to an inline map of (duplicate, survivor)
 * pairs, one statement per reference. Where no form is known, a batch falls back to one statement per group.
 */
enum BulkSyntax {
    /** {@code UPDATE ... FROM (VALUES ...)}; the ids come back with {@code RETURNING}. */
    POSTGRESQL,
    /**
     * One array parameter per value list and JDBC batches of per-group statements (in the JVM they cost no round
     * trips; H2 reads an inline map once per row it joins). The map, where a query still joins one, is a
     * {@code VALUES} list: H2 cannot type parameters in a {@code UNION} of selects.
     */
    H2,
    /** {@code UPDATE ... JOIN (SELECT ... UNION ALL ...)}: MySQL and MariaDB. */
    MYSQL,
    /** No bulk form: one statement per group. */
    NONE;

    static BulkSyntax of(Dialect dialect) {
        if (dialect instanceof PostgreSQLDialect) {
            return POSTGRESQL;
        } else if (dialect instanceof H2Dialect) {
            return H2;
        } else if (dialect instanceof MySQLDialect) {
            return MYSQL;
        }
        return NONE;
    }

    /**
     * The map as a derived table {@code sm_map(sm_d, sm_s)} of {@code pairs} rows; its parameters are the pairs
     * (duplicate, survivor) in order.
     */
    String map(int pairs) {
        if (this == MYSQL) {
            return "(select ? as sm_d, ? as sm_s" + " union all select ?, ?".repeat(pairs - 1) + ") sm_map";
        }
        return "(values " + String.join(", ", Collections.nCopies(pairs, "(?, ?)")) + ") as sm_map(sm_d, sm_s)";
    }

    /** Sets {@code column} of the rows of {@code table} whose {@code column} is a duplicate of the map to its survivor. */
    String repoint(String table, String column, int pairs) {
        return switch (this) {
            case POSTGRESQL -> "update " + table + " set " + column + " = sm_map.sm_s from " + map(pairs) + " where "
                    + table + "." + column + " = sm_map.sm_d";
            case MYSQL -> "update " + table + " join " + map(pairs) + " on " + table + "." + column
                    + " = sm_map.sm_d set " + table + "." + column + " = sm_map.sm_s";
            case H2, NONE -> throw new IllegalStateException("no joined update for " + this);
        };
    }

    /**
     * {@code column} is one of {@code count} values. H2 gets one array parameter ({@code = ANY(?)}): it checks a
     * long list of parameters value by value for every row it reads.
     */
    String in(String column, int count) {
        return this == H2 ? column + " = any(?)" : column + " in (" + ReferenceSql.placeholders(count) + ")";
    }

    /** The parameters of {@link #in}. */
    void addIn(List<Object> params, List<Object> values) {
        if (this == H2) {
            params.add(values.toArray());
        } else {
            params.addAll(values);
        }
    }

    /**
     * Merge groups per statement. Fewer, larger statements are cheaper where there are round trips (PostgreSQL:
     * 5,000 pairs in one statement cost 0.75 of 250-pair slices); H2 re-checks every row it finds against the whole
     * list of values, so there short lists win.
     */
    int groupsPerStatement() {
        return this == H2 ? 50 : 1000;
    }

    static void addPairs(List<Object> params, List<Object> duplicates, List<Object> survivors) {
        for (int i = 0; i < duplicates.size(); i++) {
            params.add(duplicates.get(i));
            params.add(survivors.get(i));
        }
    }
}
