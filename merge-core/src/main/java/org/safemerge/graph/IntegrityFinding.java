package org.safemerge.graph;

import java.util.List;
import java.util.Objects;

/**
 * What an integrity scan found for one {@link InboundReference}: how many rows point at no row of the target, and a
 * few of them. Immutable and thread-safe.
 *
 * @param reference the reference's {@link InboundReference#key() key}, e.g. {@code pr_note(partner_id)}
 * @param name what reports call the reference ({@link InboundReference#displayName()})
 * @param kind how its rows hold the target's key
 * @param catalogOnly whether only the database catalog knows the reference (no mapping)
 * @param constraint the database FK constraint's name, or null when the database has none
 * @param table the referencing table
 * @param columns the reference's columns in {@code table}
 * @param targetEntity the entity the rows point at
 * @param targetTable the table whose rows they must match
 * @param targetColumns the columns of {@code targetTable} they must match (the id, or another unique key)
 * @param checked whether the reference was scanned; false when it could not be ({@code skipReason} says why)
 * @param skipReason why the reference was not scanned, or null
 * @param danglingRows how many rows (with every reference column non-null) point at no row of the target
 * @param samples some of them (not necessarily the first), in the order of their row key; at most the scan's
 *                sample limit
 * @param statements how many SQL statements the scan of this reference ran (chunks, samples)
 * @param millis how long the scan of this reference took
 */
public record IntegrityFinding(String reference, String name, ReferenceKind kind, boolean catalogOnly,
        String constraint, String table, List<String> columns, String targetEntity, String targetTable,
        List<String> targetColumns, boolean checked, String skipReason, long danglingRows, List<DanglingRow> samples,
        int statements, long millis) {
    public IntegrityFinding {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        targetColumns = List.copyOf(targetColumns);
        samples = List.copyOf(samples);
        if (!checked && skipReason == null) {
            throw new IllegalArgumentException("a reference that was not checked needs a reason: " + reference);
        }
    }

    /** Whether rows of this reference point at nothing. */
    public boolean dangling() {
        return danglingRows > 0;
    }

    /** Whether {@code name} denotes this reference: its key or its display name (case-sensitive). */
    public boolean isNamed(String referenceName) {
        return reference.equals(referenceName) || Objects.equals(name, referenceName);
    }

    /** One line (plus samples) for logs and terminals. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(name);
        if (!name.equals(reference)) {
            out.append(" (").append(reference).append(')');
        }
        out.append(" -> ").append(targetEntity).append(' ').append(targetTable).append('(')
                .append(String.join(", ", targetColumns)).append(')');
        if (!checked) {
            return out.append(": NOT CHECKED, ").append(skipReason).append('\n').toString();
        }
        out.append(constraint == null ? " [no FK constraint]" : "");
        out.append(catalogOnly ? " [catalog only]" : "");
        out.append(": ").append(danglingRows == 0 ? "ok" : danglingRows + (danglingRows == 1 ? " dangling row"
                : " dangling rows")).append('\n');
        for (DanglingRow row : samples) {
            out.append("    ").append(row).append('\n');
        }
        if (samples.size() < danglingRows && !samples.isEmpty()) {
            out.append("    ...\n");
        }
        return out.toString();
    }
}
