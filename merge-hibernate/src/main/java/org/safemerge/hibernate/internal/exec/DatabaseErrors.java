package org.safemerge.hibernate.internal.exec;

import java.sql.SQLException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.spi.RunMode;

/**
 * Keeps the database's own error texts out of what a failed merge says. Integrity and data errors (SQLState classes
 * 23 and 22) quote the values of the rows involved: PostgreSQL's {@code Key (ssn)=(...)} and {@code Failing row
 * contains (...)}, MariaDB's {@code Duplicate entry '...'}, H2's {@code VALUES ( /* 1 *&#47; '...' )}. A sensitive
 * value must not reach a MergeException message, a MergeRolledBack reason or a log line, and which columns an error
 * quotes cannot be told safely from its text, so such errors are always replaced by a generic text naming the
 * constraint, the statement (its values are bound, never in the SQL), the SQLState and the vendor code; the cause
 * attached is a SQLException with that text and the original's stack trace, not the original.
 */
final class DatabaseErrors {
    private DatabaseErrors() {
    }

    /** {@code e} itself, or a scrubbed DATABASE_ERROR when the database's text may quote row values. */
    static RuntimeException scrubbed(RuntimeException e, RunMode mode) {
        return scrubbed(e, mode, null);
    }

    /**
     * {@link #scrubbed(RuntimeException, RunMode)}, naming {@code table} (the table the failed work was on, or
     * null) where the failed statement's SQL is not known (SafeMerge's own JDBC work).
     */
    static RuntimeException scrubbed(RuntimeException e, RunMode mode, String table) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MergeException) {
                return e;
            }
        }
        SQLException sql = sqlException(e);
        String state = sql == null ? null : sql.getSQLState();
        boolean quotesValues = e instanceof ConstraintViolationException
                || state != null && (state.startsWith("23") || state.startsWith("22"));
        if (!quotesValues) {
            return e;
        }
        String constraint = e instanceof ConstraintViolationException violation
                ? violation.getConstraintName() : null;
        String statement = e instanceof JDBCException jdbc && jdbc.getSQL() != null && !jdbc.getSQL().equals("n/a")
                ? jdbc.getSQL() : null;
        String text = (state != null && state.startsWith("22") ? "a data error" : "an integrity constraint violation")
                + (constraint == null ? "" : " of constraint " + constraint)
                + " (SQLState " + state + ", vendor code " + (sql == null ? "?" : sql.getErrorCode()) + ")"
                + (statement != null ? " in: " + shortened(statement) : table != null ? " on table " + table : "");
        SQLException cause = new SQLException("[text withheld: it may quote sensitive values] " + text, state,
                sql == null ? 0 : sql.getErrorCode());
        cause.setStackTrace((sql == null ? e : sql).getStackTrace());
        return new MergeException(MergeErrorCode.DATABASE_ERROR, "the database refused a statement of the "
                + (mode == RunMode.READ_ONLY ? "dry run" : "merge") + " with " + text + "; "
                + (mode == RunMode.READ_ONLY ? "nothing was written" : "the merge was rolled back")
                + ". The database's own text is not shown because it may quote sensitive values; the constraint "
                + "and the statement say which rows and columns it refused", cause);
    }

    private static SQLException sqlException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JDBCException jdbc && jdbc.getSQLException() != null) {
                return jdbc.getSQLException();
            }
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String shortened(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + " ...";
    }
}
