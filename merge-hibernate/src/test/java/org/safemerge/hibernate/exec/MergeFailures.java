package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.ThrowingConsumer;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;

/** Assertions on how a merge failed. */
final class MergeFailures {
    private MergeFailures() {
    }

    /** For {@code assertThatThrownBy(...).satisfies(code(X))}: a {@link MergeException} with this code. */
    static ThrowingConsumer<Throwable> code(MergeErrorCode code) {
        return thrown -> assertThat(thrown).isInstanceOfSatisfying(MergeException.class,
                e -> assertThat(e.code()).as("the error code of: %s", e.getMessage()).isEqualTo(code));
    }
}
