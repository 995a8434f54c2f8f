package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.util.Arrays;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.safemerge.AssociationPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergePlan;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.Hazard;
import org.safemerge.report.HazardKind;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditEvent;

/**
 * A database FK SafeMerge cannot re-point (here a composite FK to {@code (region, code)}, a unique key other than
 * the id) is never ignored: it blocks every plan of its target, rows or not, until the duplicates are kept as
 * tombstones or the caller leaves it to a database FK that refuses the delete. Graph warnings that matter show in
 * every dry run.
 */
class UnsupportedForeignKeyMergeTest {
    private static final String STATEMENT = "uf_statement(region, code)";
    private static final String MIRROR = "uf_mirror(region, code)";

    @Entity(name = "UfAccount")
    // the index lets MariaDB create the FK Hibernate exports for Entry, which lists the columns as (code, region)
    @Table(name = "uf_account", uniqueConstraints = @UniqueConstraint(columnNames = {"region", "code"}),
            indexes = @Index(name = "uf_account_code_region", columnList = "code, region"))
    static class Account {
        @Id
        Long id;
        String region;
        String code;
        @Column(name = "merged_into")
        Long mergedInto;
    }

    @Entity(name = "UfNote")
    @Table(name = "uf_note")
    static class Note {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "account_id")
        Account account;
    }

    /** Points at an account by (region, code) in the mapping: the same shape, known to Hibernate. */
    @Entity(name = "UfEntry")
    @Table(name = "uf_entry")
    static class Entry {
        @Id
        Long id;
        @ManyToOne
        @JoinColumns({@JoinColumn(name = "account_region", referencedColumnName = "region"),
            @JoinColumn(name = "account_code", referencedColumnName = "code")})
        Account account;
    }

    private final AuditTrail audit = new AuditTrail();
    private TestDatabase schema;

    @AfterEach
    void dropCatalogTables() {
        if (schema != null) {
            drop(schema);
        }
    }

    private static void drop(TestDatabase db) {
        db.execute("drop table if exists uf_statement", "drop table if exists uf_mirror",
                "drop table if exists uf_region_ref", "drop table if exists uf_entry");
    }

    /**
     * Accounts 1 (EU, A1), 2 (EU, A2), 3 (US, B1), 4 (US, B2); statements 11 -> 1, 12 -> 2 by (region, code), no
     * action on delete; with {@code mirror}, also mirror row 21 -> 2 with ON DELETE CASCADE. Note 31 -> 1.
     */
    private SessionFactory seeded(TestDatabase db, boolean mirror) {
        schema = db;
        drop(db);
        SessionFactory factory = db.sessionFactory(Account.class, Note.class);
        db.execute("create table uf_statement (id bigint not null primary key, region varchar(10) not null, "
                        + "code varchar(10) not null, constraint uf_statement_account foreign key (region, code) "
                        + "references uf_account (region, code))",
                "insert into uf_account (id, region, code) values (1, 'EU', 'A1'), (2, 'EU', 'A2'), (3, 'US', 'B1'), "
                        + "(4, 'US', 'B2')",
                "insert into uf_statement (id, region, code) values (11, 'EU', 'A1'), (12, 'EU', 'A2')",
                "insert into uf_note (id, account_id) values (31, 1)");
        if (mirror) {
            db.execute("create table uf_mirror (id bigint not null primary key, region varchar(10) not null, "
                            + "code varchar(10) not null, constraint uf_mirror_account foreign key (region, code) "
                            + "references uf_account (region, code) on delete cascade)",
                    "insert into uf_mirror (id, region, code) values (21, 'EU', 'A2')");
        }
        return factory;
    }

    private static MergePlan.Builder<Account> merge(SessionFactory factory, long survivor, long duplicate) {
        return HibernateMerge.of(factory).plan(Account.class).survivor(survivor).duplicates(duplicate);
    }

    @MatrixTest
    void aCompositeFkToAKeyOtherThanTheId_blocksEveryPlanOfItsTarget_evenWithoutRows(TestDatabase db) {
        SessionFactory factory = seeded(db, false);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, 3, 4).build().dryRun();

        InboundReference statement = AssociationGraphs.of(factory).reference(STATEMENT).orElseThrow();
        assertThat(statement.has(ReferenceFlag.UNSUPPORTED)).isTrue();
        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNSUPPORTED_REFERENCE);
            assertThat(h.subject()).isEqualTo(STATEMENT);
            assertThat(h.message()).startsWith("SafeMerge cannot re-point rows of " + STATEMENT + ": a composite FK "
                    + "to uf_account(region, code), a key other than the id of UfAccount. Deleting a duplicate "
                    + "would leave them to the database FK");
            assertThat(h.options()).containsExactly(
                    ".keepDuplicates(...) to keep the duplicates as tombstones (rows keep pointing at them)",
                    ".association(\"" + STATEMENT + "\", AssociationPolicy.leaveToDatabase()) to leave its rows to "
                            + "the database FK, which refuses to delete a duplicate they point at",
                    "re-point its rows yourself before merging, or make the FK reference the id of UfAccount");
        });
        assertThat(preview.toText()).contains("! BLOCKED UNSUPPORTED_REFERENCE");
        assertThatThrownBy(() -> merge(factory, 3, 4).build().execute()).satisfies(code(MergeErrorCode.PLAN_BLOCKED));
        assertThat(TableDump.of(db)).isEqualTo(before);
    }

    @MatrixTest
    void leaveToDatabase_acknowledgesIt_mergesWhatNoRowPointsAt(TestDatabase db) {
        SessionFactory factory = seeded(db, false);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, 3, 4).association(STATEMENT, AssociationPolicy.leaveToDatabase())
                .build().dryRun();
        merge(factory, 3, 4).association(STATEMENT, AssociationPolicy.leaveToDatabase()).build().execute(preview);

        assertThat(preview.blocked()).isFalse();
        assertThat(preview.hazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNSUPPORTED_REFERENCE);
            assertThat(h.blocking()).isFalse();
            assertThat(h.message()).contains("Left to the database");
        });
        assertThat(TableDump.of(db)).isEqualTo(before.removing("uf_account", "id", 4));
    }

    @MatrixTest
    void leaveToDatabase_whereRowsPointAtTheDuplicate_theDatabaseRefuses_andNothingChanges(TestDatabase db) {
        SessionFactory factory = seeded(db, false);
        TableDump before = TableDump.of(db);

        assertThatThrownBy(() -> merge(factory, 1, 2).association(STATEMENT, AssociationPolicy.leaveToDatabase())
                .audit(audit).build().execute()).satisfies(code(MergeErrorCode.DATABASE_ERROR));

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(audit.rolledBackWith()).isEqualTo("DATABASE_ERROR");
    }

    @MatrixTest
    void leaveToDatabase_isRefusedAtBuild_whereTheFkWouldCascade_orSafeMergeRepointsItself(TestDatabase db) {
        SessionFactory factory = seeded(db, true);

        assertThatThrownBy(() -> merge(factory, 1, 2).association(MIRROR, AssociationPolicy.leaveToDatabase())
                .build()).satisfies(code(MergeErrorCode.POLICY_NOT_APPLICABLE))
                .hasMessageContaining("ON DELETE CASCADE").hasMessageContaining("keepDuplicates(...)");
        assertThatThrownBy(() -> merge(factory, 1, 2).association("UfNote.account",
                AssociationPolicy.leaveToDatabase()).build()).satisfies(code(MergeErrorCode.POLICY_NOT_APPLICABLE))
                .hasMessageContaining("SafeMerge re-points its rows itself");
    }

    @MatrixTest
    void keepingTheDuplicatesAsTombstones_mergesWithoutTouchingTheRowsItCannotRepoint(TestDatabase db) {
        SessionFactory factory = seeded(db, true);
        TableDump before = TableDump.of(db);

        MergeReport preview = merge(factory, 1, 2).keepDuplicates((duplicate, survivor) ->
                duplicate.mergedInto = (Long) survivor).build().dryRun();
        merge(factory, 1, 2).keepDuplicates((duplicate, survivor) -> duplicate.mergedInto = (Long) survivor)
                .audit(audit).build().execute(preview);

        assertThat(preview.blocked()).isFalse();
        assertThat(preview.hazards()).extracting(h -> h.kind() + " " + h.subject() + " " + h.blocking())
                .containsExactlyInAnyOrder("UNSUPPORTED_REFERENCE " + MIRROR + " false",
                        "UNSUPPORTED_REFERENCE " + STATEMENT + " false");
        assertThat(TableDump.of(db).without("uf_account")).isEqualTo(before.without("uf_account"));
        assertThat(db.queryRows("select id, merged_into from uf_account order by id")).containsExactly(
                Arrays.asList(1L, null), List.of(2L, 1L), Arrays.asList(3L, null), Arrays.asList(4L, null));
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
    }

    @MatrixTest
    void aMappingMismatch_isShownInEveryDryRun_evenWhenNoRowPointsAtTheRecords(TestDatabase db) {
        schema = db;
        drop(db);
        SessionFactory factory = db.sessionFactory(Account.class, Note.class);
        db.execute(db.database() == Database.MARIADB ? "alter table uf_note modify account_id bigint not null"
                        : "alter table uf_note alter column account_id set not null",
                "insert into uf_account (id, region, code) values (3, 'US', 'B1'), (4, 'US', 'B2')");

        MergeReport preview = merge(factory, 3, 4).build().dryRun();

        assertThat(preview.blocked()).isFalse();
        assertThat(preview.hazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.MAPPING_MISMATCH);
            assertThat(h.rows()).isZero();
            assertThat(h.message()).contains("the mapping says uf_note(account_id) is nullable, the database "
                    + "column is NOT NULL");
        });
        assertThat(preview.toText()).contains("~ note MAPPING_MISMATCH");
    }

    @MatrixTest
    void aMappedCompositeFkToAKeyOtherThanTheId_isUnsupportedToo(TestDatabase db) {
        schema = db;
        drop(db);
        SessionFactory factory = db.sessionFactory(Account.class, Note.class, Entry.class);
        db.execute("insert into uf_account (id, region, code) values (3, 'US', 'B1'), (4, 'US', 'B2')");

        MergeReport preview = merge(factory, 3, 4).build().dryRun();

        assertThat(preview.blockingHazards()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(HazardKind.UNSUPPORTED_REFERENCE);
            assertThat(h.subject()).isEqualTo("uf_entry(account_code, account_region)"); // Hibernate's order
            assertThat(h.message()).contains("a composite FK to uf_account(code, region), a key other than the id");
            assertThat(h.options()).first().asString().startsWith(".keepDuplicates(...)");
        });
    }

    /** Only MariaDB (InnoDB) lets an FK reference columns that are not a unique key (a prefix of one). */
    @MatrixTest(only = Database.MARIADB)
    void anFkToColumnsThatAreNotAUniqueKey_blocksThePlan(TestDatabase db) {
        SessionFactory factory = seeded(db, false);
        db.execute("create table uf_region_ref (id bigint not null primary key, region varchar(10), constraint "
                + "uf_region_ref_account foreign key (region) references uf_account (region))");

        MergeReport preview = merge(factory, 3, 4).association(STATEMENT, AssociationPolicy.leaveToDatabase())
                .build().dryRun();

        assertThat(preview.blockingHazards()).extracting(Hazard::subject, Hazard::message).singleElement()
                .satisfies(h -> {
                    assertThat(h.toList().get(0)).isEqualTo("uf_region_ref(region)");
                    assertThat(h.toList().get(1).toString()).contains("it points at uf_account(region), which is not "
                            + "a unique key: a row could point at several UfAccount records at once");
                });
    }
}
