package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.MergeErrorCode;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.spi.AuditEvent;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;

/** References between the merged records and within their table: none becomes a self-loop silently. */
class SelfReferenceMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;
    private static final long C = 3L;

    @Entity(name = "Member")
    @Table(name = "sr_member")
    static class Member {
        @Id
        Long id;
        String name;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "parent_id")
        Member parent;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "mentor_id")
        Member mentor;
    }

    /** Members A (1), B (2), C (3) and D (4), no references yet; {@code links} set them. */
    private static SessionFactory seed(TestDatabase db, String... links) {
        SessionFactory factory = db.sessionFactory(Member.class);
        db.execute("insert into sr_member (id, name) values (1, 'A'), (2, 'B'), (3, 'C'), (4, 'D')");
        db.execute(links);
        return factory;
    }

    private static List<List<Object>> members(TestDatabase db) {
        return db.queryRows("select id, parent_id, mentor_id from sr_member order by id");
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @MatrixTest
    void duplicatesParentIsTheSurvivor_theLinkGoesWithTheDuplicate_noLoop(TestDatabase db) {
        SessionFactory factory = seed(db, "update sr_member set parent_id = 1 where id = 2");
        AuditTrail audit = new AuditTrail();

        MergeReport report = HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B).audit(audit)
                .build().execute();

        assertThat(members(db)).containsExactly(row(1L, null, null), row(3L, null, null), row(4L, null, null));
        assertThat(report.hazards()).noneMatch(h -> h.kind() == HazardKind.SELF_REFERENCE);
        assertThat(audit.of(AuditEvent.AttributeSet.class)).isEmpty();
    }

    @MatrixTest
    void survivorsParentIsTheDuplicate_isBlockedByDefault_andChangesNothing(TestDatabase db) {
        SessionFactory factory = seed(db, "update sr_member set parent_id = 2 where id = 1");
        TableDump before = TableDump.of(db);

        MergeReport preview = HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B)
                .build().dryRun();
        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.SELF_REFERENCE);
            assertThat(h.subject()).isEqualTo("parent");
            assertThat(h.options()).anySatisfy(o -> assertThat(o).contains("SelfReferencePolicy.UNASSIGN"))
                    .anySatisfy(o -> assertThat(o).contains("SelfReferencePolicy.ALLOW_LOOP"));
        });
        assertThatThrownBy(() -> HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B)
                .build().execute())
                .satisfies(code(MergeErrorCode.PLAN_BLOCKED))
                .hasMessageContaining("SELF_REFERENCE");
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void survivorsParentIsTheDuplicate_unassign_setsItToNull_audited(TestDatabase db) {
        SessionFactory factory = seed(db, "update sr_member set parent_id = 2 where id = 1");
        AuditTrail audit = new AuditTrail();

        // takeB on name: B is first met as A's lazy parent (a proxy); its real values must be read
        HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B).audit(audit)
                .field("name", FieldStrategy.takeB())
                .selfReferences(SelfReferencePolicy.UNASSIGN).build().execute();

        assertThat(members(db)).containsExactly(row(1L, null, null), row(3L, null, null), row(4L, null, null));
        assertThat(db.queryRows("select name from sr_member where id = 1")).containsExactly(List.of("B"));
        assertThat(audit.of(AuditEvent.AttributeSet.class)).satisfiesExactly(parent -> {
            assertThat(parent.attribute()).isEqualTo("parent");
            assertThat(parent.before()).isEqualTo(B);
            assertThat(parent.after()).isNull();
        }, name -> {
            assertThat(name.attribute()).isEqualTo("name");
            assertThat(name.before()).isEqualTo("A");
            assertThat(name.after()).isEqualTo("B");
        });
    }

    @MatrixTest
    void survivorsParentIsTheDuplicate_allowLoop_pointsTheSurvivorAtItself_audited(TestDatabase db) {
        SessionFactory factory = seed(db, "update sr_member set parent_id = 2 where id = 1");
        AuditTrail audit = new AuditTrail();

        HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B).audit(audit)
                .selfReferences(SelfReferencePolicy.ALLOW_LOOP).build().execute();

        assertThat(members(db)).containsExactly(row(1L, 1L, null), row(3L, null, null), row(4L, null, null));
        assertThat(audit.of(AuditEvent.AttributeSet.class)).singleElement().satisfies(e -> {
            assertThat(e.attribute()).isEqualTo("parent");
            assertThat(e.before()).isEqualTo(B);
            assertThat(e.after()).isEqualTo(A);
        });
    }

    @MatrixTest
    void anotherMembersMentorIsTheDuplicate_isRepointedToTheSurvivor(TestDatabase db) {
        SessionFactory factory = seed(db, "update sr_member set mentor_id = 2 where id in (3, 4)",
                "update sr_member set mentor_id = 1 where id = 2");
        AuditTrail audit = new AuditTrail();

        HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B).audit(audit).build().execute();

        assertThat(members(db)).containsExactly(row(1L, null, null), row(3L, null, 1L), row(4L, null, 1L));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement().satisfies(e -> {
            assertThat(e.table()).isEqualTo("sr_member");
            assertThat(e.columns()).containsExactly("mentor_id");
            assertThat(e.rowIds()).containsExactly(3L, 4L);
        });
    }

    @MatrixTest
    void chainOfThree_mergingTheMiddleIntoTheTop_letsTheBottomPointAtTheTop(TestDatabase db) {
        SessionFactory factory = seed(db, "update sr_member set parent_id = 1 where id = 2",
                "update sr_member set parent_id = 2 where id = 3");
        AuditTrail audit = new AuditTrail();

        HibernateMerge.of(factory).plan(Member.class).survivor(A).duplicates(B).audit(audit).build().execute();

        assertThat(members(db)).containsExactly(row(1L, null, null), row(3L, 1L, null), row(4L, null, null));
        assertThat(audit.of(AuditEvent.ReferencesRepointed.class)).singleElement().satisfies(e -> {
            assertThat(e.columns()).containsExactly("parent_id");
            assertThat(e.rowIds()).containsExactly(C);
        });
    }
}
