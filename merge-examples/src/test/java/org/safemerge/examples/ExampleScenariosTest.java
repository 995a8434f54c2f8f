package org.safemerge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.examples.domain.SeedData;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/** The README's main job, run on every database of the matrix, with its outcomes checked independently. */
class ExampleScenariosTest {

    @MatrixTest
    void exampleJob_mergesEventsAndPartners_andLosesNothing(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(ExampleDatabase.ENTITIES.toArray(Class<?>[]::new));
        factory.inTransaction(SeedData::seed);
        long tags = db.queryLong("select count(*) from ws_tag");
        long partnerRecords = partnerRecordCount(db);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int failures = new ExampleApp(factory, new PrintStream(output, true, StandardCharsets.UTF_8)).run();

        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(failures).as(text).isZero();
        assertThat(text).contains("Dry run of merge", "Audit trail of merge", "All checks passed");
        assertThat(db.queryLong("select count(*) from ws_tag")).as("no tag deleted").isEqualTo(tags);
        assertThat(db.queryRows("select tag_id from ws_event_tag where event_id = 10 order by tag_id"))
                .as("the survivor has exactly the duplicate's former tags")
                .containsExactly(List.of(1L), List.of(3L), List.of(4L));
        assertThat(db.queryLong("select count(*) from ws_event where id = 11")).isZero();
        assertThat(partnerRecordCount(db)).as("no partner record lost").isEqualTo(partnerRecords);
        for (Long duplicate : SeedData.PARTNER_DUPLICATES.keySet()) {
            assertThat(db.queryLong("select count(*) from pr_partner where id = " + duplicate)).isZero();
        }
        assertThat(db.queryLong("select count(*) from pr_note n left join pr_partner p on p.id = n.partner_id "
                + "where p.id is null")).as("no dangling note").isZero();
    }

    private static long partnerRecordCount(TestDatabase db) {
        long total = 0;
        for (String table : List.of("pr_note", "pr_word", "pr_guest", "pr_event", "pr_coaching", "pr_contact",
                "pr_granting", "pr_income_confirmation", "pr_profile")) {
            total += db.queryLong("select count(*) from " + table);
        }
        return total;
    }
}
