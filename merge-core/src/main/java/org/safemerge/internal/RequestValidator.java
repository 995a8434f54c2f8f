package org.safemerge.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.safemerge.AssociationPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.report.MergeGroup;

/** Checks a merge request against the association graph before any SQL runs; every error names the bad value. */
public final class RequestValidator {
    private final AssociationGraph graph;

    public RequestValidator(AssociationGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    public EntityType entity(String entityName, String javaType) {
        return (entityName != null ? graph.entity(entityName) : graph.entityByJavaType(javaType))
                .orElseThrow(() -> new MergeException(MergeErrorCode.UNKNOWN_ENTITY, "'"
                        + (entityName != null ? entityName : javaType) + "' is not an entity of this persistence "
                        + "unit; known entities: " + graph.entities().stream().map(EntityType::name).limit(30)
                        .collect(Collectors.joining(", "))));
    }

    /**
     * Checks the ids of one merge and returns them normalized to the entity's id type ({@link IdNormalizer}), so
     * that a record given in two spellings ({@code 3} and {@code 3L}) is one record to every check.
     */
    public MergeGroup ids(EntityType entity, Object survivorId, List<Object> duplicateIds) {
        if (survivorId == null) {
            throw new MergeException(MergeErrorCode.NULL_ID, "the survivor id of the " + entity.name()
                    + " merge is null or missing: call survivor(id)");
        }
        if (duplicateIds.isEmpty()) {
            throw new MergeException(MergeErrorCode.NO_DUPLICATES, "the " + entity.name() + " merge into "
                    + survivorId + " has no duplicates: call duplicates(id, ...)");
        }
        IdNormalizer normalizer = new IdNormalizer(graph, entity);
        Object survivor = normalizer.normalize("the survivor", survivorId);
        List<Object> duplicates = new ArrayList<>(duplicateIds.size());
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < duplicateIds.size(); i++) {
            Object given = duplicateIds.get(i);
            if (given == null) {
                throw new MergeException(MergeErrorCode.NULL_ID, "duplicate #" + (i + 1) + " of the "
                        + entity.name() + " merge into " + survivor + " is null");
            }
            Object id = normalizer.normalize("duplicate #" + (i + 1), given);
            if (id.equals(survivor)) {
                throw new MergeException(MergeErrorCode.SURVIVOR_IS_DUPLICATE, entity.name() + " " + id
                        + " is both the survivor and a duplicate" + spelling(survivorId, given)
                        + "; a record cannot be merged into itself");
            }
            if (!seen.add(id)) {
                throw new MergeException(MergeErrorCode.DUPLICATE_LISTED_TWICE, "duplicate " + entity.name() + " "
                        + id + " is listed twice");
            }
            duplicates.add(id);
        }
        return new MergeGroup(survivor, duplicates);
    }

    /** Says how one record was spelled twice, when the spellings differ ({@code 3L} and {@code "3"}). */
    private static String spelling(Object first, Object second) {
        if (first.equals(second)) {
            return "";
        }
        return " (given as " + typed(first) + " and " + typed(second) + ")";
    }

    private static String typed(Object value) {
        return (value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value)) + " ("
                + value.getClass().getSimpleName() + ")";
    }

    public void strategies(EntityType entity, Map<String, FieldStrategy> strategies, Set<String> sensitive) {
        strategies.forEach((name, strategy) -> {
            EntityAttribute attribute = attribute(entity, name);
            if (attribute.kind() == AttributeKind.ID || attribute.kind() == AttributeKind.VERSION) {
                throw notApplicable(entity, attribute, strategy, "the " + attribute.kind().name().toLowerCase()
                        + " is never set by a merge (the survivor keeps its id; its version is bumped)");
            }
            boolean collection = Attributes.decidedByLinks(graph, entity, attribute);
            if (strategy instanceof FieldStrategy.Union && !collection) {
                throw notApplicable(entity, attribute, strategy, "union applies to collections only; use takeA, "
                        + "takeB, firstNonNull, newestBy or combine");
            }
            boolean scalarOnly = strategy instanceof FieldStrategy.FirstNonNull
                    || strategy instanceof FieldStrategy.NewestBy || strategy instanceof FieldStrategy.Combine
                    || strategy instanceof FieldStrategy.Custom;
            if (scalarOnly && collection) {
                throw notApplicable(entity, attribute, strategy, "collections are decided by link: use union, "
                        + "takeA or takeB");
            }
            if (strategy instanceof FieldStrategy.NewestBy newest) {
                EntityAttribute by = attribute(entity, newest.attribute());
                if (by.kind() != AttributeKind.BASIC && by.kind() != AttributeKind.VERSION) {
                    throw notApplicable(entity, attribute, strategy, "newestBy needs a basic, comparable attribute;"
                            + " '" + by.name() + "' is " + by.kind());
                }
            }
        });
        for (String name : sensitive) {
            attribute(entity, name);
        }
    }

    /** Resolves policy names to reference keys; rejects unknown, doubled and inapplicable policies. */
    public Map<String, AssociationPolicy> policies(EntityType entity, Map<String, AssociationPolicy> byName) {
        return policies(entity, byName, List.of(entity.name()));
    }

    /**
     * {@link #policies(EntityType, Map)} for the merge of {@code entity} inside the merges of {@code chain} (the
     * entity types merged, outermost first, {@code entity} last): merges of conflicting rows are checked to the
     * bottom.
     */
    private Map<String, AssociationPolicy> policies(EntityType entity, Map<String, AssociationPolicy> byName,
            List<String> chain) {
        List<InboundReference> references = graph.referencesTo(entity);
        Map<String, AssociationPolicy> byKey = new LinkedHashMap<>();
        Map<String, String> nameOfKey = new LinkedHashMap<>();
        byName.forEach((name, policy) -> {
            InboundReference reference = resolve(entity, references, name);
            String previous = nameOfKey.putIfAbsent(reference.key(), name);
            if (previous != null) {
                throw new MergeException(MergeErrorCode.CONFLICTING_POLICIES, "'" + previous + "' and '" + name
                        + "' both name " + reference.key() + "; give one policy");
            }
            check(reference, name, policy);
            policy.conflicts().ifPresent(c -> new ConflictChecks(this, graph, reference, name, chain).check(c));
            byKey.put(reference.key(), policy);
        });
        return byKey;
    }

    private void check(InboundReference reference, String name, AssociationPolicy policy) {
        if (policy.deleteAllowed() && reference.kind().isLink()) {
            throw new MergeException(MergeErrorCode.POLICY_NOT_APPLICABLE, "allowDelete() on '" + name + "' ("
                    + reference.key() + "): its rows are " + (reference.kind() == ReferenceKind.JOIN_TABLE
                    ? "join-table links; SafeMerge only removes links and never deletes the linked entities"
                    : "element-collection values, which are moved or removed, never deleted separately")
                    + ". Remove allowDelete()");
        }
        if (policy.unassignDuplicateRows() && !reference.kind().isLink() && !reference.nullable()
                && !policy.deleteAllowed()) {
            throw new MergeException(MergeErrorCode.POLICY_NOT_APPLICABLE, "unassign() on '" + name + "' ("
                    + reference.key() + "): the FK is NOT NULL, so its rows cannot be unassigned. Use repoint(), "
                    + "or unassign().allowDelete() to delete them");
        }
        if (policy.leftToDatabase()) {
            checkLeftToDatabase(reference, name);
        }
        if (policy.conflicts().isPresent() && !reference.unique() && graph.uniqueKeys(reference).isEmpty()) {
            throw new MergeException(MergeErrorCode.POLICY_NOT_APPLICABLE, "onConflict(...) on '" + name + "' ("
                    + reference.key() + "): it is not unique and no unique key of " + reference.table()
                    + " contains " + String.join(", ", reference.columns()) + ", so moving rows cannot conflict");
        }
    }

    /** Only an FK SafeMerge cannot handle, and only where the database refuses to delete what rows point at. */
    private static void checkLeftToDatabase(InboundReference reference, String name) {
        String what = "leaveToDatabase() on '" + name + "' (" + reference.key() + "): ";
        if (!reference.has(ReferenceFlag.UNSUPPORTED)) {
            throw new MergeException(MergeErrorCode.POLICY_NOT_APPLICABLE, what + "SafeMerge re-points its rows "
                    + "itself; leaveToDatabase() is only for database FKs it cannot handle. Remove it");
        }
        OnDeleteRule rule = reference.onDelete();
        if (rule != OnDeleteRule.RESTRICT && rule != OnDeleteRule.NO_ACTION) {
            throw new MergeException(MergeErrorCode.POLICY_NOT_APPLICABLE, what + "its database FK "
                    + (reference.constraintName() == null ? "" : reference.constraintName() + " ") + "has ON DELETE "
                    + rule.name().replace('_', ' ') + ", so deleting a duplicate would not be refused: the database "
                    + "would act on the rows that still point at it. Keep the duplicates as tombstones with "
                    + "keepDuplicates(...), or re-point those rows yourself before merging");
        }
    }

    /** A merge of conflicting rows of {@code entity}, checked like a plan of its own inside {@code chain}. */
    void nested(EntityType entity, Map<String, FieldStrategy> strategies, Map<String, AssociationPolicy> policies,
            List<String> chain) {
        strategies(entity, strategies, Set.of());
        policies(entity, policies, chain);
    }

    private InboundReference resolve(EntityType entity, List<InboundReference> references, String name) {
        List<String> candidates = new ArrayList<>();
        for (EntityType type : graph.typeAndSupertypes(entity)) {
            candidates.add(type.name() + "." + name);
        }
        for (InboundReference reference : references) {
            if (reference.isNamed(name) || candidates.stream().anyMatch(reference::isNamed)) {
                return reference;
            }
        }
        EntityAttribute attribute = entity.attribute(name).orElse(null);
        if (attribute != null && attribute.reference() != null) {
            for (InboundReference reference : references) {
                if (reference.key().equals(attribute.reference())) {
                    return reference;
                }
            }
        }
        String hint = attribute != null && attribute.reference() == null
                ? " '" + name + "' is an attribute of " + entity.name() + " decided by a field strategy, not an "
                        + "association pointing at it."
                : "";
        throw new MergeException(MergeErrorCode.UNKNOWN_ASSOCIATION, "no association named '" + name
                + "' points at " + entity.name() + "." + hint + " Associations: " + references.stream()
                .map(r -> r.names().isEmpty() ? r.key() : r.key() + " " + r.names()).collect(Collectors.joining(", ")));
    }

    private static EntityAttribute attribute(EntityType entity, String name) {
        return entity.attribute(name).orElseThrow(() -> new MergeException(MergeErrorCode.UNKNOWN_ATTRIBUTE,
                entity.name() + " has no attribute '" + name + "'; attributes: " + entity.attributes().stream()
                        .map(EntityAttribute::name).collect(Collectors.joining(", "))));
    }

    private static MergeException notApplicable(EntityType entity, EntityAttribute attribute, FieldStrategy strategy,
            String why) {
        return new MergeException(MergeErrorCode.STRATEGY_NOT_APPLICABLE, strategy.describe() + " on "
                + entity.name() + "." + attribute.name() + " (" + attribute.kind() + "): " + why);
    }
}
