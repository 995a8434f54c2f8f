package org.safemerge.spi;

import java.util.Objects;

/**
 * What a {@link MergeGuard} decides: {@linkplain #allow() allow} the merge, or {@linkplain #veto(String) veto} it
 * with a message that says why (shown in the dry run's {@code VETOED} hazard and in the {@code MERGE_VETOED}
 * error). Immutable and thread-safe.
 */
public final class MergeVerdict {
    private static final MergeVerdict ALLOW = new MergeVerdict(null);

    private final String message;

    private MergeVerdict(String message) {
        this.message = message;
    }

    /** The merge may go on (as far as this guard is concerned). */
    public static MergeVerdict allow() {
        return ALLOW;
    }

    /**
     * The merge must not happen.
     *
     * @param message why, in the application's words (e.g. "both patients have an active order of type lab")
     * @throws IllegalArgumentException when the message is null or blank (from a guard: the merge fails with
     *                                  {@code GUARD_FAILED})
     */
    public static MergeVerdict veto(String message) {
        if (message == null || message.isBlank()) {
            // not a MergeException: the SPI stays below the API (no package cycle)
            throw new IllegalArgumentException("a veto needs a message that says why (it is shown in the report "
                    + "and the error), was " + (message == null ? "null" : "'" + message + "'"));
        }
        return new MergeVerdict(message);
    }

    /** Whether the merge is vetoed. */
    public boolean vetoed() {
        return message != null;
    }

    /** Why the merge is vetoed, or null when it is allowed. */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MergeVerdict verdict && Objects.equals(message, verdict.message);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(message);
    }

    @Override
    public String toString() {
        return vetoed() ? "veto(" + message + ")" : "allow()";
    }
}
