package org.safemerge.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safemerge.testing.TestGraph;

/** The ORM-free graph model: lookups, inheritance and the readable description. */
class AssociationGraphTest {

    private static AssociationGraph vehicles() {
        TestGraph g = new TestGraph();
        g.entity("Vehicle", "vehicle");
        g.subtype("Car", "Vehicle").basic("seats", Integer.class);
        g.subtype("SportsCar", "Car");
        g.subtype("Truck", "Vehicle");
        g.entity("Registration", "registration");
        g.entity("GarageSpot", "garage_spot");
        g.entity("Trailer", "trailer");
        g.toOne("Registration", "vehicle", "Vehicle", "vehicle_id").notNull();
        g.toOne("GarageSpot", "car", "Car", "car_id").unique();
        g.toOne("Trailer", "truck", "Truck", "truck_id");
        return g.build();
    }

    @Test
    void referencesTo_includeSupertypesAndSubtypes_butNotSiblings() {
        AssociationGraph graph = vehicles();
        EntityType car = graph.entity("Car").orElseThrow();

        assertThat(graph.referencesTo(car)).extracting(InboundReference::key)
                .containsExactly("garage_spot(car_id)", "registration(vehicle_id)");
        assertThat(graph.referencesTo(graph.entity("Vehicle").orElseThrow())).hasSize(3);
        assertThat(graph.root(graph.entity("SportsCar").orElseThrow()).name()).isEqualTo("Vehicle");
        assertThat(graph.typeAndSupertypes(graph.entity("SportsCar").orElseThrow())).extracting(EntityType::name)
                .containsExactly("SportsCar", "Car", "Vehicle");
        assertThat(graph.sameHierarchy(car, graph.entity("Truck").orElseThrow())).isTrue();
        assertThat(graph.sameHierarchy(car, graph.entity("Trailer").orElseThrow())).isFalse();
        assertThat(graph.entity("Vehicle").orElseThrow().subTypes()).containsExactlyInAnyOrder("Car", "SportsCar",
                "Truck");
    }

    @Test
    void lookups_byNameJavaTypeAndKey() {
        AssociationGraph graph = vehicles();

        assertThat(graph.entityByJavaType("test.model.Truck")).map(EntityType::name).contains("Truck");
        assertThat(graph.reference("trailer(truck_id)")).map(InboundReference::displayName)
                .contains("Trailer.truck");
        assertThat(graph.entities()).extracting(EntityType::name).isSorted();
        assertThat(InboundReference.keyOf("t", List.of("a", "b"))).isEqualTo("t(a, b)");
    }

    @Test
    void describe_saysWhoPointsAtAnEntity() {
        assertThat(vehicles().describe("Car")).isEqualTo("""
                Car (table vehicle, id id, extends Vehicle)
                  <- garage_spot(car_id) [FOREIGN_KEY, nullable, unique] GarageSpot.car
                  <- registration(vehicle_id) [FOREIGN_KEY, NOT NULL, via Vehicle] Registration.vehicle
                """);
        assertThat(vehicles().describe("Registration")).contains("nothing points at it");
    }

    @Test
    void invalidGraphs_areRejected() {
        EntityType a = new EntityType("A", "x.A", "a", List.of("id"), "id", null, null, List.of(), List.of(), null);
        InboundReference toB = new InboundReference("t(b_id)", List.of(), ReferenceKind.FOREIGN_KEY, "B", "t",
                List.of("b_id"), List.of("id"), null, true, false, null, Set.of(), null, null, List.of());
        InboundReference toA = new InboundReference("t(a_id)", List.of(), ReferenceKind.FOREIGN_KEY, "A", "t",
                List.of("a_id"), List.of("id"), null, true, false, null, Set.of(), null, null, List.of());

        assertThatThrownBy(() -> new AssociationGraph(List.of(a, a), List.of())).hasMessageContaining("twice");
        assertThatThrownBy(() -> new AssociationGraph(List.of(a), List.of(toA, toA))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new AssociationGraph(List.of(a), List.of(toB)))
                .hasMessageContaining("targets unknown entity B");
        assertThat(toA.onDelete()).isEqualTo(OnDeleteRule.UNKNOWN);
        assertThatThrownBy(() -> new InboundReference("t()", List.of(), ReferenceKind.FOREIGN_KEY, "A", "t",
                List.of(), List.of(), null, true, false, null, Set.of(), null, null, List.of()))
                .hasMessageContaining("has no columns");
    }

    @Test
    void aReferenceByAnotherKey_namesItsColumns_andTheOldConstructorMeansTheId() {
        InboundReference byId = new InboundReference("t(a_id)", List.of(), ReferenceKind.FOREIGN_KEY, "A", "t",
                List.of("a_id"), List.of("id"), null, true, false, null, Set.of(), null, null, List.of());
        InboundReference byNumber = new InboundReference("t(a_no)", List.of(), ReferenceKind.CATALOG_FOREIGN_KEY,
                "A", "t", List.of("a_no"), List.of("id"), null, true, false, null, Set.of(), null, null, List.of(),
                List.of("legacy_no"), "legacyNo");

        assertThat(byId.targetColumns()).isEmpty();
        assertThat(byId.byAlternateKey()).isFalse();
        assertThat(byNumber.byAlternateKey()).isTrue();
        assertThat(byNumber.targetAttribute()).isEqualTo("legacyNo");
        assertThatThrownBy(() -> new InboundReference("t(a_no)", List.of(), ReferenceKind.CATALOG_FOREIGN_KEY, "A",
                "t", List.of("a_no"), List.of("id"), null, true, false, null, Set.of(), null, null, List.of(),
                List.of("region", "code"), null)).hasMessageContaining("1 columns for 2 target columns");
    }
}
