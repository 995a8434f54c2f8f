package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;

/**
 * Unique conflicts: A and B both have a profile (one-to-one, unique FK), and both are linked to the same skill
 * (a set-semantics join table). Every policy, with the rows and audit events it produces.
 */
class ConflictMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;

    @Entity(name = "Person")
    @Table(name = "oo_person")
    static class Person {
        @Id
        Long id;
        String name;
        @OneToOne(mappedBy = "person", fetch = FetchType.LAZY)
        Profile profile;
        @ManyToMany
        @JoinTable(name = "oo_person_skill", joinColumns = @JoinColumn(name = "person_id"),
                inverseJoinColumns = @JoinColumn(name = "skill_id"))
        Set<Skill> skills = new HashSet<>();
    }

    @Entity(name = "Profile")
    @Table(name = "oo_profile")
    static class Profile {
        @Id
        Long id;
        String bio;
        @OneToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "person_id", unique = true)
        Person person;
    }

    @Entity(name = "Skill")
    @Table(name = "oo_skill")
    static class Skill {
        @Id
        Long id;
        String name;
    }

    /** Persons A (1), B (2); profiles 11 -> A, 12 -> B; skills: A has java (21); B has java and sql (22). */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Person.class, Profile.class, Skill.class);
        db.execute("insert into oo_person (id, name) values (1, 'Ada'), (2, 'Ada L.')",
                "insert into oo_profile (id, bio, person_id) values (11, 'bio of A', 1), (12, 'bio of B', 2)",
                "insert into oo_skill (id, name) values (21, 'java'), (22, 'sql')",
                "insert into oo_person_skill (person_id, skill_id) values (1, 21), (2, 21), (2, 22)");
        return factory;
    }

    private static MergePlan.Builder<Person> plan(SessionFactory factory, AuditTrail audit) {
        return HibernateMerge.of(factory).plan(Person.class).survivor(A).duplicates(B).audit(audit);
    }

    private static AssociationPolicy profiles(ConflictPolicy policy) {
        return AssociationPolicy.repoint().onConflict(policy);
    }

    private static List<List<Object>> profileRows(TestDatabase db) {
        return db.queryRows("select id, bio, person_id from oo_profile order by id");
    }

    @MatrixTest
    void bothHaveAProfile_withoutAPolicy_isBlocked_andChangesNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        MergeReport preview = plan(factory, audit).build().dryRun();
        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
            assertThat(h.table()).isEqualTo("oo_profile");
            assertThat(h.sampleRowIds()).containsExactly(12L);
            assertThat(h.options()).anySatisfy(o -> assertThat(o).contains("ConflictPolicy.KEEP_A"))
                    .anySatisfy(o -> assertThat(o).contains("ConflictPolicy.KEEP_B"));
        });
        // a standing hazard is PLAN_BLOCKED; UNIQUE_CONFLICT is reserved for the caller's onConflict(FAIL)
        assertThatThrownBy(() -> plan(factory, audit).build().execute())
                .isInstanceOfSatisfying(MergeException.class, e -> assertThat(e.code())
                        .isEqualTo(MergeErrorCode.PLAN_BLOCKED))
                .hasMessageContaining("survivor 1 already has row 11 in oo_profile")
                .hasMessageContaining("ConflictPolicy.KEEP_B");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void keepA_leavesTheSurvivorsProfile_andUnassignsTheDuplicates(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        plan(factory, audit).association("profile", profiles(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(profileRows(db)).containsExactly(List.of(11L, "bio of A", 1L), Arrays.asList(12L, "bio of B", null));
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).singleElement().satisfies(e -> {
            assertThat(e.policy()).isEqualTo("KEEP_A");
            assertThat(e.survivorRowId()).isEqualTo(11L);
            assertThat(e.duplicateRowId()).isEqualTo(12L);
        });
        assertThat(audit.rowIds(AuditEvent.ReferencesUnassigned.class)).containsExactly(12L);
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).isEmpty();
    }

    @MatrixTest
    void keepB_movesTheDuplicatesProfile_andUnassignsTheSurvivorsFirst(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        plan(factory, audit).association("profile", profiles(ConflictPolicy.KEEP_B)).build().execute();

        assertThat(profileRows(db)).containsExactly(Arrays.asList(11L, "bio of A", null), List.of(12L, "bio of B", 1L));
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).singleElement()
                .satisfies(e -> assertThat(e.policy()).isEqualTo("KEEP_B"));
        assertThat(audit.of(AuditEvent.ReferencesUnassigned.class)).singleElement().satisfies(e -> {
            assertThat(e.rowIds()).containsExactly(11L);
            assertThat(e.from()).isEqualTo(A);
        });
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement()
                .satisfies(e -> assertThat(e.rowIds()).containsExactly(12L));
    }

    @MatrixTest
    void skipDuplicate_onAUniqueFk_keepsTheSurvivorsProfile(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        plan(factory, audit).association("profile", profiles(ConflictPolicy.SKIP_DUPLICATE)).build().execute();

        assertThat(profileRows(db)).containsExactly(List.of(11L, "bio of A", 1L), Arrays.asList(12L, "bio of B", null));
        assertThat(audit.of(AuditEvent.ConflictResolved.class)).singleElement()
                .satisfies(e -> assertThat(e.policy()).isEqualTo("SKIP_DUPLICATE"));
        assertThat(audit.rowIds(AuditEvent.ReferencesUnassigned.class)).containsExactly(12L);
    }

    @MatrixTest
    void fail_refusesWithUniqueConflict_andChangesNothing(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        AuditTrail audit = new AuditTrail();

        assertThatThrownBy(() -> plan(factory, audit).association("profile", profiles(ConflictPolicy.FAIL))
                .build().execute())
                .satisfies(code(MergeErrorCode.UNIQUE_CONFLICT))
                .hasMessageContaining("onConflict(FAIL) is set");
        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("UNIQUE_CONFLICT");
    }

    @MatrixTest
    void bothLinkedToTheSameSkill_theDuplicateLinkIsSkipped_andAudited(TestDatabase db) {
        SessionFactory factory = seed(db);
        AuditTrail audit = new AuditTrail();

        plan(factory, audit).association("profile", profiles(ConflictPolicy.KEEP_A)).build().execute();

        assertThat(db.queryRows("select person_id, skill_id from oo_person_skill order by person_id, skill_id"))
                .containsExactly(List.of(1L, 21L), List.of(1L, 22L));
        assertThat(db.queryLong("select count(*) from oo_skill")).isEqualTo(2);
        assertThat(audit.of(AuditEvent.LinksSkipped.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualTo("oo_person_skill");
            assertThat(e.rowIds()).containsExactly(21L);
            assertThat(e.from()).isEqualTo(B);
            assertThat(e.to()).isEqualTo(A);
        });
        assertThat(audit.rowIds(AuditEvent.LinksAdded.class)).containsExactly(22L);
    }

    @MatrixTest
    void bothLinkedToTheSameSkill_withFail_refusesWithUniqueConflict(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> plan(factory, new AuditTrail())
                .association("profile", profiles(ConflictPolicy.KEEP_A))
                .association("skills", AssociationPolicy.repoint().onConflict(ConflictPolicy.FAIL))
                .build().execute())
                .satisfies(code(MergeErrorCode.UNIQUE_CONFLICT))
                .hasMessageContaining("oo_person_skill");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }
}
