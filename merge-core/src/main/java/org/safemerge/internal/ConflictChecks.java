package org.safemerge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.safemerge.ConflictPolicy;
import org.safemerge.ConflictResolution;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.UniqueKey;

/**
 * Checks at {@code build()} that a conflict resolution can work on its association: rows to merge are entities and
 * merges nest neither too deep nor in a circle; a change that keeps both rows takes the losing row out of every
 * unique key it could conflict on.
 */
final class ConflictChecks {
    private final RequestValidator validator;
    private final AssociationGraph graph;
    private final InboundReference reference;
    private final String name;
    private final List<String> chain;

    ConflictChecks(RequestValidator validator, AssociationGraph graph, InboundReference reference, String name,
            List<String> chain) {
        this.validator = validator;
        this.graph = graph;
        this.reference = reference;
        this.name = name;
        this.chain = chain;
    }

    void check(ConflictResolution resolution) {
        if (resolution instanceof ConflictPolicy) {
            return;
        }
        if (reference.kind().isLink()) {
            throw notApplicable(resolution, "its rows are links (join table or element collection): an identical "
                    + "link is skipped, nothing is lost. Use repoint() or onConflict(ConflictPolicy.FAIL)");
        }
        if (resolution instanceof ConflictResolution.MergeRows rows) {
            mergeRows(rows);
        } else if (resolution instanceof ConflictResolution.KeepBoth both) {
            keepBoth(both);
        }
    }

    private void mergeRows(ConflictResolution.MergeRows rows) {
        EntityType source = reference.sourceEntity() == null ? null : graph.entity(reference.sourceEntity())
                .filter(e -> e.idColumns().size() == reference.rowKeyColumns().size() && e.idColumns().stream()
                        .allMatch(c -> reference.rowKeyColumns().stream().anyMatch(c::equalsIgnoreCase)))
                .orElse(null);
        if (source == null) {
            throw notApplicable(rows, "its rows are not entities with an id (" + reference.table() + " is "
                    + (reference.sourceEntity() == null ? "not mapped" : "not keyed by the id of "
                    + reference.sourceEntity()) + "), so two of them cannot be merged. Use KEEP_A, KEEP_B or "
                    + "keepBoth()");
        }
        for (String outer : chain) {
            EntityType merged = graph.entity(outer).orElseThrow();
            if (graph.sameHierarchy(merged, source)) {
                throw notApplicable(rows, "it would merge " + source.name() + " rows inside a merge of "
                        + merged.name() + " (merges " + String.join(" > ", chain) + " > " + source.name() + "): a "
                        + "merge of an entity inside a merge of the same entity is refused. Use KEEP_A or KEEP_B");
            }
        }
        if (chain.size() > ConflictResolution.MAX_NESTED_MERGES) {
            throw notApplicable(rows, "merges of conflicting rows nest at most "
                    + ConflictResolution.MAX_NESTED_MERGES + " deep (" + String.join(" > ", chain) + " > "
                    + source.name() + ")");
        }
        for (Map.Entry<String, org.safemerge.FieldStrategy> field : rows.fieldStrategies().entrySet()) {
            EntityAttribute attribute = source.attribute(field.getKey()).orElse(null);
            if (attribute != null && attribute.kind() == AttributeKind.TO_ONE && reference.names().stream()
                    .anyMatch(n -> graph.typeAndSupertypes(source).stream()
                            .anyMatch(t -> n.equals(t.name() + "." + attribute.name())))) {
                throw new MergeException(MergeErrorCode.STRATEGY_NOT_APPLICABLE, "mergeRows().field(\""
                        + attribute.name() + "\", ...) on '" + name + "': " + source.name() + "." + attribute.name()
                        + " is the reference being merged; the row kept must keep pointing at the survivor");
            }
        }
        List<String> inner = new ArrayList<>(chain);
        inner.add(source.name());
        validator.nested(source, rows.fieldStrategies(), rows.associationPolicies(), inner);
    }

    private void keepBoth(ConflictResolution.KeepBoth both) {
        if (both.changes().isEmpty()) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "keepBoth() on '" + name + "' changes "
                    + "nothing: give the change that takes the losing row out of the unique key, e.g. "
                    + "keepBoth().setNull(column) or keepBoth().set(column, value)");
        }
        for (String column : both.changes().keySet()) {
            if (reference.columns().stream().anyMatch(column::equalsIgnoreCase)) {
                throw notApplicable(both, "it sets " + column + ", the reference's own column; to unassign the "
                        + "losing row use KEEP_A (or KEEP_B)");
            }
        }
        if (reference.unique()) {
            throw notApplicable(both, "the FK " + String.join(", ", reference.columns()) + " is unique on its own "
                    + "(one-to-one), so no change of other columns takes a row out of it. Use KEEP_A, KEEP_B or "
                    + "mergeRows()");
        }
        for (UniqueKey key : graph.uniqueKeys(reference)) {
            boolean leaves = both.changes().entrySet().stream().anyMatch(e -> e.getValue() == null
                    && key.otherColumns(reference.columns()).stream().anyMatch(e.getKey()::equalsIgnoreCase)
                    || key.predicateUses(e.getKey()));
            if (!leaves) {
                throw notApplicable(both, "setting " + String.join(", ", both.changes().keySet()) + " does not take "
                        + "the losing row out of " + key.describe() + ": set one of its columns "
                        + key.otherColumns(reference.columns()) + " to NULL"
                        + (key.partial() ? ", or a column its condition uses" : ""));
            }
        }
    }

    private MergeException notApplicable(ConflictResolution resolution, String why) {
        return new MergeException(MergeErrorCode.POLICY_NOT_APPLICABLE, "onConflict(" + resolution.describe()
                + ") on '" + name + "' (" + reference.key() + "): " + why);
    }
}
