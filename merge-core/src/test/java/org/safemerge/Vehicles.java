package org.safemerge;

import org.safemerge.graph.AssociationGraph;
import org.safemerge.testing.InMemoryDatabase;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/**
 * An inheritance hierarchy (Vehicle, its subtypes Car and Truck, single table {@code vehicle}) plus an unrelated
 * Invoice. Rows: 1, 2 and 3 are Cars, 4 is a Truck, 5 is a plain Vehicle; the Registration of vehicle 2 points at
 * the supertype, the Garage spot of car 2 at the subtype.
 */
final class Vehicles {
    /** The Java class of the Car entity. */
    static final class Car {
    }

    private Vehicles() {
    }

    static AssociationGraph graph() {
        TestGraph g = new TestGraph();
        g.entity("Vehicle", "vehicle").basic("plate");
        g.subtype("Car", "Vehicle").javaType(Car.class.getName()).basic("seats", Integer.class);
        g.subtype("Truck", "Vehicle").basic("load", Integer.class);
        g.entity("Invoice", "invoice");
        g.entity("Registration", "registration");
        g.entity("GarageSpot", "garage_spot");
        g.toOne("Registration", "vehicle", "Vehicle", "vehicle_id").notNull();
        g.toOne("GarageSpot", "car", "Car", "car_id");
        return g.build();
    }

    static InMemoryExecutor executor() {
        InMemoryExecutor executor = InMemoryExecutor.of(graph());
        String type = InMemoryDatabase.TYPE_COLUMN;
        executor.db()
                .insert("vehicle", "id", 1, type, "Car", "plate", "A-1", "seats", 4)
                .insert("vehicle", "id", 2, type, "Car", "plate", "A-2", "seats", 5)
                .insert("vehicle", "id", 3, type, "Car", "plate", "A-3", "seats", 2)
                .insert("vehicle", "id", 4, type, "Truck", "plate", "T-4", "load", 40)
                .insert("vehicle", "id", 5, type, "Vehicle", "plate", "V-5")
                .insert("vehicle", "id", 6, type, "Invoice")
                .insert("registration", "id", 20, "vehicle_id", 2)
                .insert("garage_spot", "id", 30, "car_id", 2);
        return executor;
    }

    /** A dry run of merging {@code duplicate} into {@code survivor} as {@code entity}. */
    static org.safemerge.report.MergeReport dryRun(String entity, long survivor, long duplicate) {
        return MergePlan.builder(executor(), entity).survivor(survivor).duplicates(duplicate).build().dryRun();
    }
}
