package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.safemerge.hibernate.internal.sql.IdKey;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.spi.RowSet;

/**
 * The identical links of every duplicate of one merge at once: the rows of duplicate i whose link (row key) the
 * survivor or an earlier duplicate has too. Asked one duplicate at a time, each question lists every earlier record,
 * which makes a merge of many duplicates quadratic; here the links of all records are read once (bounded lists per
 * statement, ordered as the one-at-a-time query orders its sample) and compared in memory. Only where the link values
 * compare in Java exactly as in SQL (integers, UUIDs) and the links are few enough to hold; otherwise null, and the
 * caller asks one duplicate at a time.
 */
final class IdenticalLinks {
    /** Link rows of one merge held in memory at most; more are compared by the database, one duplicate at a time. */
    static final long MAX_ROWS = 500_000;

    private IdenticalLinks() {
    }

    /**
     * @param held what the rows hold for the survivor, then each duplicate (null: no value of the referenced key)
     * @param pointing the rows pointing at each held value, as counted
     * @return identical links by held duplicate value, or null where this cannot decide them
     */
    static Map<IdKey, RowSet> read(StoreContext context, ReferenceSql sql, List<Object> held,
            Map<IdKey, RowSet> pointing, int limit) {
        if (!sql.hasRowKey()) {
            return null;
        }
        long total = 0;
        List<Object> owners = new ArrayList<>();
        Set<IdKey> distinct = new HashSet<>();
        for (Object value : held) {
            if (value != null && distinct.add(IdKey.of(value))) {
                owners.add(value);
                total += pointing.getOrDefault(IdKey.of(value), RowSet.EMPTY).count();
            }
        }
        if (total > MAX_ROWS) {
            return null;
        }
        int keys = sql.rowKey.size();
        Map<IdKey, List<Object>> linksOf = new HashMap<>();
        boolean[] exact = {true};
        SqlDialect dialect = context.dialect;
        int step = dialect.groupsPerStatement();
        for (int from = 0; from < owners.size() && exact[0]; from += step) {
            List<Object> slice = owners.subList(from, Math.min(owners.size(), from + step));
            List<Object> params = new ArrayList<>();
            dialect.addIn(params, slice);
            context.jdbc.forEachRow("select " + sql.fk + ", " + sql.rowKeyList() + " from " + sql.table + " where "
                    + dialect.in(sql.fk, slice.size()) + " order by " + sql.fk + ", " + sql.rowKeyList(), params,
                    1 + keys, row -> {
                        Object[] key = Arrays.copyOfRange(row, 1, row.length);
                        if (!Arrays.stream(key).allMatch(IdenticalLinks::exact)) {
                            exact[0] = false;
                            return;
                        }
                        linksOf.computeIfAbsent(IdKey.of(row[0]), k -> new ArrayList<>())
                                .add(keys == 1 ? key[0] : Arrays.asList(key));
                    });
        }
        if (!exact[0]) {
            return null;
        }
        Map<IdKey, RowSet> identical = new HashMap<>();
        Set<Object> earlier = new LinkedHashSet<>();
        for (int i = 0; i < held.size(); i++) {
            Object value = held.get(i);
            if (value == null) {
                continue;
            }
            List<Object> links = linksOf.getOrDefault(IdKey.of(value), List.of());
            if (i > 0) {
                List<Object> same = links.stream().filter(link -> earlier.contains(normalized(link))).toList();
                if (!same.isEmpty()) {
                    identical.put(IdKey.of(value), new RowSet(same.size(), same.subList(0, Math.min(limit,
                            same.size()))));
                }
            }
            links.forEach(link -> earlier.add(normalized(link)));
        }
        return identical;
    }

    /** Integers of any width as Long, so that equal values are equal objects; UUIDs as they are. */
    private static Object normalized(Object link) {
        if (link instanceof List<?> list) {
            return list.stream().map(IdenticalLinks::normalized).toList();
        }
        return link instanceof Number n ? (Object) n.longValue() : link;
    }

    /** Values that compare in Java as the database compares them. */
    private static boolean exact(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof UUID;
    }
}
