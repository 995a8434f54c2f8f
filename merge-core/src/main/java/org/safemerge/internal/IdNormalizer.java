package org.safemerge.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;

/**
 * Brings the ids a caller gave to the Java type of the entity's id, exactly or not at all, so that every later
 * comparison (the self-merge check, a duplicate listed twice, a batch's chains) compares like with like: {@code 3},
 * {@code 3L} and {@code "3"} are one Long id. Whole numbers are widened or narrowed when the value fits; a String is
 * taken as it is for String ids and parsed only from its canonical text otherwise ({@code "3"}, never {@code "03"},
 * {@code " 3"} or {@code "3.0"}; a UUID's 8-4-4-4-12 form); anything else, floating-point numbers and entity
 * instances included, is refused with a message naming the argument, the value, its type and the id type.
 */
final class IdNormalizer {
    private static final Pattern CANONICAL_INTEGER = Pattern.compile("0|-?[1-9][0-9]*");
    private static final Pattern CANONICAL_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Map<String, String> WRAPPERS = Map.of("long", "java.lang.Long", "int",
            "java.lang.Integer", "short", "java.lang.Short", "byte", "java.lang.Byte", "char", "java.lang.Character",
            "boolean", "java.lang.Boolean");
    /** The whole-number id types, each with its range (null: unbounded) and how to make one from a BigInteger. */
    private static final Map<String, WholeNumber> WHOLE_NUMBERS = Map.of(
            "java.lang.Long", new WholeNumber(Long.MIN_VALUE, Long.MAX_VALUE, BigInteger::longValueExact),
            "java.lang.Integer", new WholeNumber((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE,
                    BigInteger::intValueExact),
            "java.lang.Short", new WholeNumber((long) Short.MIN_VALUE, (long) Short.MAX_VALUE,
                    BigInteger::shortValueExact),
            "java.lang.Byte", new WholeNumber((long) Byte.MIN_VALUE, (long) Byte.MAX_VALUE,
                    BigInteger::byteValueExact),
            "java.math.BigInteger", new WholeNumber(null, null, b -> b),
            "java.math.BigDecimal", new WholeNumber(null, null, BigDecimal::new));

    private final AssociationGraph graph;
    private final EntityType entity;
    private final String idType;

    IdNormalizer(AssociationGraph graph, EntityType entity) {
        this.graph = graph;
        this.entity = entity;
        this.idType = entity.idJavaType() == null ? null
                : WRAPPERS.getOrDefault(entity.idJavaType(), entity.idJavaType());
    }

    /**
     * @param argument what the caller passed it as, for the message ({@code "the survivor"}, {@code "duplicate #2"})
     * @param value a non-null id
     * @return the same id as a value of the entity's id type
     * @throws MergeException {@code INVALID_ARGUMENT} when the value is not an id of that type and cannot become
     *                        one exactly; {@code WRONG_ENTITY_TYPE} for an entity of another hierarchy
     */
    Object normalize(String argument, Object value) {
        if (idType != null && isA(value.getClass(), idType)) {
            return value instanceof BigDecimal decimal ? canonical(decimal) : value;
        }
        Optional<EntityType> instanceOf = entityOf(value);
        if (instanceOf.isPresent()) {
            throw entityGiven(argument, value, instanceOf.get());
        }
        if (idType == null) {
            return value; // not known (a composite id without its class): passed on as given
        }
        WholeNumber whole = WHOLE_NUMBERS.get(idType);
        if (whole != null) {
            return whole.convert(this, argument, value);
        }
        if (idType.equals(UUID.class.getName()) && value instanceof String text) {
            if (!CANONICAL_UUID.matcher(text).matches()) {
                throw refused(argument, value, ", which is not the canonical text of a UUID");
            }
            return UUID.fromString(text);
        }
        throw refused(argument, value, "");
    }

    /** The entity (of the graph) the value is an instance of, proxies and enhanced subclasses included. */
    private Optional<EntityType> entityOf(Object value) {
        if (value instanceof Number || value instanceof CharSequence || value instanceof UUID) {
            return Optional.empty();
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            Optional<EntityType> type = graph.entityByJavaType(c.getName());
            if (type.isPresent()) {
                return type;
            }
        }
        return Optional.empty();
    }

    private MergeException entityGiven(String argument, Object value, EntityType type) {
        String className = value.getClass().getName();
        if (!graph.sameHierarchy(type, entity)) {
            return new MergeException(MergeErrorCode.WRONG_ENTITY_TYPE, argument + " of the " + entity.name()
                    + " merge is a " + type.name() + " (an instance of " + className + "), not a " + entity.name()
                    + ": a " + entity.name() + " merge takes the ids of " + entity.name() + " records"
                    + (idType == null ? "" : " (" + idType + ")"));
        }
        return new MergeException(MergeErrorCode.INVALID_ARGUMENT, argument + " of the " + entity.name()
                + " merge is an entity (an instance of " + className + "), not an id: pass its id"
                + (idType == null ? "" : ", a " + idType) + " (e.g. " + decapitalize(type.name()) + ".getId())");
    }

    private MergeException refused(String argument, Object value, String why) {
        return new MergeException(MergeErrorCode.INVALID_ARGUMENT, argument + " of the " + entity.name()
                + " merge is " + quoted(value) + " (" + value.getClass().getName() + ")" + why + "; " + entity.name()
                + " ids are " + idType + ": pass " + hint());
    }

    private String hint() {
        if (idType.equals(UUID.class.getName())) {
            return "a java.util.UUID or its canonical text (8-4-4-4-12 hex digits)";
        }
        if (WHOLE_NUMBERS.containsKey(idType)) {
            return "a whole number (Long, Integer, Short, Byte, BigInteger, or a BigDecimal without a fraction) "
                    + "in the range of " + simpleName(idType) + ", or its decimal text without sign '+', leading "
                    + "zeros or spaces (\"42\")";
        }
        return "a " + idType;
    }

    private static String quoted(Object value) {
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** Equal decimal ids are one id: {@code 3}, {@code 3.0} and {@code 3.00} become {@code 3}. */
    private static BigDecimal canonical(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Whether {@code type}, one of its supertypes or one of their interfaces is named {@code className}. */
    private static boolean isA(Class<?> type, String className) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(className) || isA(type.getSuperclass(), className)) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (isA(implemented, className)) {
                return true;
            }
        }
        return false;
    }

    /** A whole-number id type: what fits ({@code min..max}, null for unbounded) and how to make one. */
    private record WholeNumber(Long min, Long max, Function<BigInteger, Object> make) {
        Object convert(IdNormalizer normalizer, String argument, Object value) {
            BigDecimal exact;
            if (value instanceof String text) {
                if (!CANONICAL_INTEGER.matcher(text).matches()) {
                    throw normalizer.refused(argument, value, ", which is not the canonical text of a whole number");
                }
                exact = new BigDecimal(text);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte || value instanceof BigInteger) {
                exact = new BigDecimal(value.toString());
            } else if (value instanceof BigDecimal decimal) {
                exact = decimal.stripTrailingZeros();
                if (exact.scale() > 0) {
                    throw normalizer.refused(argument, value, ", which has a fraction");
                }
            } else {
                throw normalizer.refused(argument, value, value instanceof Double || value instanceof Float
                        ? ", a floating-point number, which may have lost digits already" : "");
            }
            if (min != null && (exact.compareTo(BigDecimal.valueOf(min)) < 0
                    || exact.compareTo(BigDecimal.valueOf(max)) > 0)) {
                throw normalizer.refused(argument, value, ", which is outside the range of "
                        + simpleName(normalizer.idType) + " (" + min + ".." + max + ")");
            }
            Object converted = make.apply(exact.toBigIntegerExact());
            return converted instanceof BigDecimal decimal ? canonical(decimal) : converted;
        }
    }
}
