package org.safemerge.examples.cli;

import org.safemerge.MergeErrorCode;

/** Exit codes scripts can rely on. */
public final class ExitCode {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** A bug: an unexpected failure (reported with its stack trace only under --verbose). */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input: unknown option, entity or attribute, missing id, survivor = duplicate, ... */
    public static final int BAD_INPUT = 2;
    /** The plan is blocked by a hazard or vetoed by a merge guard (see the dry run); nothing was changed. */
    public static final int BLOCKED = 3;
    /** The database is unreachable, lacks the schema, refused a statement, or changed concurrently. */
    public static final int DATABASE_ERROR = 4;
    /** The user did not confirm the merge; nothing was changed. */
    public static final int NOT_CONFIRMED = 5;
    /** {@code scan} found rows that point at no row; nothing was changed. */
    public static final int DANGLING_REFERENCES = 6;
    /** {@code undo}: rows the undo would touch changed since the merge (shown); nothing was changed. */
    public static final int UNDO_CONFLICT = 7;
    /** {@code undo}: the merge cannot be undone (unknown, rolled back, undone already, a needed value redacted). */
    public static final int UNDO_NOT_POSSIBLE = 8;

    private ExitCode() {
    }

    /** The exit code for a SafeMerge error. */
    static int of(MergeErrorCode code) {
        switch (code) {
            case PLAN_BLOCKED:
            case UNIQUE_CONFLICT:
            case MERGE_VETOED:
                return BLOCKED;
            case UNDO_CONFLICT:
                return UNDO_CONFLICT;
            case UNDO_NOT_POSSIBLE:
                return UNDO_NOT_POSSIBLE;
            case JOURNAL_FAILED:
            case DATABASE_ERROR:
            case CONCURRENT_MODIFICATION:
            case PLAN_STALE:
            case UNEXPECTED_DELETE:
            case AUDIT_FAILED:
            case GUARD_FAILED:
            case MARKER_FAILED:
                return DATABASE_ERROR;
            default:
                return BAD_INPUT;
        }
    }
}
