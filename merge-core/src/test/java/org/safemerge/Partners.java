package org.safemerge;

import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/**
 * The social-services app of DESIGN.md "Why", as a graph: partners referenced from 8 tables of mixed nullability
 * (notes, words, guests, events, coachings, contacts, grantings, income confirmations), a self-referencing parent and
 * mentor, a legacy table only the database catalog knows, whose FK has ON DELETE CASCADE, and an unmapped
 * self-referencing column {@code partner.legacy_parent_id}.
 */
final class Partners {
    /** The referencing tables, their entity names and whether their FK is NOT NULL. */
    static final List<String> TABLES = List.of("note", "word", "guest", "partner_event", "coaching", "contact",
            "granting", "income_confirmation");
    static final List<String> ENTITIES = List.of("Note", "Word", "Guest", "PartnerEvent", "Coaching", "Contact",
            "Granting", "IncomeConfirmation");
    static final List<Boolean> NOT_NULL = List.of(true, false, false, true, true, false, true, false);

    private Partners() {
    }

    static AssociationGraph graph() {
        TestGraph g = new TestGraph();
        g.entity("Partner", "partner").basic("name").notNull("name").basic("email");
        g.toOne("Partner", "parent", "Partner", "parent_id").inverse("children");
        g.toOne("Partner", "mentor", "Partner", "mentor_id");
        for (int i = 0; i < TABLES.size(); i++) {
            g.entity(ENTITIES.get(i), TABLES.get(i)).basic("text");
            TestGraph.Ref ref = g.toOne(ENTITIES.get(i), "partner", "Partner", "partner_id");
            if (NOT_NULL.get(i)) {
                ref.notNull();
            }
        }
        g.catalogFk("legacy_note", "partner_id", "Partner").onDelete(OnDeleteRule.CASCADE);
        // a self-reference the mapping does not know: only the survivor's own row can become a loop here
        g.catalogFk("partner", "legacy_parent_id", "Partner");
        return g.build();
    }

    /** Partners 1..count named "partner n"; nothing references them yet. */
    static InMemoryExecutor executor(int count) {
        InMemoryExecutor executor = InMemoryExecutor.of(graph());
        for (long id = 1; id <= count; id++) {
            executor.db().insert("partner", "id", id, "name", "partner " + id);
        }
        return executor;
    }

    static MergePlan.Builder<Object> merge(InMemoryExecutor executor, long survivor, Object... duplicates) {
        return MergePlan.builder(executor, "Partner").survivor(survivor).duplicates(duplicates);
    }
}
