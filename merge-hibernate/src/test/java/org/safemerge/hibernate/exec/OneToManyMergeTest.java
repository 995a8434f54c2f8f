package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;

/**
 * One-to-many collections under "take A": the duplicate's rows must leave. Orphan removal and NOT NULL FKs would need
 * a delete, so the plan is blocked unless the caller allows deletes for that association; nullable FKs are nulled.
 */
class OneToManyMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;

    @Entity(name = "Family")
    @Table(name = "fc_family")
    static class Family {
        @Id
        Long id;
        String name;
        @OneToMany(mappedBy = "family", cascade = CascadeType.ALL, orphanRemoval = true)
        Set<Child> children = new HashSet<>();
        @OneToMany(mappedBy = "family")
        Set<Pet> pets = new HashSet<>();
        @OneToMany(mappedBy = "family")
        Set<Chore> chores = new HashSet<>();

        Family() {
        }

        Family(Long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    @Entity(name = "Child")
    @Table(name = "fc_child")
    static class Child {
        @Id
        Long id;
        String name;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "family_id")
        Family family;
    }

    @Entity(name = "Pet")
    @Table(name = "fc_pet")
    static class Pet {
        @Id
        Long id;
        String name;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "family_id")
        Family family;
    }

    @Entity(name = "Chore")
    @Table(name = "fc_chore")
    static class Chore {
        @Id
        Long id;
        String name;
        @ManyToOne(optional = false, fetch = FetchType.LAZY)
        @JoinColumn(name = "family_id", nullable = false)
        Family family;
    }

    /** Families A (1) and B (2); children 11 -> A, 12, 13 -> B; pets 21 -> A, 22, 23 -> B; chores 31 -> A, 32 -> B. */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = seedWithoutChores(db);
        db.execute("insert into fc_chore (id, name, family_id) values (31, 'dishes', 1), (32, 'garden', 2)");
        return factory;
    }

    /**
     * Families A (1) and B (2); children 11 -> A, 12, 13 -> B (orphanRemoval); pets 21 -> A, 22, 23 -> B (nullable
     * FK); no chores. Shared with the tests of concurrent writers and stale plans.
     */
    static SessionFactory seedWithoutChores(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Family.class, Child.class, Pet.class, Chore.class);
        db.execute("insert into fc_family (id, name) values (1, 'Miller'), (2, 'Miller (dup)')",
                "insert into fc_child (id, name, family_id) values (11, 'Ann', 1), (12, 'Ben', 2), (13, 'Cid', 2)",
                "insert into fc_pet (id, name, family_id) values (21, 'Rex', 1), (22, 'Tom', 2), (23, 'Kit', 2)");
        return factory;
    }

    private static MergePlan.Builder<Family> plan(SessionFactory factory, AuditTrail audit) {
        return HibernateMerge.of(factory).plan(Family.class).survivor(A).duplicates(B).audit(audit);
    }

    @MatrixTest
    void takeA_onAnOrphanRemovalCollection_isBlocked_namingTheAssociationRowsAndOptions(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        MergeReport preview = plan(factory, audit).field("children", FieldStrategy.takeA()).build().dryRun();
        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.ORPHAN_REMOVAL);
            assertThat(h.table()).isEqualTo("fc_child");
            assertThat(h.rows()).isEqualTo(2);
            assertThat(h.sampleRowIds()).containsExactly(12L, 13L);
            assertThat(h.options()).anySatisfy(o -> assertThat(o).contains("allowDelete()"));
        });

        assertThatThrownBy(() -> plan(factory, audit).field("children", FieldStrategy.takeA()).build().execute())
                .satisfies(code(MergeErrorCode.PLAN_BLOCKED))
                .hasMessageContaining("must leave Child.family")
                .hasMessageContaining("rows [12, 13]")
                .hasMessageContaining(".association(\"Child.family\", AssociationPolicy.repoint().allowDelete())")
                .hasMessageContaining(".field(\"children\", FieldStrategy.union())");
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("PLAN_BLOCKED");
    }

    @MatrixTest
    void takeA_onAnOrphanRemovalCollection_withDeleteAllowed_deletesExactlyTheDuplicatesChildren_audited(
            TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        plan(factory, audit).field("children", FieldStrategy.takeA())
                .association("children", AssociationPolicy.repoint().allowDelete())
                .build().execute();

        assertThat(db.queryRows("select id, family_id from fc_child order by id"))
                .containsExactly(List.of(11L, 1L));
        assertThat(audit.of(AuditEvent.ReferencingRowsDeleted.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualTo("fc_child");
            assertThat(e.rowIds()).containsExactly(12L, 13L);
            assertThat(e.from()).isEqualTo(B);
        });
        assertThat(db.queryRows("select id, family_id from fc_pet order by id")).as("other associations re-pointed")
                .containsExactly(List.of(21L, 1L), List.of(22L, 1L), List.of(23L, 1L));
        assertThat(db.queryRows("select id from fc_family")).containsExactly(List.of(1L));
    }

    @MatrixTest
    void deletesAllowedChildren_evenWhenTheCallersSessionHoldsThemInACascadingCollection(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        factory.inTransaction(s -> {
            Family duplicate = s.find(Family.class, B);
            assertThat(duplicate.children).hasSize(2); // loaded: cascade=ALL would bring removed children back
            Family survivor = s.find(Family.class, A);
            assertThat(survivor.children).hasSize(1);
            HibernateMerge.of(s).plan(Family.class).survivor(A).duplicates(B).audit(audit)
                    .field("children", FieldStrategy.takeA())
                    .association("children", AssociationPolicy.repoint().allowDelete())
                    .build().execute();
            assertThat(s.contains(duplicate)).as("the duplicate left the session").isFalse();
            assertThat(survivor.children).extracting(c -> c.id).containsExactly(11L);
        });

        assertThat(db.queryRows("select id, family_id from fc_child order by id")).containsExactly(List.of(11L, 1L));
        assertThat(audit.rowIds(AuditEvent.ReferencingRowsDeleted.class)).containsExactly(12L, 13L);
    }

    @MatrixTest
    void takeA_onANullableOneToMany_unassignsTheDuplicatesRows_whichRemain(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        plan(factory, audit).field("pets", FieldStrategy.takeA()).build().execute();

        assertThat(db.queryRows("select id, name, family_id from fc_pet order by id")).containsExactly(
                List.of(21L, "Rex", 1L), java.util.Arrays.asList(22L, "Tom", null),
                java.util.Arrays.asList(23L, "Kit", null));
        assertThat(audit.of(AuditEvent.ReferencesUnassigned.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualTo("fc_pet");
            assertThat(e.columns()).containsExactly("family_id");
            assertThat(e.rowIds()).containsExactly(22L, 23L);
            assertThat(e.from()).isEqualTo(B);
        });
        assertThat(audit.of(AuditEvent.ReferencingRowsDeleted.class)).isEmpty();
    }

    @MatrixTest
    void takeA_onANotNullOneToMany_isBlocked_unlessDeleteIsAllowed(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> plan(factory, audit).field("chores", FieldStrategy.takeA()).build().execute())
                .satisfies(code(MergeErrorCode.PLAN_BLOCKED))
                .hasMessageContaining("NOT_NULL_CANNOT_UNASSIGN")
                .hasMessageContaining("fc_chore")
                .hasMessageContaining("[32]");
        assertThat(TableDump.of(db)).isEqualTo(before);

        plan(factory, audit).field("chores", FieldStrategy.takeA())
                .association("chores", AssociationPolicy.repoint().allowDelete()).build().execute();

        assertThat(db.queryRows("select id, family_id from fc_chore order by id")).containsExactly(List.of(31L, 1L));
        assertThat(audit.of(AuditEvent.ReferencingRowsDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(32L));
    }
}
