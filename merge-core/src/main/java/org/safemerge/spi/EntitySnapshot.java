package org.safemerge.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The current values of one record, as read by a {@link MergeStore}. Immutable ({@code values} is an
 * unmodifiable copy that may hold nulls) and thread-safe.
 *
 * @param entity the concrete entity name of the record (a subtype when the plan names a supertype; a type outside
 *               the plan's when the id belongs to a record of another type, see {@link MergeStore#read})
 * @param id the record's id
 * @param version the version value, or null when the entity is not versioned
 * @param values basic and embedded values by attribute name, to-one attributes as the target's id; collections are
 *               not included
 */
public record EntitySnapshot(String entity, Object id, Object version, Map<String, Object> values) {
    public EntitySnapshot {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
