package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.UniqueKey;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.exec.UniqueKeys;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Unique keys of the tables that hold references, from the mapping and the catalog: a mapped key over the FK and
 * other columns, a key without the FK, a catalog-only table's key; each kept by table, not on the reference.
 */
class UniqueKeysGraphTest {

    private static AssociationGraph graph(TestDatabase db) {
        SessionFactory factory = UniqueKeys.seed(db);
        return AssociationGraphs.of(factory);
    }

    private static InboundReference reference(AssociationGraph graph, String key) {
        return graph.references().stream().filter(r -> r.key().equalsIgnoreCase(key)).findFirst().orElseThrow();
    }

    @MatrixTest
    void aMappedKeyOverTheFkAndOtherColumns_isAUniqueKeyOfItsTable_withTheCatalogsName(TestDatabase db) {
        AssociationGraph graph = graph(db);

        List<UniqueKey> keys = graph.uniqueKeys(reference(graph, "uk_task(partner_id)"));

        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.columns()).containsExactly("partner_id", "person", "role");
            assertThat(k.name()).isEqualToIgnoringCase("uk_task_partner_person_role");
            assertThat(k.inCatalog()).isTrue();
            assertThat(k.partial()).isFalse();
        });
        assertThat(reference(graph, "uk_task(partner_id)").unique()).isFalse();
        assertThat(graph.describe("UkPartner")).containsIgnoringCase("unique uk_task_partner_person_role "
                + "(partner_id, person, role)");
    }

    @MatrixTest
    void aKeyWithoutTheFk_isKeptForItsTable_butNoConflictKeyOfTheReference(TestDatabase db) {
        AssociationGraph graph = graph(db);

        assertThat(graph.uniqueKeys("uk_report")).anySatisfy(k -> assertThat(k.columns()).containsExactly("code"));
        assertThat(graph.uniqueKeys(reference(graph, "uk_report(partner_id)"))).isEmpty();
    }

    @MatrixTest
    void aCatalogOnlyTablesUniqueConstraint_isFound(TestDatabase db) {
        AssociationGraph graph = graph(db);

        assertThat(graph.uniqueKeys(reference(graph, "uk_legacy(partner_id)"))).singleElement().satisfies(k -> {
            assertThat(k.columns()).containsExactly("partner_id", "code");
            // the catalog's name: the constraint's, or (H2) its index's, named after it
            assertThat(k.name()).startsWithIgnoringCase("uk_legacy_partner_code");
        });
    }
}
