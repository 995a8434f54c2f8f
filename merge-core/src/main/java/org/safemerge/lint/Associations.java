package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;

/** What the built-in checks share: attributes where they are declared, their references, and findings for both. */
final class Associations {
    private Associations() {
    }

    /**
     * Every attribute of every entity type, once: on the type that declares it (a subtype lists its supertype's
     * attributes too, which would report the same mapping twice).
     */
    static void forEachDeclared(AssociationGraph graph, BiConsumer<EntityType, EntityAttribute> action) {
        for (EntityType type : graph.entities()) {
            EntityType superType = type.superType() == null ? null : graph.entity(type.superType()).orElse(null);
            for (EntityAttribute attribute : type.attributes()) {
                if (superType == null || superType.attribute(attribute.name()).isEmpty()) {
                    action.accept(type, attribute);
                }
            }
        }
    }

    /** The references an attribute's mapping names ({@code Type.attribute}, declared here or in a supertype). */
    static List<InboundReference> referencesOf(AssociationGraph graph, EntityType type, EntityAttribute attribute) {
        List<String> names = graph.typeAndSupertypes(type).stream().map(t -> t.name() + "." + attribute.name())
                .toList();
        return graph.references().stream().filter(r -> names.stream().anyMatch(r.names()::contains)).toList();
    }

    /** A finding on an attribute; its references' names and keys denote it too. */
    static LintFinding finding(LintCheck check, EntityType type, EntityAttribute attribute,
            List<InboundReference> references, String reason, String fix) {
        List<String> names = new ArrayList<>();
        references.forEach(r -> {
            names.addAll(r.names());
            names.add(r.key());
        });
        return new LintFinding(check.id(), type.name(), type.name() + "." + attribute.name(), names, reason, fix);
    }

    /**
     * A finding on a reference: its mapping names and key denote it. Shown by its mapping name where that names one
     * set of columns (a to-one's FK), by its key where it does not (both sides of a join table share the
     * collection's name).
     */
    static LintFinding finding(LintCheck check, InboundReference reference, String reason, String fix) {
        List<String> names = new ArrayList<>(reference.names());
        names.add(reference.key());
        String entity = reference.sourceEntity() != null ? reference.sourceEntity() : reference.targetEntity();
        String shown = reference.kind().isLink() ? reference.key() : reference.displayName();
        return new LintFinding(check.id(), entity, shown, names, reason, fix);
    }

    /** {@code table(column, ...)} of a reference. */
    static String columns(InboundReference reference) {
        return reference.table() + "(" + String.join(", ", reference.columns()) + ")";
    }

    /** The names of references, for reasons: {@code Award.task, note(task_id)}. */
    static String describe(List<InboundReference> references) {
        return String.join(", ", references.stream().map(InboundReference::displayName).toList());
    }
}
