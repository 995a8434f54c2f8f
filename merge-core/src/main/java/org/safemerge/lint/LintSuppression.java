package org.safemerge.lint;

import java.util.Objects;

/**
 * A check switched off for one association ({@link ModelLint#suppress(String, String, String)}) or for the whole
 * graph ({@link ModelLint#disable(String, String)}), with the reason, which the {@link LintResult} records.
 * Immutable and thread-safe.
 *
 * @param checkId the check's id
 * @param association a name of the association ({@link LintFinding#names()}), or null for every association
 * @param reason why the hazard is accepted
 */
public record LintSuppression(String checkId, String association, String reason) {
    public LintSuppression {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this suppression covers the finding. */
    public boolean covers(LintFinding finding) {
        return finding.checkId().equals(checkId) && (association == null || finding.concerns(association));
    }

    /** {@code check on association: reason}. */
    public String toText() {
        return checkId + " on " + (association == null ? "every association" : association) + ": " + reason;
    }
}
