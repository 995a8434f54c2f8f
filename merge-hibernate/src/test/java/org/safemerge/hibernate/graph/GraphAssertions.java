package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.hibernate.testing.Database;

/** Renders references as one line each, so a test can assert the exact graph and a failure shows the whole diff. */
final class GraphAssertions {
    private GraphAssertions() {
    }

    /**
     * One line per reference: key, kind, target, names, row key, source, nullability, uniqueness, order column,
     * flags (sorted), ON DELETE rule and notes (when there are any).
     */
    static String render(InboundReference r) {
        StringBuilder line = new StringBuilder(r.key()).append(' ').append(r.kind()).append(" -> ")
                .append(r.targetEntity()).append(' ').append(r.names())
                .append(" table=").append(r.table()).append(" columns=").append(r.columns())
                .append(" rowKey=").append(r.rowKeyColumns())
                .append(" source=").append(r.sourceEntity())
                .append(r.nullable() ? " nullable" : " NOT NULL")
                .append(r.unique() ? " unique" : "");
        if (r.orderColumn() != null) {
            line.append(" order=").append(r.orderColumn());
        }
        line.append(" flags=").append(new TreeSet<>(r.flags().stream().map(Enum::name).toList()))
                .append(" onDelete=").append(r.onDelete());
        if (!r.notes().isEmpty()) {
            line.append(" notes=").append(r.notes());
        }
        return line.toString();
    }

    /** The rule a database reports for an FK created without ON DELETE (H2 and MariaDB call it RESTRICT). */
    static OnDeleteRule defaultRule(Database database) {
        return database == Database.POSTGRESQL ? OnDeleteRule.NO_ACTION : OnDeleteRule.RESTRICT;
    }

    /** Expected lines use {@code onDelete=DEFAULT} for the database's default rule. */
    static void assertReferences(AssociationGraph graph, Database database, String... expected) {
        List<String> actual = graph.references().stream().map(GraphAssertions::render).toList();
        List<String> wanted = java.util.Arrays.stream(expected)
                .map(e -> e.replace("onDelete=DEFAULT", "onDelete=" + defaultRule(database)))
                .sorted()
                .toList();
        assertThat(actual).as("references of the graph on %s", database.displayName())
                .containsExactlyElementsOf(wanted);
    }
}
