package org.safemerge.hibernate.internal.exec;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;

/**
 * The one place where database failures caused by concurrent writers are recognized, by SQLState and vendor code,
 * and become {@code CONCURRENT_MODIFICATION} (rolled back, retry): lock timeouts, deadlocks, FK violations on a
 * reference the merge handles (its rows were all re-pointed or unassigned, so a violation means another transaction
 * wrote a row meanwhile), and unique violations its plan rules out (identical links, planned unique conflicts). Anything else stays what it was ({@code DATABASE_ERROR} further out).
 */
final class ConcurrencyErrors {
    /** What kind of concurrent failure a SQLException is. */
    enum Kind { LOCK_TIMEOUT, DEADLOCK, FOREIGN_KEY, UNIQUE, OTHER }

    private ConcurrencyErrors() {
    }

    /**
     * Of the tables one statement worked on, the one the database's error names ({@code relation "t"} in
     * PostgreSQL's context line), else all of them ("one of a, b").
     */
    static String blamedTable(Throwable e, List<String> tables) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            for (String table : tables) {
                if (message.contains("relation \"" + table.replace("\"", "") + "\"")) {
                    return table;
                }
            }
        }
        return tables.size() == 1 ? tables.get(0) : "one of " + String.join(", ", tables);
    }

    /** The kind of the first SQLException in {@code e}'s causes. */
    static Kind kind(Throwable e) {
        SQLException sql = sqlException(e);
        if (sql == null) {
            return Kind.OTHER;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        if (state.equals("40P01") || state.equals("40001") || code == 1213) {
            return Kind.DEADLOCK; // PostgreSQL, the standard's serialization failure (H2, MariaDB), MariaDB's code
        }
        if (state.equals("55P03") || code == 1205 || code == 50200) {
            return Kind.LOCK_TIMEOUT; // PostgreSQL lock_not_available, MariaDB lock wait timeout, H2 LOCK_TIMEOUT_1
        }
        if (state.equals("23503") || state.equals("23506") || code == 1451 || code == 1452) {
            return Kind.FOREIGN_KEY; // PostgreSQL and H2 (child exists, parent missing), MariaDB (parent, child row)
        }
        if (state.equals("23505") || code == 1062) {
            return Kind.UNIQUE; // PostgreSQL and H2, MariaDB's duplicate entry
        }
        return Kind.OTHER;
    }

    /**
     * {@code e} as a {@code CONCURRENT_MODIFICATION} naming {@code table} (the table the failed statement worked
     * on), or empty when it is not a concurrent writer's doing.
     */
    static Optional<MergeException> translate(Throwable e, String table, Duration timeout, AssociationGraph graph) {
        if (e instanceof MergeException) {
            return Optional.empty();
        }
        String where = table == null ? "" : " on " + table;
        return switch (kind(e)) {
            case LOCK_TIMEOUT -> Optional.of(new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, "waited "
                    + "longer than the lock timeout (" + timeout.toMillis() + " ms) for a row lock" + where
                    + " held by another transaction; the merge was rolled back and nothing was changed. Try again "
                    + "when that transaction has ended (or raise HibernateMerge.withLockTimeout)", e));
            case DEADLOCK -> Optional.of(new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, "deadlocked with"
                    + " another transaction" + where + " and the database chose this merge to give way; the merge "
                    + "was rolled back and nothing was changed. Try again", e));
            case FOREIGN_KEY -> handledReference(e, graph).map(reference -> new MergeException(
                    MergeErrorCode.CONCURRENT_MODIFICATION, "another transaction wrote a row of "
                    + reference.table() + " pointing at a merged record while the merge ran (FK "
                    + reference.constraintName() + " refused" + where + "); the merge was rolled back and nothing "
                    + "was changed. Run it again: it will handle that row too", e));
            case UNIQUE -> collidedTable(e, table, graph).map(collided -> new MergeException(
                    MergeErrorCode.CONCURRENT_MODIFICATION, "another transaction wrote a row of " + collided
                    + " that a row the merge moves now collides with (a unique key refused" + where + "); the merge "
                    + "was rolled back and nothing was changed. Run it again: it will plan that row too", e));
            case OTHER -> Optional.empty();
        };
    }

    /**
     * The table of a unique violation the merge's plan rules out, so that only a concurrent write explains it: a
     * link table of a reference the merge handles (identical links are found under the records' locks and never
     * moved), or a unique key of the graph named in the message (its conflicts were planned row by row). A key the
     * graph does not know is the database's refusal, not a concurrent write.
     */
    private static Optional<String> collidedTable(Throwable e, String table, AssociationGraph graph) {
        String bare = table == null ? null : table.replace("\"", "").replace("`", "");
        if (bare != null && graph.references().stream().anyMatch(r -> !r.has(ReferenceFlag.UNSUPPORTED)
                && r.kind().isLink() && r.table().equalsIgnoreCase(bare))) {
            return Optional.of(bare);
        }
        String message = String.valueOf(sqlException(e).getMessage()).toLowerCase(Locale.ROOT);
        return graph.uniqueKeys().stream()
                .filter(k -> k.name() != null && message.contains(k.name().toLowerCase(Locale.ROOT)))
                .filter(k -> graph.references().stream().anyMatch(r -> !r.has(ReferenceFlag.UNSUPPORTED)
                        && r.table().equalsIgnoreCase(k.table())))
                .map(k -> k.table()).findFirst();
    }

    /**
     * The reference whose FK refused, when the merge carries its rows out itself: the message of every database
     * names the constraint. A reference left to the database is the database's refusal, not a concurrent write.
     */
    private static Optional<InboundReference> handledReference(Throwable e, AssociationGraph graph) {
        String message = String.valueOf(sqlException(e).getMessage()).toLowerCase(Locale.ROOT);
        return graph.references().stream()
                .filter(r -> r.constraintName() != null && !r.has(ReferenceFlag.UNSUPPORTED))
                .filter(r -> message.contains(r.constraintName().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
