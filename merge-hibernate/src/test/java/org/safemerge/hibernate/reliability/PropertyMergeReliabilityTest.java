package org.safemerge.hibernate.reliability;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.AssociationPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.MergePlan;
import org.safemerge.SelfReferencePolicy;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.StandaloneDatabases;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.report.RowStep;
import org.safemerge.report.Step;
import org.safemerge.spi.AuditEvent;

/**
 * Property-based merges over randomly generated schemas and data (jqwik): one mapped entity with a self reference,
 * plus 1-4 tables the mapping does not know (found in the catalog), each of random shape: a single or composite
 * primary key, one or two FKs onto the entity, each nullable or NOT NULL (the nullable ones re-pointed or, at random,
 * unassigned), a self reference of its own. For every generated case: only the duplicates disappear; every old
 * reference to a duplicate ends at the survivor (or NULL where unassigned), every other value is unchanged, and the
 * audit names exactly those rows; the dry run's steps and counts are what the execution did. Tries per database:
 * {@code -Djqwik.tries.default} (6 unless set, see junit-platform.properties).
 */
@Tag("reliability")
class PropertyMergeReliabilityTest {
    private static final String CATEGORY = "property: generated schemas and data";
    private static final Map<Database, Optional<Fixture>> FIXTURES = new EnumMap<>(Database.class);

    @Entity(name = "PbItem")
    @Table(name = "pb_item")
    static class Item {
        @Id
        Long id;
        String name;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "parent_id")
        Item parent;
    }

    /** One database's schema and factory, alive for the whole class. */
    private record Fixture(TestDatabase db, SessionFactory factory) {
    }

    /** One referencing table: key shape, FK columns (nullable or not, unassigned or not), rows. */
    record RefTable(boolean compositeKey, List<Boolean> nullable, List<Boolean> unassign, boolean selfReference,
            List<List<Long>> refs, List<Integer> ups) {
        int fks() {
            return nullable.size();
        }

        /** Row r's value of FK column c: NULL only where the column is nullable. */
        Long ref(int r, int c) {
            Long v = refs.get(r).get(c);
            return v == null && !nullable.get(c) ? Long.valueOf(1) : v;
        }

        boolean unassigned(int c) {
            return nullable.get(c) && unassign.get(c);
        }
    }

    /** A generated case: items 1..n with parents, the survivor and duplicates, the referencing tables. */
    record Scenario(int items, List<Long> parents, long survivor, List<Long> duplicates, List<RefTable> tables) {
        @Override
        public String toString() {
            return "items " + items + " parents " + parents + ", merge " + duplicates + " -> " + survivor + ", "
                    + tables;
        }
    }

    @AfterContainer
    static void closeDatabases() {
        FIXTURES.values().forEach(f -> f.ifPresent(x -> x.db().close()));
        FIXTURES.clear();
        Tally.write();
    }

    @Property
    void h2(@ForAll("scenarios") Scenario scenario) {
        check(Database.H2, scenario);
    }

    @Property
    void postgresql(@ForAll("scenarios") Scenario scenario) {
        check(Database.POSTGRESQL, scenario);
    }

    @Property
    void mariadb(@ForAll("scenarios") Scenario scenario) {
        check(Database.MARIADB, scenario);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(3, 7).flatMap(items -> {
            Arbitrary<Long> id = Arbitraries.longs().between(1, items);
            Arbitrary<Long> maybeId = id.injectNull(0.2);
            Arbitrary<Boolean> coin = Arbitraries.of(true, false);
            Arbitrary<RefTable> table = Combinators.combine(coin, Arbitraries.integers().between(1, 2),
                    coin.list().ofSize(2), coin.list().ofSize(2), coin,
                    maybeId.list().ofSize(2).list().ofMinSize(0).ofMaxSize(8),
                    Arbitraries.integers().between(0, 7).injectNull(0.5).list().ofSize(8))
                    .as((composite, fks, nullable, unassign, self, refs, ups) -> new RefTable(composite,
                            nullable.subList(0, fks), unassign.subList(0, fks), self && !composite,
                            refs.stream().map(r -> r.subList(0, fks)).toList(), ups));
            return Combinators.combine(maybeId.list().ofSize(items), id, id.list().ofMinSize(1).ofMaxSize(3),
                    table.list().ofMinSize(1).ofMaxSize(4))
                    .as((parents, survivor, duplicates, tables) -> {
                        Set<Long> dups = new LinkedHashSet<>(duplicates);
                        dups.remove(survivor);
                        if (dups.isEmpty()) {
                            dups.add(survivor == 1 ? 2L : 1L);
                        }
                        return new Scenario(items, parents, survivor, List.copyOf(dups), tables);
                    });
        });
    }

    // --------------------------------------------------------------------------------------------------------------

    private static Optional<Fixture> fixture(Database database) {
        synchronized (FIXTURES) {
            return FIXTURES.computeIfAbsent(database, d -> StandaloneDatabases.open(d).map(db -> new Fixture(db,
                    db.sessionFactory(s -> s.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, false), Item.class))));
        }
    }

    private static String table(int t) {
        return "pb_t" + t;
    }

    private static void check(Database database, Scenario scenario) {
        Optional<Fixture> fixture = fixture(database);
        if (fixture.isEmpty()) {
            return; // unavailable and not required: skipped (the reason was printed once)
        }
        TestDatabase db = fixture.get().db();
        SessionFactory factory = fixture.get().factory();
        load(db, scenario);
        GraphCache.rebuild(factory); // the generated tables are read from the catalog

        List<String> problems = new ArrayList<>();
        long lost = 0;
        Map<Integer, List<List<Object>>> rowsBefore = new HashMap<>();
        for (int t = 0; t < scenario.tables().size(); t++) {
            rowsBefore.put(t, rows(db, scenario.tables().get(t), t));
        }
        List<List<Object>> itemsBefore = db.queryRows("select id, name, parent_id from pb_item order by id");
        TableDump before = TableDump.of(db);

        Trail trail = new Trail();
        MergePlan<Item> plan = plan(factory, scenario, trail);
        MergeReport preview = plan.dryRun();
        if (!TableDump.of(db).equals(before)) {
            problems.add("the dry run changed the database");
        }
        MergeReport done = null;
        try {
            done = plan.execute(preview);
            if (preview.blocked()) {
                problems.add("a blocked plan executed: " + preview.blockingHazards());
            }
        } catch (MergeException e) {
            if (!(preview.blocked() && e.code() == MergeErrorCode.PLAN_BLOCKED)) {
                problems.add("execute failed: " + e.code() + " " + e.getMessage());
            }
            if (!TableDump.of(db).equals(before)) {
                problems.add("a failed merge changed the database");
            }
        }
        if (done != null) {
            lost = checkExecuted(db, scenario, preview, done, trail, rowsBefore, itemsBefore, problems);
        }
        String detail = scenario + (problems.isEmpty() ? "" : ": " + problems);
        if (problems.isEmpty()) {
            Tally.record(CATEGORY, database, Tally.Outcome.HELD, null, 0, detail);
        } else {
            Tally.record(CATEGORY, database, Tally.Outcome.FAILED, null, lost, detail);
            throw new AssertionError("[" + database.displayName() + "] " + detail);
        }
    }

    private static MergePlan<Item> plan(SessionFactory factory, Scenario scenario, Trail trail) {
        MergePlan.Builder<Item> plan = HibernateMerge.of(factory).plan(Item.class).survivor(scenario.survivor())
                .duplicates(scenario.duplicates()).selfReferences(SelfReferencePolicy.UNASSIGN).audit(trail);
        List<InboundReference> references = HibernateMerge.of(factory).graph().references();
        for (int t = 0; t < scenario.tables().size(); t++) {
            RefTable table = scenario.tables().get(t);
            for (int c = 0; c < table.fks(); c++) {
                if (table.unassigned(c)) {
                    plan.association(reference(references, table(t), "ref" + c).key(), AssociationPolicy.unassign());
                }
            }
        }
        return plan.build();
    }

    private static InboundReference reference(List<InboundReference> references, String table, String column) {
        return references.stream().filter(r -> r.table().equalsIgnoreCase(table) && r.columns().size() == 1
                && r.columns().get(0).equalsIgnoreCase(column)).findFirst()
                .orElseThrow(() -> new AssertionError("the catalog reference " + table + "(" + column
                        + ") is not in the graph"));
    }

    /** Checks one executed merge; returns the rows lost. */
    private static long checkExecuted(TestDatabase db, Scenario scenario, MergeReport preview, MergeReport done,
            Trail trail, Map<Integer, List<List<Object>>> rowsBefore, List<List<Object>> itemsBefore,
            List<String> problems) {
        long lost = 0;
        Set<Long> duplicates = new LinkedHashSet<>(scenario.duplicates());
        long survivor = scenario.survivor();
        // only the duplicates disappear; others' parents that pointed at a duplicate now point at the survivor
        List<List<Object>> itemsAfter = db.queryRows("select id, name, parent_id from pb_item order by id");
        List<List<Object>> itemsExpected = new ArrayList<>();
        for (List<Object> row : itemsBefore) {
            long id = ((Number) row.get(0)).longValue();
            if (duplicates.contains(id)) {
                continue;
            }
            Long parent = row.get(2) == null ? null : ((Number) row.get(2)).longValue();
            Long expected = parent != null && duplicates.contains(parent) ? (id == survivor ? null : survivor)
                    : parent;
            itemsExpected.add(java.util.Arrays.asList(id, row.get(1), expected));
        }
        if (!normalize(itemsAfter).equals(normalize(itemsExpected))) {
            problems.add("pb_item is " + itemsAfter + ", expected " + itemsExpected);
            lost += Math.max(0, itemsExpected.size() - itemsAfter.size());
        }
        // every referencing row is still there, re-pointed (or unassigned) exactly where it pointed at a duplicate
        for (int t = 0; t < scenario.tables().size(); t++) {
            RefTable table = scenario.tables().get(t);
            List<List<Object>> after = rows(db, table, t);
            List<List<Object>> expected = new ArrayList<>();
            Map<Integer, Long> changedPerColumn = new HashMap<>();
            for (List<Object> row : rowsBefore.get(t)) {
                List<Object> copy = new ArrayList<>(row);
                for (int c = 0; c < table.fks(); c++) {
                    Object v = row.get(2 + c);
                    if (v != null && duplicates.contains(((Number) v).longValue())) {
                        copy.set(2 + c, table.unassigned(c) ? null : survivor);
                        changedPerColumn.merge(c, 1L, Long::sum);
                    }
                }
                expected.add(copy);
            }
            if (!normalize(after).equals(normalize(expected))) {
                problems.add(table(t) + " is " + after + ", expected " + expected);
                lost += Math.max(0, expected.size() - after.size());
            }
            // the audit names exactly the changed rows, per column
            for (int c = 0; c < table.fks(); c++) {
                String column = "ref" + c;
                String name = table(t);
                long audited = trail.events().stream()
                        .filter(e -> e instanceof AuditEvent.ReferencesRepointed r && r.table().equalsIgnoreCase(name)
                                && r.columns().get(0).equalsIgnoreCase(column)
                                || e instanceof AuditEvent.ReferencesUnassigned u && u.table().equalsIgnoreCase(name)
                                && u.columns().get(0).equalsIgnoreCase(column))
                        .mapToLong(e -> ((AuditEvent.RowEvent) e).rowIds().size()).sum();
                long changed = changedPerColumn.getOrDefault(c, 0L);
                if (audited != changed) {
                    problems.add(name + "(" + column + "): " + changed + " rows changed, " + audited + " audited");
                }
            }
        }
        // dry run == execution: the same steps with the same counts, and each step changed what it expected
        List<String> planned = preview.steps().stream().map(PropertyMergeReliabilityTest::describe).toList();
        List<String> executed = done.steps().stream().map(PropertyMergeReliabilityTest::describe).toList();
        if (!planned.equals(executed)) {
            problems.add("dry run steps " + planned + " but executed " + executed);
        }
        for (int i = 0; i < done.steps().size(); i++) {
            Step step = done.steps().get(i);
            if (step instanceof RowStep && done.actualRows().get(i) != step.expectedRows()) {
                problems.add(describe(step) + " changed " + done.actualRows().get(i) + " rows");
            }
        }
        String audit = Trail.problem(trail.events(), true);
        if (audit != null) {
            problems.add(audit);
        }
        return lost;
    }

    private static String describe(Step step) {
        return step.kind() + " " + step.subject().toLowerCase(Locale.ROOT) + " x" + step.expectedRows();
    }

    /** Rows as text, so that Long/Integer/BigDecimal of different drivers compare equal. */
    private static List<List<String>> normalize(List<List<Object>> rows) {
        return rows.stream().map(r -> r.stream().map(v -> v == null ? null : String.valueOf(v)).toList()).toList();
    }

    private static List<List<Object>> rows(TestDatabase db, RefTable table, int t) {
        StringBuilder columns = new StringBuilder("id, k2");
        for (int c = 0; c < table.fks(); c++) {
            columns.append(", ref").append(c);
        }
        columns.append(", up_id, payload");
        return db.queryRows("select " + columns + " from " + table(t) + " order by id, k2");
    }

    /** Drops the previous case's tables, loads the items, creates and fills this case's tables. */
    private static void load(TestDatabase db, Scenario scenario) {
        for (int t = 0; t < 4; t++) {
            db.execute("drop table if exists " + table(t));
        }
        db.execute("update pb_item set parent_id = null", "delete from pb_item");
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= scenario.items(); i++) {
            items.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'i").append(i).append("', null)");
        }
        List<String> sql = new ArrayList<>();
        sql.add("insert into pb_item (id, name, parent_id) values " + items);
        for (int i = 1; i <= scenario.items(); i++) {
            Long parent = scenario.parents().get(i - 1);
            if (parent != null) {
                sql.add("update pb_item set parent_id = " + parent + " where id = " + i);
            }
        }
        for (int t = 0; t < scenario.tables().size(); t++) {
            RefTable table = scenario.tables().get(t);
            String name = table(t);
            StringBuilder ddl = new StringBuilder("create table " + name + " (id bigint not null, k2 bigint not null");
            for (int c = 0; c < table.fks(); c++) {
                ddl.append(", ref").append(c).append(" bigint").append(table.nullable().get(c) ? "" : " not null");
            }
            ddl.append(", up_id bigint, payload varchar(20), primary key (id").append(table.compositeKey() ? ", k2" : "")
                    .append(")");
            for (int c = 0; c < table.fks(); c++) {
                ddl.append(", constraint ").append(name).append("_r").append(c).append(" foreign key (ref").append(c)
                        .append(") references pb_item (id)");
            }
            if (table.selfReference()) {
                ddl.append(", constraint ").append(name).append("_up foreign key (up_id) references ").append(name)
                        .append(" (id)");
            }
            sql.add(ddl.append(")").toString());
            for (int r = 0; r < table.refs().size(); r++) {
                StringBuilder row = new StringBuilder("insert into " + name + " (id, k2");
                for (int c = 0; c < table.fks(); c++) {
                    row.append(", ref").append(c);
                }
                Integer up = table.ups().get(r);
                Long upId = table.selfReference() && up != null && up < r ? Long.valueOf(up + 1) : null;
                row.append(", up_id, payload) values (").append(r + 1).append(", ").append((r + 1) % 2);
                for (int c = 0; c < table.fks(); c++) {
                    row.append(", ").append(table.ref(r, c));
                }
                row.append(", ").append(upId).append(", 'p").append(r + 1).append("')");
                sql.add(row.toString());
            }
        }
        db.execute(sql.toArray(String[]::new));
        Objects.requireNonNull(scenario);
    }
}
