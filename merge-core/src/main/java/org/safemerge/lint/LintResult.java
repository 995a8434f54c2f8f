package org.safemerge.lint;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link ModelLint} run found: the open findings, the suppressed ones with their reason, and suppressions
 * that matched nothing (the hazard is gone: the suppression can go too). Immutable and thread-safe.
 */
public final class LintResult {

    /**
     * A finding switched off by a suppression.
     *
     * @param finding what the check found
     * @param suppression the suppression that covers it, with its reason
     */
    public record Suppressed(LintFinding finding, LintSuppression suppression) {
        public Suppressed {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(suppression, "suppression");
        }
    }

    private final List<LintFinding> findings;
    private final List<Suppressed> suppressed;
    private final List<LintSuppression> unused;

    LintResult(List<LintFinding> findings, List<Suppressed> suppressed, List<LintSuppression> unused) {
        this.findings = List.copyOf(findings);
        this.suppressed = List.copyOf(suppressed);
        this.unused = List.copyOf(unused);
    }

    /** The open findings, check by check in the lint's order, then by association. */
    public List<LintFinding> findings() {
        return findings;
    }

    /** The open findings of one check. */
    public List<LintFinding> findings(String checkId) {
        return findings.stream().filter(f -> f.checkId().equals(checkId)).toList();
    }

    /** The open findings of one check. */
    public List<LintFinding> findings(LintCheck check) {
        return findings(check.id());
    }

    /** The findings switched off, each with the suppression (and reason) that covers it. */
    public List<Suppressed> suppressed() {
        return suppressed;
    }

    /** Suppressions that covered no finding: the hazard is gone or the suppression names the wrong thing. */
    public List<LintSuppression> unusedSuppressions() {
        return unused;
    }

    /** Whether there are no open findings. */
    public boolean clean() {
        return findings.isEmpty();
    }

    /**
     * Passes when there are no open findings; otherwise throws an {@link AssertionError} whose message is
     * {@link #toText()}, so any test framework shows every finding with its reason and fix.
     *
     * @return this result, for further assertions
     * @throws AssertionError listing the open findings
     */
    public LintResult assertClean() {
        if (!clean()) {
            throw new AssertionError(toText());
        }
        return this;
    }

    /** A readable report: the open findings with reason and fix, then the suppressed ones with their reason. */
    public String toText() {
        StringBuilder out = new StringBuilder("SafeMerge model lint: ");
        out.append(findings.isEmpty() ? "no findings" : findings.size() + (findings.size() == 1 ? " finding"
                : " findings"));
        if (!suppressed.isEmpty()) {
            out.append(", ").append(suppressed.size()).append(" suppressed");
        }
        out.append('\n');
        findings.forEach(f -> out.append(f.toText()).append('\n'));
        if (!suppressed.isEmpty()) {
            out.append("suppressed:\n");
            suppressed.forEach(s -> out.append("  [").append(s.finding().checkId()).append("] ")
                    .append(s.finding().association()).append(": ").append(s.suppression().reason()).append('\n'));
        }
        if (!unused.isEmpty()) {
            out.append("suppressions that matched nothing (remove them):\n");
            unused.forEach(u -> out.append("  ").append(u.toText()).append('\n'));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
