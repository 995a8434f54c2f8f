package org.safemerge.hibernate.internal.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An id (or a row key's value) as a map key: equal for equal ids whatever Java type the driver or the caller used
 * (Long, Integer, BigDecimal; a UUID and its text).
 *
 * @param canonical the value's canonical text: numbers without trailing zeros, anything else as its text
 */
public record IdKey(String canonical) {

    public static IdKey of(Object id) {
        if (id instanceof Number number) {
            return new IdKey(new BigDecimal(number.toString()).stripTrailingZeros().toPlainString());
        }
        return new IdKey(String.valueOf(id));
    }

    /** The keys of the first {@code count} values of a row (a composite row key). */
    public static List<IdKey> of(Object[] row, int count) {
        List<IdKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(of(row[i]));
        }
        return keys;
    }

    @Override
    public String toString() {
        return canonical;
    }
}
