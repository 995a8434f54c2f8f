package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One hazard a {@link LintCheck} found on one association. Immutable and thread-safe.
 *
 * @param checkId the {@link LintCheck#id() id} of the check that found it
 * @param entity the entity whose mapping declares the association (the entity holding the FK or the collection),
 *               or, for an FK only the database knows, the entity it points at
 * @param association what reports call the association: {@code Entity.attribute}, or the reference key
 *                    {@code table(column, ...)} where no mapping name tells it apart (a database-only FK, one side
 *                    of a join table)
 * @param names every name that denotes the association (its mapping names and reference keys, {@code association}
 *              first): a suppression may use any of them
 * @param reason what goes wrong and when, in one or two sentences
 * @param fix what to change (mapping or schema), or how to accept it
 */
public record LintFinding(String checkId, String entity, String association, List<String> names, String reason,
        String fix) {
    public LintFinding {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(association, "association");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
        List<String> all = new ArrayList<>();
        all.add(association);
        if (names != null) {
            names.stream().filter(n -> n != null && !all.contains(n)).forEach(all::add);
        }
        names = List.copyOf(all);
    }

    /** Whether {@code name} denotes this finding's association (one of {@link #names()}, case-sensitive). */
    public boolean concerns(String name) {
        return names.contains(name);
    }

    /** Two lines: {@code [check] association: reason} and the fix. */
    public String toText() {
        return "[" + checkId + "] " + association + ": " + reason + "\n    fix: " + fix;
    }
}
