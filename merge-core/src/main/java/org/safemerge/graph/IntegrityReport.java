package org.safemerge.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of an integrity scan: for every reference of an {@link AssociationGraph}, the rows that point at no
 * row of their target (dangling references: left behind where FK constraints were dropped, disabled or never
 * existed). Immutable and thread-safe.
 *
 * @param findings one per reference scanned or skipped, in the graph's reference order
 * @param sampleLimit at most this many sample rows per reference
 * @param millis how long the whole scan took
 */
public record IntegrityReport(List<IntegrityFinding> findings, int sampleLimit, long millis) {
    public IntegrityReport {
        findings = List.copyOf(findings);
    }

    /** Whether no scanned reference has a dangling row (skipped ones aside: see {@link #skipped()}). */
    public boolean clean() {
        return danglingRowsTotal() == 0;
    }

    /** Dangling rows over all references. */
    public long danglingRowsTotal() {
        return findings.stream().mapToLong(IntegrityFinding::danglingRows).sum();
    }

    /** The findings with dangling rows. */
    public List<IntegrityFinding> dangling() {
        return findings.stream().filter(IntegrityFinding::dangling).toList();
    }

    /** The references that could not be scanned, each with its reason. */
    public List<IntegrityFinding> skipped() {
        return findings.stream().filter(f -> !f.checked()).toList();
    }

    /** The finding of a reference, by key or display name (e.g. {@code Note.partner}). */
    public Optional<IntegrityFinding> finding(String reference) {
        return findings.stream().filter(f -> f.isNamed(reference)).findFirst();
    }

    /** A plain-text rendering for logs and terminals: dangling references first, then skipped ones, then a total. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        long checked = findings.stream().filter(IntegrityFinding::checked).count();
        out.append("Integrity scan of ").append(checked).append(checked == 1 ? " reference" : " references")
                .append(": ");
        out.append(clean() ? "no dangling rows" : danglingRowsTotal() + " dangling row(s) in " + dangling().size()
                + " reference(s)").append(" (").append(millis).append(" ms)\n");
        dangling().forEach(f -> out.append("  ! ").append(f.toText()));
        skipped().forEach(f -> out.append("  ? ").append(f.toText()));
        findings.stream().filter(f -> f.checked() && !f.dangling())
                .forEach(f -> out.append("    ").append(f.toText()));
        return out.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /** The report as a JSON object: {@code clean}, {@code danglingRows}, {@code millis} and the findings. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("clean", clean());
        root.put("danglingRows", danglingRowsTotal());
        root.put("sampleLimit", sampleLimit);
        root.put("millis", millis);
        root.put("findings", findings.stream().map(IntegrityReport::model).toList());
        return Json.write(root);
    }

    private static Map<String, Object> model(IntegrityFinding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", f.reference());
        m.put("name", f.name());
        m.put("kind", f.kind().name());
        m.put("catalogOnly", f.catalogOnly());
        m.put("constraint", f.constraint());
        m.put("table", f.table());
        m.put("columns", f.columns());
        m.put("targetEntity", f.targetEntity());
        m.put("targetTable", f.targetTable());
        m.put("targetColumns", f.targetColumns());
        m.put("checked", f.checked());
        m.put("skipReason", f.skipReason());
        m.put("danglingRows", f.danglingRows());
        m.put("samples", f.samples().stream().map(s -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rowKey", s.rowKey());
            row.put("value", s.value());
            return row;
        }).toList());
        m.put("statements", f.statements());
        m.put("millis", f.millis());
        return m;
    }
}
