package org.safemerge;

import java.util.function.BinaryOperator;
import org.safemerge.spi.CustomFieldStrategy;

/**
 * How one attribute of the survivor is decided from the survivor (A) and the duplicates (B, in the order given).
 * Immutable and thread-safe (as long as the functions given to it are).
 *
 * <p>Defaults, which never lose data: plain attributes {@link #takeA()}, collections {@link #union()}.
 *
 * <table>
 * <caption>Where each strategy applies</caption>
 * <tr><th>strategy</th><th>basic, embedded, to-one</th><th>collections</th><th>id, version</th></tr>
 * <tr><td>takeA, takeB</td><td>yes</td><td>yes</td><td>no</td></tr>
 * <tr><td>union</td><td>no</td><td>yes</td><td>no</td></tr>
 * <tr><td>firstNonNull, newestBy, combine, custom</td><td>yes</td><td>no</td><td>no</td></tr>
 * </table>
 */
public sealed interface FieldStrategy {

    /** Keep the survivor's value (for collections: the survivor's links; the duplicates' links are unassigned). */
    static FieldStrategy takeA() {
        return TakeA.INSTANCE;
    }

    /**
     * Take the first duplicate's value (for collections: its links move to the survivor, the survivor's and other
     * duplicates' links are unassigned).
     */
    static FieldStrategy takeB() {
        return TakeB.INSTANCE;
    }

    /** Collections only: the survivor keeps its links and gains every duplicate's; identical links are skipped. */
    static FieldStrategy union() {
        return Union.INSTANCE;
    }

    /**
     * The survivor's value unless it is null, else the first non-null duplicate's. Only null counts as missing: an
     * empty or blank string, a zero or an empty embeddable is a value and is kept. Not for collections (use
     * {@link #union()}).
     */
    static FieldStrategy firstNonNull() {
        return FirstNonNull.INSTANCE;
    }

    /**
     * The value of the record whose {@code attribute} (a comparable basic attribute such as {@code updatedAt}) is
     * greatest; nulls count as oldest; on a tie the survivor wins, then the earlier duplicate.
     */
    static FieldStrategy newestBy(String attribute) {
        return new NewestBy(attribute);
    }

    /**
     * Folds the values with a function: {@code f(f(a, b1), b2)}. The function sees nulls as they are.
     *
     * @param function e.g. {@code (a, b) -> a + "; " + b}; must return a value of the attribute's type
     */
    static FieldStrategy combine(BinaryOperator<Object> function) {
        return new Combine(function);
    }

    /** Your own strategy; it sees every record's values. */
    static FieldStrategy custom(CustomFieldStrategy strategy) {
        return new Custom(strategy);
    }

    /** A short name for reports ({@code takeA}, {@code newestBy(updatedAt)}, ...). */
    String describe();

    /** See {@link FieldStrategy#takeA()}. */
    enum TakeA implements FieldStrategy {
        INSTANCE;

        @Override
        public String describe() {
            return "takeA";
        }
    }

    /** See {@link FieldStrategy#takeB()}. */
    enum TakeB implements FieldStrategy {
        INSTANCE;

        @Override
        public String describe() {
            return "takeB";
        }
    }

    /** See {@link FieldStrategy#union()}. */
    enum Union implements FieldStrategy {
        INSTANCE;

        @Override
        public String describe() {
            return "union";
        }
    }

    /** See {@link FieldStrategy#firstNonNull()}. */
    enum FirstNonNull implements FieldStrategy {
        INSTANCE;

        @Override
        public String describe() {
            return "firstNonNull";
        }
    }

    /** See {@link FieldStrategy#newestBy(String)}. @param attribute the comparable attribute */
    record NewestBy(String attribute) implements FieldStrategy {
        public NewestBy {
            if (attribute == null || attribute.isBlank()) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "newestBy needs an attribute name");
            }
        }

        @Override
        public String describe() {
            return "newestBy(" + attribute + ")";
        }
    }

    /** See {@link FieldStrategy#combine(BinaryOperator)}. @param function the fold */
    record Combine(BinaryOperator<Object> function) implements FieldStrategy {
        public Combine {
            Arguments.notNull(function, "FieldStrategy.combine(function)", "function");
        }

        @Override
        public String describe() {
            return "combine";
        }
    }

    /** See {@link FieldStrategy#custom(CustomFieldStrategy)}. @param strategy the user's strategy */
    record Custom(CustomFieldStrategy strategy) implements FieldStrategy {
        public Custom {
            Arguments.notNull(strategy, "FieldStrategy.custom(strategy)", "strategy");
        }

        @Override
        public String describe() {
            return "custom(" + strategy.name() + ")";
        }
    }
}
