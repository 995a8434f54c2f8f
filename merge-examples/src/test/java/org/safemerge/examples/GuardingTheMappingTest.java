package org.safemerge.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.FieldStrategy;
import org.safemerge.assertj.MergeReportAssert;
import org.safemerge.examples.domain.Event;
import org.safemerge.examples.domain.SeedData;
import org.safemerge.examples.domain.Tag;
import org.safemerge.examples.domain.Task;
import org.safemerge.graph.IntegrityFinding;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.IntegrityScan;
import org.safemerge.hibernate.guard.DeleteGuard;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;

/**
 * The example domain guards its own mapping (README "Guarding your mapping in tests"): a hand-written merge runs
 * inside a DeleteGuard, SafeMerge's plan is checked with MergeReportAssert, and the integrity scan finds what a
 * replication load with dropped constraints left behind.
 */
class GuardingTheMappingTest {

    private static SessionFactory seeded(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(ExampleDatabase.ENTITIES.toArray(Class<?>[]::new));
        factory.inTransaction(SeedData::seed);
        return factory;
    }

    /**
     * The merge of the post-mortem, written by hand with JPA: "tags from B" done by deleting A's Tag entities (and
     * every link to them, as {@code tags.all().delete()} does) instead of A's links.
     */
    private static void wrongTagsFromB(Session s) {
        Event a = s.find(Event.class, SeedData.EVENT_SURVIVOR);
        Event b = s.find(Event.class, SeedData.EVENT_DUPLICATE);
        for (Tag tag : new ArrayList<>(a.tags)) {
            for (Event linked : s.createSelectionQuery("select e from Event e join e.tags t where t = :tag",
                    Event.class).setParameter("tag", tag).getResultList()) {
                linked.tags.remove(tag);
            }
            s.remove(tag);
        }
        a.tags.addAll(b.tags);
    }

    @MatrixTest
    void handWrittenTagsFromB_deletingTags_isFailedByTheGuard(TestDatabase db) {
        SessionFactory factory = seeded(db);

        assertThatThrownBy(() -> DeleteGuard.of(factory).run(() -> factory.inTransaction(
                GuardingTheMappingTest::wrongTagsFromB)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Tag#1 deleted (ws_tag id = 1)")
                .hasMessageContaining("Tag#2 deleted (ws_tag id = 2)");
    }

    @MatrixTest
    void safeMergeTagsFromB_changesLinksOnly_andPassesTheGuard(TestDatabase db) {
        SessionFactory factory = seeded(db);
        HibernateMerge merge = HibernateMerge.of(factory);
        var plan = merge.plan(Event.class).survivor(SeedData.EVENT_SURVIVOR).duplicates(SeedData.EVENT_DUPLICATE)
                .field("tags", FieldStrategy.takeB()).build();

        MergeReport preview = plan.dryRun();
        MergeReportAssert.assertThat(preview, merge.graph()).repoints(Task.class, "event").repoints("tasks", 3)
                .movesLinks("tags").removesLinks("tags").deletesOnlyDuplicates().isNotBlocked();
        DeleteGuard.of(factory).allowDeleting(Event.class, SeedData.EVENT_DUPLICATE).run(plan::execute);

        assertThat(db.queryLong("select count(*) from ws_tag")).isEqualTo(5);
    }

    @MatrixTest
    void scan_afterConstraintsDroppedAndPartnersDeletedBehindThem_findsEveryOrphan(TestDatabase db) {
        SessionFactory factory = seeded(db);
        assertThat(IntegrityScan.of(factory).run().clean()).as("the seed is consistent").isTrue();
        assertThat(ForeignKeys.dropAllPointingAt(db, "pr_partner")).isNotEmpty();
        db.execute("delete from pr_partner where id in (21148, 21150)");

        IntegrityReport report = IntegrityScan.of(factory).run();

        Map<String, Long> expected = new LinkedHashMap<>();
        for (String table : List.of("pr_note", "pr_word", "pr_guest", "pr_event", "pr_coaching", "pr_contact",
                "pr_granting", "pr_income_confirmation", "pr_profile")) {
            long orphans = db.queryLong("select count(*) from " + table + " r left join pr_partner p on p.id = "
                    + "r.partner_id where r.partner_id is not null and p.id is null");
            if (orphans > 0) {
                expected.put(table + "(partner_id)", orphans);
            }
        }
        long children = db.queryLong("select count(*) from pr_partner r left join pr_partner p on p.id = "
                + "r.parent_id where r.parent_id is not null and p.id is null");
        if (children > 0) {
            expected.put("pr_partner(parent_id)", children);
        }
        Map<String, Long> found = new LinkedHashMap<>();
        for (IntegrityFinding f : report.dangling()) {
            found.put(f.reference().toLowerCase(Locale.ROOT), f.danglingRows());
            assertThat(f.samples()).allSatisfy(row -> assertThat(row.value()).singleElement().asString()
                    .isIn("21148", "21150"));
        }
        assertThat(expected).isNotEmpty();
        assertThat(found).isEqualTo(expected);
        assertThat(report.toText()).contains("Note.partner", "-> 21148");
    }
}
