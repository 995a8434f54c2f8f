package org.safemerge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.Sensitive;
import org.safemerge.report.MergeReport;
import org.safemerge.testing.CapturingLogger;
import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.RecordingAuditListener;
import org.safemerge.testing.TestGraph;
import org.slf4j.event.Level;

/** The SLF4J audit listener writes one INFO line per event, every field a key-value pair, sensitive redacted. */
class Slf4jAuditListenerTest {

    private static InMemoryExecutor accounts() {
        TestGraph g = new TestGraph();
        g.entity("Account", "account").basic("name").basic("iban").sensitive("iban");
        g.entity("Payment", "payment");
        g.toOne("Payment", "account", "Account", "account_id").notNull();
        InMemoryExecutor executor = InMemoryExecutor.of(g.build());
        executor.db().insert("account", "id", 1, "name", "Ann", "iban", "CH93-0000-1111")
                .insert("account", "id", 2, "name", "Ann B.", "iban", "CH93-0000-2222")
                .insert("payment", "id", 7, "account_id", 2).insert("payment", "id", 8, "account_id", 2);
        return executor;
    }

    private static MergePlan.Builder<Object> merge() {
        return MergePlan.builder(accounts(), "Account").survivor(1L).duplicates(2L);
    }

    @Test
    void writesOneStructuredLinePerEvent() {
        CapturingLogger logger = new CapturingLogger(Slf4jAuditListener.LOGGER_NAME);
        RecordingAuditListener recorder = new RecordingAuditListener();

        MergeReport report = merge().field("iban", FieldStrategy.takeB())
                .audit(new Slf4jAuditListener(logger), recorder).build().execute();

        List<CapturingLogger.Line> lines = logger.lines();
        String prefix = "merge " + report.mergeId() + " ";
        // the message says what happened, readable in layouts that drop key-value pairs
        assertThat(lines).extracting(CapturingLogger.Line::message).containsExactly(
                prefix + "started merging Account [2] into 1",
                prefix + "re-pointed 2 rows of payment(account_id) from 2 to 1 [7, 8]",
                prefix + "deleted duplicate Account 2",
                prefix + "set Account 1 iban = *** (was ***, takeB)",
                prefix + "committed, 4 rows changed");
        assertThat(lines).hasSameSizeAs(recorder.events());
        assertThat(lines).extracting(CapturingLogger.Line::level).containsOnly(Level.INFO);
        assertThat(lines.get(1).keyValues()).containsExactly(
                Map.entry("event", "ReferencesRepointed"),
                Map.entry("mergeId", report.mergeId()),
                Map.entry("at", recorder.events().get(1).at()),
                Map.entry("reference", "payment(account_id)"),
                Map.entry("table", "payment"),
                Map.entry("columns", List.of("account_id")),
                Map.entry("rowIds", List.of(7L, 8L)),
                Map.entry("from", 2L),
                Map.entry("to", 1L));
        assertThat(lines.get(3).keyValues()).containsEntry("attribute", "iban")
                .containsEntry("before", Sensitive.REDACTED).containsEntry("after", Sensitive.REDACTED);
        assertThat(lines.get(2).keyValues().get("lastState").toString()).contains("iban=***");
        assertThat(lines.get(4).keyValues()).containsEntry("rowsChanged", 4L);
        assertThat(lines.toString()).doesNotContain("CH93");
    }

    @Test
    void longRowIdLists_areCappedInTheMessage_butCompleteInTheKeyValues() {
        CapturingLogger logger = new CapturingLogger(Slf4jAuditListener.LOGGER_NAME);
        InMemoryExecutor executor = accounts();
        for (int i = 0; i < 13; i++) {
            executor.db().insert("payment", "id", 100 + i, "account_id", 2);
        }

        MergeReport report = MergePlan.builder(executor, "Account").survivor(1L).duplicates(2L)
                .audit(new Slf4jAuditListener(logger)).build().execute();

        CapturingLogger.Line repointed = logger.lines().get(1);
        assertThat(repointed.message()).isEqualTo("merge " + report.mergeId() + " re-pointed 15 rows of "
                + "payment(account_id) from 2 to 1 [7, 8, 100, 101, 102, 103, 104, 105, 106, 107, ... (5 more)]");
        assertThat((List<?>) repointed.keyValues().get("rowIds")).hasSize(15);
    }

    @Test
    void writesNothingWhenInfoIsOff() {
        CapturingLogger logger = new CapturingLogger(Slf4jAuditListener.LOGGER_NAME).threshold(Level.WARN);

        merge().audit(new Slf4jAuditListener(logger)).build().execute();

        assertThat(logger.lines()).isEmpty();
    }

    @Test
    void defaultConstructor_logsToTheAuditLogger() {
        assertThat(Slf4jAuditListener.LOGGER_NAME).isEqualTo("org.safemerge.audit");
        // must work against whatever backend is bound (slf4j-simple here)
        merge().audit(new Slf4jAuditListener()).build().execute();
    }
}
