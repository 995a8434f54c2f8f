package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.graph.GraphAssertions.assertReferences;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** SINGLE_TABLE, JOINED and TABLE_PER_CLASS hierarchies, with references to supertypes and to subtypes. */
class InheritanceGraphTest {

    @Entity(name = "Vehicle")
    @Table(name = "vehicle")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    static class Vehicle {
        @Id
        Long id;
    }

    @Entity(name = "Car")
    static class Car extends Vehicle {
        @ManyToOne
        @JoinColumn(name = "garage_id")
        Garage garage;
    }

    @Entity(name = "Truck")
    static class Truck extends Vehicle {
    }

    @Entity(name = "Garage")
    @Table(name = "garage")
    static class Garage {
        @Id
        Long id;
    }

    @Entity(name = "Trip")
    @Table(name = "trip")
    static class Trip {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "vehicle_id")
        Vehicle vehicle;
        @ManyToOne
        @JoinColumn(name = "car_id")
        Car car;
    }

    @Entity(name = "Document")
    @Table(name = "document")
    @Inheritance(strategy = InheritanceType.JOINED)
    static class Document {
        @Id
        Long id;
    }

    @Entity(name = "Invoice")
    @Table(name = "invoice")
    static class Invoice extends Document {
        @ManyToOne
        @JoinColumn(name = "issuer_id")
        Keeper issuer;
    }

    @Entity(name = "Payment")
    @Table(name = "payment")
    static class Payment {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "invoice_id")
        Invoice invoice;
        @ManyToOne
        @JoinColumn(name = "document_id")
        Document document;
    }

    @Entity(name = "Animal")
    @Table(name = "animal")
    @Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
    static class Animal {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "keeper_id")
        Keeper keeper;
    }

    @Entity(name = "Dog")
    @Table(name = "dog")
    static class Dog extends Animal {
    }

    @Entity(name = "Keeper")
    @Table(name = "keeper")
    static class Keeper {
        @Id
        Long id;
    }

    @Entity(name = "Visit")
    @Table(name = "visit")
    static class Visit {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "animal_id")
        Animal animal;
        @ManyToOne
        @JoinColumn(name = "dog_id")
        Dog dog;
    }

    private static SessionFactory factory(TestDatabase db) {
        return db.sessionFactory(Vehicle.class, Car.class, Truck.class, Garage.class, Trip.class, Document.class,
                Invoice.class, Payment.class, Animal.class, Dog.class, Keeper.class, Visit.class);
    }

    @MatrixTest
    void findsReferencesInEveryInheritanceStrategy_withTheTableThatHoldsTheColumns(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        assertReferences(graph, db.database(),
                "trip(vehicle_id) FOREIGN_KEY -> Vehicle [Trip.vehicle] table=trip columns=[vehicle_id] rowKey=[id]"
                        + " source=Trip nullable flags=[] onDelete=DEFAULT",
                "trip(car_id) FOREIGN_KEY -> Car [Trip.car] table=trip columns=[car_id] rowKey=[id] source=Trip"
                        + " nullable flags=[] onDelete=DEFAULT",
                "vehicle(garage_id) FOREIGN_KEY -> Garage [Car.garage] table=vehicle columns=[garage_id]"
                        + " rowKey=[id] source=Car nullable flags=[] onDelete=DEFAULT",
                "invoice(issuer_id) FOREIGN_KEY -> Keeper [Invoice.issuer] table=invoice columns=[issuer_id]"
                        + " rowKey=[id] source=Invoice nullable flags=[] onDelete=DEFAULT",
                "payment(invoice_id) FOREIGN_KEY -> Invoice [Payment.invoice] table=payment columns=[invoice_id]"
                        + " rowKey=[id] source=Payment nullable flags=[] onDelete=DEFAULT",
                "payment(document_id) FOREIGN_KEY -> Document [Payment.document] table=payment"
                        + " columns=[document_id] rowKey=[id] source=Payment nullable flags=[] onDelete=DEFAULT",
                "animal(keeper_id) FOREIGN_KEY -> Keeper [Animal.keeper] table=animal columns=[keeper_id]"
                        + " rowKey=[id] source=Animal nullable flags=[] onDelete=DEFAULT",
                "dog(keeper_id) FOREIGN_KEY -> Keeper [Animal.keeper] table=dog columns=[keeper_id] rowKey=[id]"
                        + " source=Dog nullable flags=[] onDelete=DEFAULT",
                "visit(animal_id) FOREIGN_KEY -> Animal [Visit.animal] table=visit columns=[animal_id] rowKey=[id]"
                        + " source=Visit nullable flags=[NO_DATABASE_CONSTRAINT] onDelete=UNKNOWN",
                "visit(dog_id) FOREIGN_KEY -> Dog [Visit.dog] table=visit columns=[dog_id] rowKey=[id]"
                        + " source=Visit nullable flags=[] onDelete=DEFAULT");
    }

    @MatrixTest
    void referencesTo_aSubtype_includesReferencesToItsSupertypes(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        assertThat(graph.referencesTo(graph.entity("Car").orElseThrow())).extracting(InboundReference::key)
                .containsExactly("trip(car_id)", "trip(vehicle_id)");
        assertThat(graph.referencesTo(graph.entity("Invoice").orElseThrow())).extracting(InboundReference::key)
                .containsExactly("payment(document_id)", "payment(invoice_id)");
        assertThat(graph.referencesTo(graph.entity("Dog").orElseThrow())).extracting(InboundReference::key)
                .containsExactly("visit(animal_id)", "visit(dog_id)");
        assertThat(graph.referencesTo(graph.entity("Truck").orElseThrow())).extracting(InboundReference::key)
                .containsExactly("trip(vehicle_id)");
    }

    @MatrixTest
    void entityTypes_carryTheTableHoldingTheIdAndTheHierarchy(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        EntityType car = graph.entity("Car").orElseThrow();
        assertThat(car.table()).isEqualTo("vehicle");
        assertThat(car.superType()).isEqualTo("Vehicle");
        assertThat(car.attribute("garage").orElseThrow().targetEntity()).isEqualTo("Garage");
        assertThat(graph.entity("Vehicle").orElseThrow().subTypes()).containsExactly("Car", "Truck");
        EntityType invoice = graph.entity("Invoice").orElseThrow();
        assertThat(invoice.table()).as("JOINED: the root table holds the id").isEqualTo("document");
        assertThat(invoice.idColumns()).containsExactly("id");
        assertThat(graph.entity("Document").orElseThrow().subTypes()).containsExactly("Invoice");
        EntityType dog = graph.entity("Dog").orElseThrow();
        assertThat(dog.table()).as("TABLE_PER_CLASS: the concrete table").isEqualTo("dog");
        assertThat(dog.superType()).isEqualTo("Animal");
        assertThat(graph.entity("Animal").orElseThrow().table()).isEqualTo("animal");
        assertThat(dog.attributes()).extracting(a -> a.name()).containsExactlyInAnyOrder("id", "keeper");
    }
}
