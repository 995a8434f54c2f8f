package org.safemerge;

import java.util.Objects;

/**
 * The one exception SafeMerge throws (a batch throws its subclass {@link BatchMergeException}, which also says
 * which groups were committed before the failure). {@link #code()} is stable across releases; the message says what
 * is wrong and what to do. When it is thrown from {@code execute()}, the merge was rolled back and the database is
 * unchanged.
 * Failures of the database or the ORM arrive as {@link MergeErrorCode#DATABASE_ERROR} with the original exception as
 * cause. The message is prefixed with the code ({@code [PLAN_BLOCKED] ...}). Immutable once created.
 */
public sealed class MergeException extends RuntimeException permits BatchMergeException {
    private static final long serialVersionUID = 1L;

    private final MergeErrorCode code;

    /**
     * @param code the stable code
     * @param message what is wrong and what to do
     */
    public MergeException(MergeErrorCode code, String message) {
        super(format(code, message));
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @param code the stable code
     * @param message what is wrong and what to do
     * @param cause the failure behind it
     */
    public MergeException(MergeErrorCode code, String message, Throwable cause) {
        super(format(code, message), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code; assert on this, not on the message. */
    public MergeErrorCode code() {
        return code;
    }

    private static String format(MergeErrorCode code, String message) {
        return "[" + code + "] " + message;
    }
}
