package org.safemerge.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.ConflictResolution;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.SelfReferencePolicy;
import picocli.CommandLine.Option;

/**
 * How a merge decides fields and associations: shared by plan, execute and merge-all. Flags add up, and a later one
 * for the same attribute or association wins, so an option a blocked plan shows can simply be appended.
 */
final class MergeOptions {
    @Option(names = "--field", paramLabel = "ATTR=STRATEGY",
            description = "How the survivor's attribute is decided: takeA, takeB, union (collections), firstNonNull "
                    + "or newestBy:<attribute>. Repeatable; the last one for an attribute wins.")
    List<String> fields = new ArrayList<>();

    @Option(names = "--allow-delete", paramLabel = "ASSOCIATION",
            description = "Allow deleting rows of this association that must leave and cannot be unassigned "
                    + "(each deletion is audited). Repeatable.")
    List<String> allowDelete = new ArrayList<>();

    @Option(names = "--unassign", paramLabel = "ASSOCIATION",
            description = "Unassign (null / unlink) the duplicates' rows of this association instead of moving "
                    + "them. Repeatable.")
    List<String> unassign = new ArrayList<>();

    @Option(names = "--on-conflict", paramLabel = "ASSOCIATION=POLICY",
            description = "Unique-conflict policy of an association: SKIP_DUPLICATE, KEEP_A, KEEP_B, FAIL, or "
                    + "MERGE_ROWS (the two conflicting rows merged into the survivor's; rows pointing at the "
                    + "duplicate's move to it). Repeatable; the last one for an association wins.")
    List<String> onConflict = new ArrayList<>();

    @Option(names = "--self-references", paramLabel = "POLICY",
            description = "When the survivor would point at itself: BLOCK (the default), UNASSIGN or ALLOW_LOOP. "
                    + "The last one wins.")
    List<SelfReferencePolicy> selfReferences = new ArrayList<>();

    /** Applies the options to a plan builder; bad values are a BadInput naming the option. */
    <T> MergePlan.Builder<T> apply(MergePlan.Builder<T> builder) {
        Map<String, FieldStrategy> strategies = new LinkedHashMap<>();
        for (String field : fields) {
            String[] parts = pair(field, "--field");
            strategies.put(parts[0], strategy(parts[1]));
        }
        strategies.forEach(builder::field);
        List<String> touched = new ArrayList<>();
        touched.addAll(allowDelete);
        touched.addAll(unassign);
        for (String conflict : onConflict) {
            touched.add(pair(conflict, "--on-conflict")[0]);
        }
        for (String association : touched.stream().distinct().toList()) {
            AssociationPolicy policy = unassign.contains(association) ? AssociationPolicy.unassign()
                    : AssociationPolicy.repoint();
            if (allowDelete.contains(association)) {
                policy = policy.allowDelete();
            }
            for (String conflict : onConflict) {
                String[] parts = pair(conflict, "--on-conflict");
                if (parts[0].equals(association)) {
                    policy = policy.onConflict(conflictPolicy(parts[1]));
                }
            }
            builder.association(association, policy);
        }
        return builder.selfReferences(selfReferences.isEmpty() ? SelfReferencePolicy.BLOCK
                : selfReferences.get(selfReferences.size() - 1));
    }

    private static FieldStrategy strategy(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("newestby:")) {
            return FieldStrategy.newestBy(name.substring("newestBy:".length()));
        }
        switch (lower) {
            case "takea":
                return FieldStrategy.takeA();
            case "takeb":
                return FieldStrategy.takeB();
            case "union":
                return FieldStrategy.union();
            case "firstnonnull":
                return FieldStrategy.firstNonNull();
            default:
                throw new SafeMergeCli.BadInput("unknown field strategy '" + name + "'; use takeA, takeB, union, "
                        + "firstNonNull or newestBy:<attribute>");
        }
    }

    private static ConflictResolution conflictPolicy(String name) {
        String normalized = name.toUpperCase(Locale.ROOT).replace("()", "");
        if (normalized.equals("MERGE_ROWS") || normalized.equals("MERGEROWS")) {
            return ConflictPolicy.mergeRows();
        }
        try {
            return ConflictPolicy.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SafeMergeCli.BadInput("unknown conflict policy '" + name + "'; use SKIP_DUPLICATE, KEEP_A, "
                    + "KEEP_B, FAIL or MERGE_ROWS");
        }
    }

    private static String[] pair(String value, String option) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new SafeMergeCli.BadInput(option + " expects NAME=VALUE, got '" + value + "'");
        }
        return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }
}
