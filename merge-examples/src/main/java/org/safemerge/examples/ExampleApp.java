package org.safemerge.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.ConflictPolicy;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.examples.domain.Event;
import org.safemerge.examples.domain.Partner;
import org.safemerge.examples.domain.SeedData;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.UndoPlan;
import org.safemerge.hibernate.UndoReport;
import org.safemerge.hibernate.journal.MergeHistory;
import org.safemerge.report.MergeReport;

/**
 * The README's main job: on embedded H2, seeds the example data, shows the dry run of merging two duplicate events
 * with "tags from B" and of merging six re-created partners into their restored originals, executes them, and
 * prints the audit trail and a verification that nothing was lost; every merge is journalled, and the last section
 * shows where a duplicate went, its merge's journal trail, and the undo of that merge (dry run, then for real).
 */
public final class ExampleApp {
    private static final String PARTNER_TABLES = "pr_note pr_word pr_guest pr_event pr_coaching pr_contact "
            + "pr_granting pr_income_confirmation pr_profile";
    /** The duplicate whose merge section 5 looks up in the journal and undoes. */
    private static final long UNDONE_PARTNER = 30001L;

    private final SessionFactory factory;
    private final PrintStream out;
    private final AuditTrail audit = new AuditTrail();
    private final Verification verify;
    private int failures;

    ExampleApp(SessionFactory factory, PrintStream out) {
        this.factory = factory;
        this.out = out;
        this.verify = new Verification(factory);
    }

    public static void main(String[] args) {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        String url = args.length > 0 ? args[0] : "jdbc:h2:mem:safemerge-example;DB_CLOSE_DELAY=-1";
        String user = args.length > 1 ? args[1] : "sa";
        String password = args.length > 2 ? args[2] : "";
        int failed;
        try (SessionFactory factory = ExampleDatabase.open(url, user, password, ExampleDatabase.Schema.CREATE)) {
            factory.inTransaction(SeedData::seed);
            failed = new ExampleApp(factory, System.out).run();
        }
        if (failed > 0) {
            System.exit(1);
        }
    }

    /** Runs both scenarios; returns the number of failed verifications (0 when all is well). */
    int run() {
        out.println("SafeMerge example: merging duplicates without losing data");
        out.println("=========================================================");
        Map<String, Long> before = verify.tableCounts();

        heading("1. Who points at an Event?");
        out.print(HibernateMerge.of(factory).describe(Event.class));

        mergeEvents();
        Map<String, Long> rowsOfUndone = partnerRows(UNDONE_PARTNER);
        mergePartners();

        heading("4. Row counts per table, before -> after");
        Map<String, Long> after = verify.tableCounts();
        before.forEach((table, count) -> out.printf("  %-24s %4d -> %4d%s%n", table, count, after.get(table),
                count.equals(after.get(table)) ? "" : "   (" + signed(after.get(table) - count) + ")"));
        postMortem(rowsOfUndone);

        out.println();
        out.println(failures == 0 ? "All checks passed: nothing was lost."
                : failures + " check(s) FAILED: see above.");
        return failures;
    }

    private void mergeEvents() {
        heading("2. Merge event " + SeedData.EVENT_DUPLICATE + " into " + SeedData.EVENT_SURVIVOR
                + " with the tags from the duplicate");
        List<String> tagsBefore = verify.column("select name from ws_tag order by id");
        List<String> duplicateTags = verify.column("select t.name from ws_event_tag et join ws_tag t on t.id = "
                + "et.tag_id where et.event_id = " + SeedData.EVENT_DUPLICATE + " order by t.name");
        MergeReport done = factory.fromTransaction(session -> {
            MergePlan<Event> plan = HibernateMerge.of(session).withJournal(ExampleJournal.journal()).plan(Event.class)
                    .survivor(SeedData.EVENT_SURVIVOR)
                    .duplicates(SeedData.EVENT_DUPLICATE)
                    .field("tags", FieldStrategy.takeB())
                    .field("description", FieldStrategy.firstNonNull())
                    .field("updatedAt", FieldStrategy.newestBy("updatedAt"))
                    .audit(audit)
                    .build();
            out.println();
            out.print(plan.dryRun().toText());
            return plan.execute();
        });
        printAudit(done);

        subheading("Verification");
        check("every Tag row still exists " + tagsBefore,
                verify.column("select name from ws_tag order by id").equals(tagsBefore));
        check("the survivor's tags are the duplicate's " + duplicateTags, verify.column("select t.name from "
                + "ws_event_tag et join ws_tag t on t.id = et.tag_id where et.event_id = " + SeedData.EVENT_SURVIVOR
                + " order by t.name").equals(duplicateTags));
        check("the duplicate event is gone", verify.count("select count(*) from ws_event where id = "
                + SeedData.EVENT_DUPLICATE) == 0);
        check("no task, award or comment points at the duplicate", verify.count("select (select count(*) from "
                + "ws_task where event_id = 11) + (select count(*) from ws_award where event_id = 11) + (select "
                + "count(*) from ws_comment where event_id = 11)") == 0);
        check("the survivor now has all 5 tasks", verify.count("select count(*) from ws_task where event_id = "
                + SeedData.EVENT_SURVIVOR) == 5);
        check("the description came from the duplicate (firstNonNull)", verify.count("select count(*) from "
                + "ws_event where id = 10 and description like 'Hands-on%'") == 1);
    }

    private void mergePartners() {
        heading("3. Merge " + SeedData.PARTNER_DUPLICATES.size() + " re-created partners into their restored "
                + "originals");
        Map<Long, Long> pairs = SeedData.PARTNER_DUPLICATES;
        Map<String, Long> before = verify.tableCounts();
        int n = 0;
        long rows = 0;
        for (Map.Entry<Long, Long> pair : pairs.entrySet()) {
            n++;
            boolean first = n == 1;
            MergeReport done = factory.fromTransaction(session -> {
                MergePlan<Partner> plan = partnerPlan(session, pair.getValue(), pair.getKey());
                if (first) {
                    out.println();
                    out.print(plan.dryRun().toText());
                }
                return plan.execute();
            });
            long changed = done.actualRows().stream().mapToLong(Long::longValue).sum();
            rows += changed;
            out.printf("  [%d/%d] Partner %d -> %d: %d rows changed%n", n, pairs.size(), pair.getKey(),
                    pair.getValue(), changed);
            if (first) {
                printAudit(done);
            }
        }
        out.printf("  %d rows changed in %d merges; audit events by type: %s%n", rows, pairs.size(),
                audit.countsByType());

        subheading("Verification");
        String duplicateIds = pairs.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
        for (String table : PARTNER_TABLES.split(" ")) {
            check(table + ": no row points at a duplicate, none dangles, none was lost",
                    verify.count("select count(*) from " + table + " where partner_id in (" + duplicateIds + ")") == 0
                    && verify.dangling(table, "partner_id", "pr_partner") == 0
                    && verify.count("select count(*) from " + table).equals(before.get(table)));
        }
        check("the household member of a duplicate now belongs to the original", verify.count(
                "select count(*) from pr_partner where id = 21149 and parent_id = 21148") == 1);
        check("the duplicates are gone", verify.count("select count(*) from pr_partner where id in ("
                + duplicateIds + ")") == 0);
        check("each kept-aside duplicate profile still exists, unassigned (onConflict KEEP_A)", verify.count(
                "select count(*) from pr_profile where partner_id is null") == 3);
    }

    private MergePlan<Partner> partnerPlan(Session session, long survivor, long duplicate) {
        return HibernateMerge.of(session).withJournal(ExampleJournal.journal()).plan(Partner.class)
                .survivor(survivor)
                .duplicates(duplicate)
                .field("name", FieldStrategy.takeA())
                .field("socialSecurityNumber", FieldStrategy.firstNonNull())
                .association("profile", AssociationPolicy.repoint().onConflict(ConflictPolicy.KEEP_A))
                .audit(audit)
                .build();
    }

    /**
     * The journal: where did a duplicate go, the trail of its merge, and the undo of that merge (dry run, then for
     * real), checked row by row; then the merge again, so the example ends merged.
     */
    private void postMortem(Map<String, Long> rowsOfUndone) {
        long duplicate = UNDONE_PARTNER;
        long survivor = SeedData.PARTNER_DUPLICATES.get(duplicate);
        heading("5. Post-mortem: where did Partner " + duplicate + " go? And undo its merge");
        MergeHistory history = MergeHistory.of(factory, ExampleJournal.journal());
        out.println();
        out.print("  " + history.whereIs("Partner", duplicate).toText());
        String mergeId = history.merges("Partner", duplicate).get(0).mergeId();

        subheading("Journal trail (safemerge history --merge " + mergeId + ")");
        history.trail(mergeId).orElseThrow().toText().lines().forEach(line -> out.println("  " + line));

        subheading("Undo, dry run (safemerge undo " + mergeId + ")");
        UndoPlan undo = HibernateMerge.of(factory).withJournal(ExampleJournal.journal()).undo(mergeId).audit(audit);
        undo.dryRun().toText().lines().forEach(line -> out.println("  " + line));
        subheading("Undo (safemerge undo " + mergeId + " --yes)");
        UndoReport undone = undo.execute();
        undone.toText().lines().forEach(line -> out.println("  " + line));

        subheading("Verification");
        check("Partner " + duplicate + " exists again", verify.count("select count(*) from pr_partner where id = "
                + duplicate) == 1);
        check("its rows are back on it, table by table " + rowsOfUndone, partnerRows(duplicate).equals(rowsOfUndone));
        check("the journal says it was not merged away (its merge was undone)",
                !history.whereIs("Partner", duplicate).mergedAway());
        check("the merge is marked undone by " + undone.undoMergeId(), undone.undoMergeId().equals(
                history.merge(mergeId).orElseThrow().undoneBy()));

        MergeReport again = factory.fromTransaction(session -> partnerPlan(session, survivor, duplicate).execute());
        out.printf("%n  Merged Partner %d into %d again (merge %s); where-is now says:%n  %s", duplicate, survivor,
                again.mergeId(), history.whereIs("Partner", duplicate).toText());
    }

    /** The rows of each partner table that point at the partner. */
    private Map<String, Long> partnerRows(long partner) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : PARTNER_TABLES.split(" ")) {
            rows.put(table, verify.count("select count(*) from " + table + " where partner_id = " + partner));
        }
        return rows;
    }

    private void printAudit(MergeReport done) {
        subheading("Audit trail of merge " + done.mergeId());
        audit.of(done.mergeId()).forEach(event -> out.println("  " + AuditTrail.line(event)));
    }

    private void check(String what, boolean ok) {
        out.println("  [" + (ok ? " OK " : "FAIL") + "] " + what);
        if (!ok) {
            failures++;
        }
    }

    private void heading(String title) {
        out.println();
        out.println(title);
        out.println("-".repeat(title.length()));
    }

    private void subheading(String title) {
        out.println();
        out.println(" " + title + ":");
    }

    private static String signed(long delta) {
        return (delta > 0 ? "+" : "") + delta;
    }
}
