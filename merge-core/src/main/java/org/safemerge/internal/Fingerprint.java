package org.safemerge.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.safemerge.report.Step;
import org.safemerge.report.StepFamilyVisitor;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.RowSet;

/**
 * A digest of the data a plan was made from (records, versions, row counts, sample row ids and the stores' digests of
 * all row ids) and of the steps planned from it. Values that have no stable text count by type only.
 */
final class Fingerprint {
    private final MessageDigest digest;

    Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    void add(String label, Object value) {
        digest.update((label + "=" + stable(value) + ";").getBytes(StandardCharsets.UTF_8));
    }

    void add(EntitySnapshot snapshot) {
        add("record", snapshot.entity() + "#" + stable(snapshot.id()) + "@" + stable(snapshot.version()));
        for (Map.Entry<String, Object> value : snapshot.values().entrySet()) {
            add(value.getKey(), value.getValue());
        }
    }

    /** The rows' count, sample and digest: another set of rows of the same count differs in the digest. */
    void add(String label, RowSet rows) {
        add(label, rows.count() + ":" + rows.sampleRowIds() + (rows.digest() == null ? "" : "#" + rows.digest()));
    }

    void add(Step step) {
        add("step", step.kind() + '|' + step.subject() + '|' + step.expectedRows() + '|'
                + stable(step.sampleRowIds()) + step.accept(DETAIL));
    }

    /** What identifies a step besides its kind, subject and rows: its value, record or policy. */
    private static final StepFamilyVisitor<String> DETAIL = StepFamilyVisitor.of(
            set -> "|" + stable(set.after()),
            // the resolution's text holds what it changes (keepBoth's values, the rows a merge keeps)
            conflict -> "|" + conflict.policy() + "|" + conflict.resolution(),
            row -> "|" + stable(row.from()) + '|' + stable(row.selection().only()) + '|'
                    + stable(row.selection().except()),
            record -> "");

    String value() {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    /**
     * Values whose text is stable across reads: plain values, records, collections and maps of them, and objects
     * with their own toString (embeddables usually have one). Anything else (an identity toString) by type only.
     */
    private static String stable(Object value) {
        if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum || value instanceof TemporalAccessor
                || value instanceof UUID || value instanceof java.util.Date || value instanceof Record) {
            return String.valueOf(value);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(Fingerprint::stable).toList().toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(stable(k), stable(v)));
            return sorted.toString();
        }
        if (ownToString(value.getClass())) {
            return String.valueOf(value);
        }
        return "<" + value.getClass().getName() + ">";
    }

    private static boolean ownToString(Class<?> type) {
        try {
            return type.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
