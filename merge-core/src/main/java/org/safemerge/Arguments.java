package org.safemerge;

/**
 * Argument checks of the public entry points: a null or wrong argument is a {@link MergeException} with
 * {@link MergeErrorCode#INVALID_ARGUMENT} naming the argument (and the method), never a NullPointerException from
 * somewhere inside.
 */
final class Arguments {
    private Arguments() {
    }

    /** {@code value}, or INVALID_ARGUMENT naming {@code name} of {@code method} when it is null. */
    static <V> V notNull(V value, String method, String name) {
        if (value == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, method + ": " + name + " must not be null");
        }
        return value;
    }

    /** Every element of a varargs array (the array too) is non-null. */
    static <V> V[] noNulls(V[] values, String method, String name) {
        notNull(values, method, name);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, method + ": " + name + "[" + i
                        + "] must not be null");
            }
        }
        return values;
    }
}
