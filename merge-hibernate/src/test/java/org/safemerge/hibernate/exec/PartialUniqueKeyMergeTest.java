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
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.report.ResolveConflict;

/**
 * A partial unique index (PostgreSQL): consents unique per person and term while not archived,
 * {@code unique (person_id, term) where archived_at is null}. The predicate is reported and honoured: archived rows
 * never conflict; keeping both rows archives the duplicate's.
 */
class PartialUniqueKeyMergeTest {
    private static final long A = 1L;
    private static final long B = 2L;
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 5, 1, 12, 0);

    @Entity(name = "PkPerson")
    @Table(name = "pk_person")
    static class Person {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "PkConsent")
    @Table(name = "pk_consent")
    static class Consent {
        @Id
        Long id;
        String term;
        @jakarta.persistence.Column(name = "archived_at")
        LocalDateTime archivedAt;
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "person_id", nullable = false)
        Person person;
    }

    /**
     * Persons A (1), B (2). Consents: A 10 (mail), 11 (phone, archived); B 20 (mail), 21 (phone), 22 (mail,
     * archived).
     */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Person.class, Consent.class);
        db.execute("create unique index pk_consent_active on pk_consent (person_id, term) where archived_at is null",
                "insert into pk_person (id, name) values (1, 'Ada'), (2, 'Ada L.')",
                "insert into pk_consent (id, person_id, term, archived_at) values (10, 1, 'mail', null), "
                        + "(11, 1, 'phone', '2020-01-01 00:00:00'), (20, 2, 'mail', null), (21, 2, 'phone', null), "
                        + "(22, 2, 'mail', '2021-01-01 00:00:00')");
        return factory;
    }

    private static MergePlan.Builder<Person> merge(SessionFactory factory) {
        return HibernateMerge.of(factory).plan(Person.class).survivor(A).duplicates(B);
    }

    @MatrixTest(only = Database.POSTGRESQL)
    void thePartialIndex_isReportedWithItsPredicate(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(seed(db));

        assertThat(graph.uniqueKeys("pk_consent")).filteredOn(k -> k.partial()).singleElement().satisfies(k -> {
            assertThat(k.name()).isEqualTo("pk_consent_active");
            assertThat(k.columns()).containsExactly("person_id", "term");
            assertThat(k.predicate()).containsIgnoringCase("archived_at IS NULL");
        });
        assertThat(graph.describe("PkPerson")).contains("where (archived_at IS NULL)");
    }

    @MatrixTest(only = Database.POSTGRESQL)
    void onlyRowsInsideThePredicateConflict_andWithoutAPolicyNothingChanges(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory).build().dryRun();

        // 20 (mail) meets A's active 10; 21 (phone) meets only A's archived 11; 22 is archived itself
        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNIQUE_CONFLICT);
            assertThat(h.sampleRowIds()).containsExactly(20L);
            assertThat(h.message()).contains("where (archived_at IS NULL)")
                    .contains("row 20 of duplicate 2 and row 10 of survivor 1 share term=mail");
        });
        assertThatThrownBy(() -> merge(factory).build().execute()).satisfies(code(MergeErrorCode.PLAN_BLOCKED));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest(only = Database.POSTGRESQL)
    void keepBoth_archivesTheDuplicatesRow_exactlyAsTheDryRunSaid(TestDatabase db) {
        SessionFactory factory = seed(db);
        TableDump before = TableDump.of(db);
        MergePlan<Person> plan = merge(factory).association("PkConsent.person", AssociationPolicy.repoint()
                .onConflict(ConflictPolicy.keepBoth().set("archived_at", NOW))).build();

        MergeReport preview = plan.dryRun();
        MergeReport done = plan.execute(preview);

        assertThat(done.steps()).isEqualTo(preview.steps());
        assertThat(preview.stepsOf(ResolveConflict.class)).singleElement()
                .satisfies(c -> assertThat(c.duplicateRowId()).isEqualTo(20L));
        assertThat(db.queryRows("select id, person_id, term, archived_at is null from pk_consent order by id"))
                .containsExactly(List.of(10L, 1L, "mail", true), List.of(11L, 1L, "phone", false),
                        List.of(20L, 1L, "mail", false), List.of(21L, 1L, "phone", true),
                        List.of(22L, 1L, "mail", false));
        assertThat(db.queryRows("select archived_at from pk_consent where id = 20"))
                .containsExactly(Arrays.asList(java.sql.Timestamp.valueOf(NOW)));
        assertThat(TableDump.of(db).without("pk_consent"))
                .isEqualTo(before.removing("pk_person", "id", B).without("pk_consent"));
    }

    @MatrixTest(only = Database.POSTGRESQL)
    void keepBoth_thatChangesAColumnThePredicateDoesNotUse_isRefusedAtBuild(TestDatabase db) {
        SessionFactory factory = seed(db);

        assertThatThrownBy(() -> merge(factory).association("PkConsent.person", AssociationPolicy.repoint()
                .onConflict(ConflictPolicy.keepBoth().set("id", 99L))).build())
                .satisfies(code(MergeErrorCode.POLICY_NOT_APPLICABLE))
                .hasMessageContaining("or a column its condition uses");
    }
}
