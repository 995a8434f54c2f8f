package org.safemerge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.FieldContext;

/** Decides the value of one non-collection attribute from the survivor and the duplicates. */
final class FieldResolver {
    private static final Map<String, String> BOXED = Map.of("boolean", "java.lang.Boolean", "byte",
            "java.lang.Byte", "short", "java.lang.Short", "int", "java.lang.Integer", "long", "java.lang.Long",
            "char", "java.lang.Character", "float", "java.lang.Float", "double", "java.lang.Double");

    private FieldResolver() {
    }

    /**
     * @param targetIdType for a to-one: the class name of its target's id (its values are ids), or null when unknown
     */
    static Object resolve(EntityType entity, EntityAttribute attribute, String targetIdType, FieldStrategy strategy,
            EntitySnapshot survivor, List<EntitySnapshot> duplicates) {
        String name = attribute.name();
        Object a = survivor.values().get(name);
        List<Object> bs = new ArrayList<>(duplicates.size());
        duplicates.forEach(d -> bs.add(d.values().get(name)));
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
            return newest(entity, name, newest.attribute(), survivor, duplicates);
        }
        if (strategy instanceof FieldStrategy.Combine combine) {
            return checked(attribute, targetIdType, "combine", fold(name, combine.function(), a, bs));
        }
        if (strategy instanceof FieldStrategy.Custom custom) {
            Object value;
            try {
                value = custom.strategy().resolve(new FieldContext(name, a, bs, survivor.values(),
                        duplicates.stream().map(EntitySnapshot::values).toList()));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                throw new MergeException(MergeErrorCode.STRATEGY_FAILED, "custom strategy "
                        + custom.strategy().name() + " failed on attribute '" + name + "': " + e, e);
            }
            return checked(attribute, targetIdType, "custom strategy " + custom.strategy().name(), value);
        }
        throw new MergeException(MergeErrorCode.STRATEGY_NOT_APPLICABLE, strategy.describe()
                + " cannot decide the single-valued attribute '" + name + "'");
    }

    private static Object fold(String attribute, BinaryOperator<Object> function, Object a, List<Object> bs) {
        Object result = a;
        try {
            for (Object b : bs) {
                result = function.apply(result, b);
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new MergeException(MergeErrorCode.STRATEGY_FAILED, "combine function failed on attribute '"
                    + attribute + "': " + e, e);
        }
        return result;
    }

    /**
     * A function's result must fit the attribute, or the executor would fail later with a less helpful error (a
     * database error at best). Basic and embedded values are checked against the attribute's type, a to-one's
     * against its target's id type (to-ones hold ids), by type name, so no class is loaded.
     */
    private static Object checked(EntityAttribute attribute, String targetIdType, String what, Object value) {
        if (value == null || attribute.javaType().contains("[")) {
            return value;
        }
        if (attribute.kind() == AttributeKind.TO_ONE) {
            if (targetIdType != null && !isA(value.getClass(), BOXED.getOrDefault(targetIdType, targetIdType))) {
                throw new MergeException(MergeErrorCode.STRATEGY_FAILED, what + " returned a "
                        + value.getClass().getName() + " for the to-one attribute '" + attribute.name() + "', which "
                        + "holds the id of a " + attribute.targetEntity() + " (" + targetIdType + "); return the "
                        + "target's id, as the strategy's context gives it (or null)");
            }
            return value;
        }
        String expected = BOXED.getOrDefault(attribute.javaType(), attribute.javaType());
        if (!isA(value.getClass(), expected)) {
            throw new MergeException(MergeErrorCode.STRATEGY_FAILED, what + " returned a "
                    + value.getClass().getName() + " for attribute '" + attribute.name() + "', which holds "
                    + attribute.javaType() + "; return a value of the attribute's type");
        }
        return value;
    }

    private static boolean isA(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, name)) {
                return true;
            }
        }
        return isA(type.getSuperclass(), name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object newest(EntityType entity, String attribute, String by, EntitySnapshot survivor,
            List<EntitySnapshot> dups) {
        EntitySnapshot best = survivor;
        for (EntitySnapshot candidate : dups) {
            Object current = valueOf(entity, best, by);
            Object other = valueOf(entity, candidate, by);
            if (other == null) {
                continue;
            }
            if (current == null) {
                best = candidate;
                continue;
            }
            try {
                if (((Comparable) other).compareTo(current) > 0) {
                    best = candidate;
                }
            } catch (ClassCastException e) {
                throw new MergeException(MergeErrorCode.STRATEGY_NOT_APPLICABLE, "newestBy(" + by + ") on '"
                        + attribute + "': values of " + by + " are not comparable with each other ("
                        + current.getClass().getName() + ", " + other.getClass().getName() + ")", e);
            }
        }
        return best.values().get(attribute);
    }

    /** The snapshot's value of {@code by}; the version is carried apart from the values. */
    private static Object valueOf(EntityType entity, EntitySnapshot snapshot, String by) {
        if (by.equals(entity.versionAttribute()) && !snapshot.values().containsKey(by)) {
            return snapshot.version();
        }
        return snapshot.values().get(by);
    }
}
