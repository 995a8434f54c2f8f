package org.safemerge.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.safemerge.spi.EntitySnapshot;
import org.safemerge.spi.RowSet;

/** A digest of the data a plan was made from: records, versions, row counts and row ids. */
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

    void add(String label, RowSet rows) {
        add(label, rows.count() + ":" + rows.sampleRowIds());
    }

    String value() {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    }

    /** Values whose text is stable across reads; anything else (e.g. embeddables without toString) by type only. */
    private static String stable(Object value) {
        if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum || value instanceof TemporalAccessor
                || value instanceof UUID || value instanceof java.util.Date || value instanceof java.util.List) {
            return String.valueOf(value);
        }
        return "<" + value.getClass().getName() + ">";
    }
}
