package org.safemerge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;

/** Assertions on {@link MergeException}s: tests assert codes, and messages where the message is the feature. */
public final class MergeAssertions {
    private MergeAssertions() {
    }

    /** Runs {@code call}, asserts it throws a MergeException with {@code code}, and returns it. */
    public static MergeException failsWith(MergeErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected MergeException %s", code).isInstanceOf(MergeException.class);
        MergeException e = (MergeException) thrown;
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).startsWith("[" + code + "] ");
        return e;
    }
}
