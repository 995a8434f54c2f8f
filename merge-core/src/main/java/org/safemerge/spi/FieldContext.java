package org.safemerge.spi;

import java.util.List;
import java.util.Map;

/**
 * What a {@link CustomFieldStrategy} sees: one attribute's values on the survivor and each duplicate, and every
 * record's full attribute values (to decide by another attribute, e.g. a timestamp). Immutable lists; the maps
 * are the records' unmodifiable snapshots.
 *
 * @param attribute the attribute being decided
 * @param survivorValue the survivor's value
 * @param duplicateValues the duplicates' values, in the order the duplicates were given
 * @param survivor all attribute values of the survivor
 * @param duplicates all attribute values of each duplicate, same order
 */
public record FieldContext(String attribute, Object survivorValue, List<Object> duplicateValues,
        Map<String, Object> survivor, List<Map<String, Object>> duplicates) {
    public FieldContext {
        duplicateValues = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(duplicateValues));
        duplicates = List.copyOf(duplicates);
    }
}
