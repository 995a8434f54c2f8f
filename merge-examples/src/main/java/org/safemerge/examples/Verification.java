package org.safemerge.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;

/** Plain SQL checks of what a merge did, independent of the merge's own report. */
final class Verification {
    private final SessionFactory factory;

    Verification(SessionFactory factory) {
        this.factory = factory;
    }

    Long count(String sql) {
        return factory.fromTransaction(s -> ((Number) s.createNativeQuery(sql, Object.class).getSingleResult())
                .longValue());
    }

    List<String> column(String sql) {
        return factory.fromTransaction(s -> {
            List<String> values = new ArrayList<>();
            for (Object value : s.createNativeQuery(sql, Object.class).getResultList()) {
                values.add(String.valueOf(value));
            }
            return values;
        });
    }

    /** Rows whose FK names a row that does not exist ("Client #21148 does not exist"). */
    long dangling(String table, String column, String target) {
        return count("select count(*) from " + table + " r left join " + target + " t on t.id = r." + column
                + " where r." + column + " is not null and t.id is null");
    }

    Map<String, Long> tableCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : ExampleDatabase.TABLES) {
            counts.put(table, count("select count(*) from " + table));
        }
        return counts;
    }
}
