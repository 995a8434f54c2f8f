package org.safemerge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;

/**
 * Calls every public method (and constructor) of a type with null for one reference parameter at a time (sample
 * values for the others) and collects every call that failed otherwise than with a {@link MergeException} of an
 * accepted code: a NullPointerException from somewhere inside, an IllegalArgumentException, another code. A call
 * that accepts the null is fine (e.g. a value that may be null).
 */
public final class NullArguments {
    /** What a null argument may fail with: INVALID_ARGUMENT, or NULL_ID for ids (checked at build()). */
    public static final Set<MergeErrorCode> ACCEPTED = Set.of(MergeErrorCode.INVALID_ARGUMENT,
            MergeErrorCode.NULL_ID);

    private final Map<Class<?>, Object> samples;
    private final List<String> wrong = new ArrayList<>();
    private int calls;

    /** @param samples a non-null value for every parameter type the checked methods take */
    public NullArguments(Map<Class<?>, Object> samples) {
        this.samples = samples;
    }

    /** Checks the public methods {@code type} declares (static ones too), on a fresh target per call. */
    public NullArguments methods(Class<?> type, Supplier<?> target) {
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()
                    && !method.getName().equals("equals")
                    && !(type.isEnum() && method.getName().equals("valueOf"))) { // the JDK's own, by contract
                check(method, target);
            }
        }
        return this;
    }

    /** Checks the public constructors of {@code type}. */
    public NullArguments constructors(Class<?> type) {
        for (Constructor<?> constructor : type.getConstructors()) {
            check(constructor, null);
        }
        return this;
    }

    private void check(Executable executable, Supplier<?> target) {
        Class<?>[] types = executable.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i].isPrimitive()) {
                continue;
            }
            Object[] args = new Object[types.length];
            for (int j = 0; j < types.length; j++) {
                args[j] = j == i ? null : sample(executable, types[j]);
            }
            calls++;
            try {
                if (executable instanceof Method method) {
                    method.invoke(Modifier.isStatic(method.getModifiers()) ? null : target.get(), args);
                } else {
                    ((Constructor<?>) executable).newInstance(args);
                }
            } catch (InvocationTargetException e) {
                Throwable thrown = e.getCause();
                if (!(thrown instanceof MergeException merge && ACCEPTED.contains(merge.code()))) {
                    wrong.add(executable + " with null as argument " + (i + 1) + " threw " + thrown);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(executable + ": " + e, e);
            }
        }
    }

    private Object sample(Executable executable, Class<?> type) {
        if (type.isPrimitive()) {
            return type == boolean.class ? false : type == long.class ? 1L : 1;
        }
        Object sample = samples.get(type);
        if (sample == null) {
            throw new IllegalStateException("no sample value of " + type.getName() + " for " + executable);
        }
        return sample;
    }

    /** Asserts that every call failed as it should; returns how many calls were made. */
    public int assertAllRefusedAsInvalidArguments() {
        assertThat(wrong).as("calls with a null argument that failed otherwise than with INVALID_ARGUMENT")
                .isEmpty();
        assertThat(calls).isPositive();
        return calls;
    }
}
