package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.BatchMerge;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeGroup;

/**
 * Ids of every Java type, given in other spellings: normalized at build() to the entity's id type (read from the
 * mapping), so that a record in two spellings is one record; what cannot be an id of that type is refused at
 * build(). Checked against the whole database before and after, on every database of the matrix.
 */
class IdTypesMergeTest {
    private static final UUID U1 = UUID.fromString("0b7f2d4e-3c1a-4f6b-9d8e-5a4b3c2d1e0f");
    private static final UUID U2 = UUID.fromString("7c6d5e4f-1a2b-4c3d-8e9f-0a1b2c3d4e5f");

    @Entity(name = "Role")
    @Table(name = "it_role")
    static class Role {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "RoleGrant")
    @Table(name = "it_role_grant")
    static class RoleGrant {
        @Id
        Long id;
        @ManyToOne(optional = false)
        @JoinColumn(name = "role_id", nullable = false)
        Role role;
    }

    @Entity(name = "Desk")
    @Table(name = "it_desk")
    static class Desk {
        @Id
        Integer id;
        String name;
    }

    @Entity(name = "DeskBooking")
    @Table(name = "it_desk_booking")
    static class DeskBooking {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "desk_id")
        Desk desk;
    }

    @Entity(name = "Code")
    @Table(name = "it_code")
    static class Code {
        @Id
        String id;
        String name;
    }

    @Entity(name = "CodeUse")
    @Table(name = "it_code_use")
    static class CodeUse {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "code_id")
        Code code;
    }

    @Entity(name = "Device")
    @Table(name = "it_device")
    static class Device {
        @Id
        UUID id;
        String name;
    }

    @Entity(name = "DeviceLog")
    @Table(name = "it_device_log")
    static class DeviceLog {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "device_id")
        Device device;
    }

    @Entity(name = "Ticket")
    @Table(name = "it_ticket")
    static class Ticket {
        @Id
        long id;
    }

    /**
     * Roles 1..4 (grants 10 -> 3, 11 -> 4, 12 -> 2); desks 1, 2 (booking 30 -> 2); codes "3" and "03" (use 40 ->
     * "03"); devices U1, U2 (log 50 -> U2).
     */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Role.class, RoleGrant.class, Desk.class, DeskBooking.class,
                Code.class, CodeUse.class, Device.class, DeviceLog.class, Ticket.class);
        db.execute("insert into it_role (id, name) values (1, 'admin'), (2, 'editor'), (3, 'viewer'), (4, 'guest')",
                "insert into it_role_grant (id, role_id) values (10, 3), (11, 4), (12, 2)",
                "insert into it_desk (id, name) values (1, 'window'), (2, 'door')",
                "insert into it_desk_booking (id, desk_id) values (30, 2)",
                "insert into it_code (id, name) values ('3', 'three'), ('03', 'oh-three')",
                "insert into it_code_use (id, code_id) values (40, '03')",
                "insert into it_device (id, name) values ('" + U1 + "', 'first'), ('" + U2 + "', 'second')",
                "insert into it_device_log (id, device_id) values (50, '" + U2 + "')");
        return factory;
    }

    private static MergePlan.Builder<Role> roles(SessionFactory factory, Object survivor, Object... duplicates) {
        return HibernateMerge.of(factory).plan(Role.class).survivor(survivor).duplicates(duplicates);
    }

    @MatrixTest
    void survivorAsLong_duplicateAsInteger_isOneRole_refusedAtBuild_andNothingIsDeleted(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        // before ids were normalized, this passed build(), the dry run said "delete duplicate Role 1" and
        // execute() deleted the survivor (nothing points at it, so nothing stopped it)
        Throwable thrown = catchThrowable(() -> {
            MergePlan<Role> plan = roles(factory, 1L, 1).build();
            plan.execute(plan.dryRun());
        });

        assertThat(TableDump.of(db)).as("nothing deleted").isEqualTo(before);
        assertThat(thrown).satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE))
                .hasMessageContaining("Role 1 is both the survivor and a duplicate");
    }

    @MatrixTest
    void selfMerge_inAnySpellingOfAnyIdType_isSurvivorIsDuplicate(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        HibernateMerge merge = HibernateMerge.of(factory);

        assertThatThrownBy(() -> roles(factory, 3, "3").build()).satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE));
        assertThatThrownBy(() -> merge.plan(Desk.class).survivor(1L).duplicates(BigInteger.ONE).build())
                .satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE));
        assertThatThrownBy(() -> merge.plan(Device.class).survivor(U1).duplicates(U1.toString()).build())
                .satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE));
        assertThatThrownBy(() -> merge.plan(Ticket.class).survivor(7).duplicates(7L).build())
                .satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE));
        assertThatThrownBy(() -> roles(factory, 1L, 2, 2L).build())
                .satisfies(code(MergeErrorCode.DUPLICATE_LISTED_TWICE));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void idsInOtherSpellings_mergeTheRecordsTheyName(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        HibernateMerge merge = HibernateMerge.of(factory);

        MergePlan<Role> rolePlan = roles(factory, 1, "3", new BigDecimal("4.0")).build();
        rolePlan.execute(rolePlan.dryRun());
        merge.plan(Desk.class).survivor(1L).duplicates(BigInteger.TWO).build().execute();
        merge.plan(Code.class).survivor("3").duplicates("03").build().execute();
        merge.plan(Device.class).survivor(U1.toString()).duplicates(U2.toString().toUpperCase()).build().execute();

        TableDump expected = before.removing("it_role", "id", 3).removing("it_role", "id", 4)
                .replacing("it_role_grant", "role_id", 3, 1).replacing("it_role_grant", "role_id", 4, 1)
                .removing("it_desk", "id", 2).replacing("it_desk_booking", "desk_id", 2, 1)
                .removing("it_code", "id", "03").replacing("it_code_use", "code_id", "03", "3")
                .removing("it_device", "id", U2).replacing("it_device_log", "device_id", U2, U1);
        assertThat(TableDump.of(db)).isEqualTo(expected);
    }

    @MatrixTest
    void valuesThatAreNotIdsOfTheType_areRefusedAtBuild_namingTheIdType(TestDatabase db) {
        SessionFactory factory = seed(db);
        HibernateMerge merge = HibernateMerge.of(factory);

        assertThatThrownBy(() -> roles(factory, 1L, "03").build()).satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("\"03\" (java.lang.String)").hasMessageContaining("Role ids are java.lang.Long");
        assertThatThrownBy(() -> merge.plan(Code.class).survivor("3").duplicates(3).build())
                .satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("Code ids are java.lang.String");
        assertThatThrownBy(() -> merge.plan(Desk.class).survivor(1).duplicates(Long.MAX_VALUE).build())
                .satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("outside the range of Integer");
        assertThatThrownBy(() -> merge.plan(Device.class).survivor(U1).duplicates(2L).build())
                .satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("Device ids are java.util.UUID");
    }

    @MatrixTest
    void entityInstances_andTheirProxies_areRefusedAtBuild(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        try (Session session = factory.openSession()) {
            Role loaded = session.find(Role.class, 3L);
            Role proxy = session.getReference(Role.class, 4L);
            Desk desk = session.find(Desk.class, 1);

            assertThatThrownBy(() -> roles(factory, 1L, loaded).build())
                    .satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("duplicate #1 of the Role merge is an entity")
                    .hasMessageContaining("pass its id, a java.lang.Long");
            assertThatThrownBy(() -> roles(factory, proxy, 1L).build())
                    .satisfies(code(MergeErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("the survivor of the Role merge is an entity");
            assertThatThrownBy(() -> roles(factory, 1L, desk).build())
                    .satisfies(code(MergeErrorCode.WRONG_ENTITY_TYPE))
                    .hasMessageContaining("duplicate #1 of the Role merge is a Desk").hasMessageContaining("not a Role");
        }
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void theGraph_knowsEachEntitysIdType_primitivesAsTheirWrapper(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(seed(db));

        assertThat(graph.entities()).filteredOn(e -> !e.name().endsWith("Grant") && !e.name().endsWith("Booking")
                && !e.name().endsWith("Use") && !e.name().endsWith("Log"))
                .extracting(EntityType::name, EntityType::idJavaType).containsExactly(
                        tuple("Code", "java.lang.String"),
                        tuple("Desk", "java.lang.Integer"),
                        tuple("Device", "java.util.UUID"),
                        tuple("Role", "java.lang.Long"),
                        tuple("Ticket", "java.lang.Long"));
    }

    @MatrixTest
    void batch_oneAndOneL_areOneRecord_chainsResolve_andMergeAsOneGroup(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        Map<Object, Object> duplicateToSurvivor = new LinkedHashMap<>();
        duplicateToSurvivor.put(3, 2L);
        duplicateToSurvivor.put(2L, 1);
        duplicateToSurvivor.put("4", (short) 3);

        BatchMerge<Role> batch = HibernateMerge.of(factory).batch(Role.class).merges(duplicateToSurvivor).build();
        assertThat(batch.groups()).containsExactly(new MergeGroup(1L, List.of(3L, 2L, 4L)));
        batch.dryRun();
        batch.execute();

        TableDump expected = before.removing("it_role", "id", 2).removing("it_role", "id", 3)
                .removing("it_role", "id", 4).replacing("it_role_grant", "role_id", 2, 1)
                .replacing("it_role_grant", "role_id", 3, 1).replacing("it_role_grant", "role_id", 4, 1);
        assertThat(TableDump.of(db)).isEqualTo(expected);
    }

    @MatrixTest
    void batch_refusesAtBuild_whatOnlyTheSpellingHid(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Role.class).group(1L, 2, 2L).build())
                .satisfies(code(MergeErrorCode.DUPLICATE_LISTED_TWICE));
        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Role.class).merge(2, 1L).merge(2L, 3).build())
                .satisfies(code(MergeErrorCode.DUPLICATE_OF_TWO_SURVIVORS));
        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Role.class).merge(1, 2L).merge("2", 1L).build())
                .satisfies(code(MergeErrorCode.MERGE_CYCLE));
        assertThatThrownBy(() -> HibernateMerge.of(factory).batch(Role.class).merge(4, 4L).build())
                .satisfies(code(MergeErrorCode.SURVIVOR_IS_DUPLICATE));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }
}
