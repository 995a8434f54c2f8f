package org.safemerge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.FieldContext;

/** Decides the value of one non-collection attribute from the survivor and the duplicates. */
final class FieldResolver {
    private FieldResolver() {
    }

    static Object resolve(String attribute, FieldStrategy strategy, EntitySnapshot survivor,
            List<EntitySnapshot> duplicates) {
        Object a = survivor.values().get(attribute);
        List<Object> bs = new ArrayList<>(duplicates.size());
        duplicates.forEach(d -> bs.add(d.values().get(attribute)));
        if (strategy instanceof FieldStrategy.TakeA) {
            return a;
        }
        if (strategy instanceof FieldStrategy.TakeB) {
            return bs.get(0);
        }
        if (strategy instanceof FieldStrategy.FirstNonNull) {
            if (a != null) {
                return a;
            }
            return bs.stream().filter(Objects::nonNull).findFirst().orElse(null);
        }
        if (strategy instanceof FieldStrategy.NewestBy newest) {
            return newest(attribute, newest.attribute(), survivor, duplicates);
        }
        if (strategy instanceof FieldStrategy.Combine combine) {
            return fold(attribute, combine.function(), a, bs);
        }
        if (strategy instanceof FieldStrategy.Custom custom) {
            try {
                return custom.strategy().resolve(new FieldContext(attribute, a, bs, survivor.values(),
                        duplicates.stream().map(EntitySnapshot::values).toList()));
            } catch (RuntimeException e) {
                throw new MergeException(MergeErrorCode.STRATEGY_FAILED, "custom strategy "
                        + custom.strategy().name() + " failed on attribute '" + attribute + "': " + e, e);
            }
        }
        throw new MergeException(MergeErrorCode.STRATEGY_NOT_APPLICABLE, strategy.describe()
                + " cannot decide the single-valued attribute '" + attribute + "'");
    }

    private static Object fold(String attribute, BinaryOperator<Object> function, Object a, List<Object> bs) {
        Object result = a;
        try {
            for (Object b : bs) {
                result = function.apply(result, b);
            }
        } catch (RuntimeException e) {
            throw new MergeException(MergeErrorCode.STRATEGY_FAILED, "combine function failed on attribute '"
                    + attribute + "': " + e, e);
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object newest(String attribute, String by, EntitySnapshot survivor, List<EntitySnapshot> dups) {
        EntitySnapshot best = survivor;
        for (EntitySnapshot candidate : dups) {
            Object current = best.values().get(by);
            Object other = candidate.values().get(by);
            if (other == null) {
                continue;
            }
            if (!(other instanceof Comparable)) {
                throw new MergeException(MergeErrorCode.STRATEGY_NOT_APPLICABLE, "newestBy(" + by + ") on '"
                        + attribute + "': values of " + by + " are not comparable (" + other.getClass().getName()
                        + ")");
            }
            if (current == null || ((Comparable) other).compareTo(current) > 0) {
                best = candidate;
            }
        }
        return best.values().get(attribute);
    }
}
