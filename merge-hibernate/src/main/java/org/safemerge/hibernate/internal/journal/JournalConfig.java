package org.safemerge.hibernate.internal.journal;

import java.util.function.Supplier;

/**
 * A merge journal's settings, as the executor and the undo use them.
 *
 * @param tablePrefix prefix of the four table names
 * @param principal who merges, asked at every merge (may return null)
 * @param autoCreate create the tables at first use when they are absent
 * @param sensitiveValues record the values of sensitive attributes in clear (for undo) instead of redacted
 */
public record JournalConfig(String tablePrefix, Supplier<String> principal, boolean autoCreate,
        boolean sensitiveValues) {
    public String mergeTable() {
        return tablePrefix + "merge";
    }

    public String recordTable() {
        return tablePrefix + "merge_record";
    }

    public String changeTable() {
        return tablePrefix + "change";
    }

    public String imageTable() {
        return tablePrefix + "row_image";
    }
}
