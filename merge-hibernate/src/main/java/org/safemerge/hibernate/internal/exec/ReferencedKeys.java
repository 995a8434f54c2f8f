package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.sql.IdKey;

/**
 * What the rows of a reference hold for a merged record: its id, or, for a reference by another unique key
 * ({@link InboundReference#targetColumns()}, e.g. a legacy number), the record's value of that key. Such rows are
 * counted, re-pointed, unassigned and checked by that value, never by the id. Values are read from the target's id
 * table once per record and key, and forgotten when a survivor attribute changes (a later plan reads them anew).
 */
final class ReferencedKeys {
    private final StoreContext context;
    /** Per key ({@code table(column)}): record id to the key's value; a null value is kept (the record has none). */
    private final Map<String, Map<IdKey, Object>> values = new HashMap<>();

    ReferencedKeys(StoreContext context) {
        this.context = context;
    }

    /** The value rows of {@code reference} hold when they point at record {@code id} (null stays null). */
    Object of(InboundReference reference, Object id) {
        if (!reference.byAlternateKey() || id == null) {
            return id;
        }
        Map<IdKey, Object> known = known(reference);
        if (!known.containsKey(IdKey.of(id))) {
            load(reference, List.of(id));
        }
        return known.get(IdKey.of(id));
    }

    /** {@link #of(InboundReference, Object)} for many records, in order; reads the missing values at once. */
    List<Object> of(InboundReference reference, List<Object> ids) {
        if (!reference.byAlternateKey()) {
            return ids;
        }
        load(reference, ids);
        List<Object> held = new ArrayList<>(ids.size());
        ids.forEach(id -> held.add(of(reference, id)));
        return held;
    }

    /** Reads the key's values of the records not read yet, many per statement (a batch chunk). */
    void load(InboundReference reference, Collection<Object> ids) {
        if (!reference.byAlternateKey()) {
            return;
        }
        Map<IdKey, Object> known = known(reference);
        List<Object> missing = new ArrayList<>(new LinkedHashSet<>(ids));
        missing.removeIf(id -> id == null || known.containsKey(IdKey.of(id)));
        EntityType target = context.entityType(reference.targetEntity());
        String id = context.names.idColumn(target);
        String key = context.names.column(target.table(), reference.targetColumns().get(0));
        int step = context.dialect.groupsPerStatement();
        for (int from = 0; from < missing.size(); from += step) {
            List<Object> slice = missing.subList(from, Math.min(missing.size(), from + step));
            List<Object> params = new ArrayList<>();
            context.dialect.addIn(params, slice);
            // a record not found (another subtype's table, deleted) has no value: no row can point at it
            slice.forEach(record -> known.put(IdKey.of(record), null));
            context.jdbc.forEachRow("select " + id + ", " + key + " from " + context.names.table(target) + " where "
                    + context.dialect.in(id, slice.size()), params, 2, row -> known.put(IdKey.of(row[0]), row[1]));
        }
    }

    /** Values may have changed (a survivor attribute was set): read them again when next asked. */
    void forget() {
        values.clear();
    }

    private Map<IdKey, Object> known(InboundReference reference) {
        return values.computeIfAbsent(context.entityType(reference.targetEntity()).table() + "("
                + String.join(", ", reference.targetColumns()) + ")", k -> new HashMap<>());
    }
}
