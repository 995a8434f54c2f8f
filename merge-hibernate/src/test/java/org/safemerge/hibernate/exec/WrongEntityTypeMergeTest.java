package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.BatchMerge;
import org.safemerge.BatchMergeException;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeGroup;
import org.safemerge.spi.AuditEvent;

/**
 * A record that exists but is not of the merged type: a plain Partner given to a Client merge (JOINED), a plain
 * Vehicle or a Truck given to a Car merge (SINGLE_TABLE), a sibling subtype's record, an entity of another
 * hierarchy. Each fails with WRONG_ENTITY_TYPE naming the id, the type found and the type expected, in the dry run,
 * in execute() and in a batch, and the database is exactly as before.
 */
class WrongEntityTypeMergeTest {

    @Entity(name = "Partner")
    @Table(name = "et_partner")
    @Inheritance(strategy = InheritanceType.JOINED)
    static class Partner {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "Client")
    @Table(name = "et_client")
    static class Client extends Partner {
        String segment;
    }

    @Entity(name = "Supplier")
    @Table(name = "et_supplier")
    static class Supplier extends Partner {
        String terms;
    }

    @Entity(name = "ClientNote")
    @Table(name = "et_client_note")
    static class ClientNote {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
    }

    @Entity(name = "Contact")
    @Table(name = "et_contact")
    static class Contact {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "partner_id")
        Partner partner;
    }

    @Entity(name = "Vehicle")
    @Table(name = "et_vehicle")
    @Inheritance(strategy = InheritanceType.SINGLE_TABLE)
    @DiscriminatorColumn(name = "kind")
    @DiscriminatorValue("vehicle")
    static class Vehicle {
        @Id
        Long id;
        String plate;
    }

    @Entity(name = "Car")
    @DiscriminatorValue("car")
    static class Car extends Vehicle {
    }

    @Entity(name = "Truck")
    @DiscriminatorValue("truck")
    static class Truck extends Vehicle {
    }

    @Entity(name = "Depot")
    @Table(name = "et_depot")
    static class Depot {
        @Id
        Long id;
    }

    /**
     * Partners: clients 1, 2, 5, 6, plain partner 3, supplier 4; client notes 10 -> 1, 11 -> 2, 12 -> 6; contacts
     * 20..23 -> 1..4. Vehicles: cars 1, 2, plain vehicle 3, truck 4. Depot 1.
     */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Partner.class, Client.class, Supplier.class, ClientNote.class,
                Contact.class, Vehicle.class, Car.class, Truck.class, Depot.class);
        db.execute("insert into et_partner (id, name) values (1, 'Acme'), (2, 'ACME Inc.'), (3, 'Plain'), "
                        + "(4, 'Parts Ltd'), (5, 'Beta'), (6, 'Beta GmbH')",
                "insert into et_client (id, segment) values (1, 'retail'), (2, 'retail'), (5, 'b2b'), (6, 'b2b')",
                "insert into et_supplier (id, terms) values (4, 'net 30')",
                "insert into et_client_note (id, client_id) values (10, 1), (11, 2), (12, 6)",
                "insert into et_contact (id, partner_id) values (20, 1), (21, 2), (22, 3), (23, 4)",
                "insert into et_vehicle (id, kind, plate) values (1, 'car', 'A-1'), (2, 'car', 'A-2'), "
                        + "(3, 'vehicle', 'V-3'), (4, 'truck', 'T-4')",
                "insert into et_depot (id) values (1)");
        return factory;
    }

    private static MergePlan<Client> clients(SessionFactory factory, long survivor, long duplicate,
            AuditTrail audit) {
        return HibernateMerge.of(factory).plan(Client.class).survivor(survivor).duplicates(duplicate).audit(audit)
                .build();
    }

    @MatrixTest
    void clientIntoClient_merges_repointingRowsOfTheSubtypeAndOfTheRoot(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        MergePlan<Client> plan = clients(factory, 1, 2, new AuditTrail());
        plan.execute(plan.dryRun());

        assertThat(TableDump.of(db)).isEqualTo(before.removing("et_partner", "id", 2).removing("et_client", "id", 2)
                .replacing("et_client_note", "client_id", 2, 1).replacing("et_contact", "partner_id", 2, 1));
    }

    @MatrixTest
    void aPlainPartner_givenToAClientMerge_isWrongEntityType_inDryRunAndExecute(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        refusedAsWrongType(() -> clients(factory, 1, 3, audit).dryRun(),
                "duplicate Client 3 is a Partner, not a Client");
        refusedAsWrongType(() -> clients(factory, 1, 3, audit).execute(),
                "duplicate Client 3 is a Partner, not a Client");
        assertThat(audit.rolledBackWith()).isEqualTo("WRONG_ENTITY_TYPE");
        refusedAsWrongType(() -> clients(factory, 3, 2, new AuditTrail()).execute(),
                "survivor Client 3 is a Partner, not a Client");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void aSiblingSubtypesRecord_givenToAClientMerge_isWrongEntityType(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        refusedAsWrongType(() -> clients(factory, 1, 4, new AuditTrail()).dryRun(),
                "duplicate Client 4 is a Supplier, not a Client");
        refusedAsWrongType(() -> clients(factory, 1, 4, new AuditTrail()).execute(),
                "duplicate Client 4 is a Supplier, not a Client");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void singleTable_aPlainVehicleOrATruck_givenToACarMerge_isWrongEntityType(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        HibernateMerge merge = HibernateMerge.of(factory);

        for (long other : new long[] {3, 4}) {
            String found = other == 3 ? "Vehicle" : "Truck";
            refusedAsWrongType(() -> merge.plan(Car.class).survivor(1L).duplicates(other).build().dryRun(),
                    "duplicate Car " + other + " is a " + found + ", not a Car");
            refusedAsWrongType(() -> merge.plan(Car.class).survivor(other).duplicates(2L).build().execute(),
                    "survivor Car " + other + " is a " + found + ", not a Car");
        }
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void batch_aGroupWithAPlainPartner_failsItsChunk_evenSkippingBlockedGroups_andTheDryRunRefusesIt(
            TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        BatchMergeException failed = catchThrowableOfType(BatchMergeException.class, () -> batch(factory, audit)
                .build().execute());
        BatchMergeException skipping = catchThrowableOfType(BatchMergeException.class, () -> batch(factory, audit)
                .skipBlockedGroups().build().execute());

        assertThat(failed).satisfies(code(MergeErrorCode.WRONG_ENTITY_TYPE))
                .hasMessageContaining("duplicate Client 3 is a Partner, not a Client");
        assertThat(failed.failedGroup()).isEqualTo(new MergeGroup(1L, List.of(3L)));
        assertThat(failed.completed().merged()).isEmpty();
        assertThat(skipping).satisfies(code(MergeErrorCode.WRONG_ENTITY_TYPE));
        assertThat(skipping.failedGroup()).isEqualTo(new MergeGroup(1L, List.of(3L)));
        assertThatThrownBy(() -> batch(factory, audit).build().dryRun())
                .satisfies(code(MergeErrorCode.WRONG_ENTITY_TYPE));
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.of(AuditEvent.MergeRolledBack.class)).hasSize(4)
                .extracting(AuditEvent.MergeRolledBack::errorCode).containsOnly("WRONG_ENTITY_TYPE");
        assertThat(audit.of(AuditEvent.MergeCommitted.class)).isEmpty();
    }

    /** Asserts that {@code call} fails with WRONG_ENTITY_TYPE and a message containing {@code message}. */
    private static void refusedAsWrongType(ThrowingCallable call, String message) {
        assertThatThrownBy(call).satisfies(code(MergeErrorCode.WRONG_ENTITY_TYPE)).hasMessageContaining(message);
    }

    /** Clients 6 into 5, and the plain partner 3 into client 1: one chunk. */
    private static BatchMerge.Builder<Client> batch(SessionFactory factory, AuditTrail audit) {
        return HibernateMerge.of(factory).batch(Client.class).merge(6L, 5L).merge(3L, 1L).audit(audit);
    }

    @MatrixTest
    void entityInstances_ofAnotherHierarchy_areWrongEntityType_ofTheSameHierarchy_invalid_atBuild(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        try (Session session = factory.openSession()) {
            Depot depot = session.find(Depot.class, 1L);
            Partner proxy = session.getReference(Partner.class, 2L);

            assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Client.class).survivor(1L).duplicates(depot)
                    .build()).satisfies(code(MergeErrorCode.WRONG_ENTITY_TYPE))
                    .hasMessageContaining("duplicate #1 of the Client merge is a Depot")
                    .hasMessageContaining("not a Client");
            assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Client.class).survivor(1L).duplicates(proxy)
                    .build()).satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("is an entity").hasMessageContaining("pass its id, a java.lang.Long");
        }
        assertThat(TableDump.of(db)).isEqualTo(before);
    }
}
