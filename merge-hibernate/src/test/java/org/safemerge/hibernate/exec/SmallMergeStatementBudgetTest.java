package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.guard.StatementCounter;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;

/**
 * The statement budget of a small merge (issue 15): an account referenced from 60 tables with 0-3 rows each is
 * merged with a bounded number of JDBC statements (counted at the driver; a batch counts once), so that a change
 * that adds statements per referencing table shows here. Counts, never time.
 */
class SmallMergeStatementBudgetTest {
    static final int TABLES = 60;

    /**
     * Statements besides those per referencing table: lock timeout (read, set, put back), the two record locks,
     * the load, the one UNION ALL that counts and samples every reference, the one that changes (PostgreSQL) or
     * locks (MariaDB) the rows of every table at once, the one that checks nothing points at the duplicate any
     * more, the delete. Measured: 8 (PostgreSQL), 10 (MariaDB), 9 (H2).
     */
    static final int FIXED = 11;

    static final List<Class<?>> ENTITIES = entities();

    private static List<Class<?>> entities() {
        List<Class<?>> all = new ArrayList<>();
        all.add(BudgetAccount.class);
        all.addAll(List.of(
            R01.class, R02.class, R03.class, R04.class, R05.class, R06.class, R07.class, R08.class,
            R09.class, R10.class, R11.class, R12.class, R13.class, R14.class, R15.class, R16.class,
            R17.class, R18.class, R19.class, R20.class, R21.class, R22.class, R23.class, R24.class,
            R25.class, R26.class, R27.class, R28.class, R29.class, R30.class, R31.class, R32.class,
            R33.class, R34.class, R35.class, R36.class, R37.class, R38.class, R39.class, R40.class,
            R41.class, R42.class, R43.class, R44.class, R45.class, R46.class, R47.class, R48.class,
            R49.class, R50.class, R51.class, R52.class, R53.class, R54.class, R55.class, R56.class,
            R57.class, R58.class, R59.class, R60.class));
        return all;
    }

    /** Rows of table t (1-based) on account a: 0 to 3, varied. */
    static int rows(int table, long account) {
        return (int) ((account * 7 + table * 13 + account / 3) % 4);
    }

    @MatrixTest
    void accountReferencedFrom60Tables_isMergedWithinItsStatementBudget(TestDatabase db) {
        StatementCounter counter = new StatementCounter(db.jdbcUrl(), db.user(), db.password());
        try {
            SessionFactory factory = db.sessionFactory(s -> s.put(AvailableSettings.CONNECTION_PROVIDER, counter),
                    ENTITIES.toArray(Class<?>[]::new));
            List<String> inserts = new ArrayList<>();
            inserts.add("insert into bg_account (id, name) values (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
            for (int t = 1; t <= TABLES; t++) {
                for (long a = 1; a <= 4; a++) {
                    for (int j = 1; j <= rows(t, a); j++) {
                        inserts.add(String.format("insert into bg_r%02d (id, text, account_id) values (%d, 'row', %d)",
                                t, (a - 1) * 3 + j, a));
                    }
                }
            }
            db.execute(inserts.toArray(String[]::new));
            // the first merge of a factory learns the shape of each reference's statement; it is not the budget
            HibernateMerge.of(factory).plan(BudgetAccount.class).survivor(3L).duplicates(4L).build().execute();

            AuditTrail audit = new AuditTrail();
            long before = counter.statements();
            HibernateMerge.of(factory).plan(BudgetAccount.class).survivor(1L).duplicates(2L).audit(audit).build()
                    .execute();
            long statements = counter.statements() - before;

            int tablesWithRows = 0;
            long moved = 0;
            for (int t = 1; t <= TABLES; t++) {
                String table = String.format("bg_r%02d", t);
                assertThat(db.queryLong("select count(*) from " + table + " where account_id = 1")).as(table)
                        .isEqualTo(rows(t, 1) + rows(t, 2));
                assertThat(db.queryLong("select count(*) from " + table + " where account_id in (2, 4)")).as(table)
                        .isZero();
                tablesWithRows += rows(t, 2) > 0 ? 1 : 0;
                moved += rows(t, 2);
            }
            assertThat(db.queryLong("select count(*) from bg_account")).isEqualTo(2);
            assertThat(audit.of(AuditEvent.ReferencesRepointed.class).stream().mapToLong(e -> e.rowIds().size())
                    .sum()).isEqualTo(moved);
            // per table with rows: nothing more on PostgreSQL (one statement changes every table's rows), the
            // UPDATE on MariaDB (after one locking SELECT of every table's rows) and on H2; the portable dialect
            // sends a locking SELECT and the UPDATE per table, and counts and samples each reference on its own
            boolean portable = "portable".equalsIgnoreCase(System.getProperty(SqlDialect.FORCE_PROPERTY, ""));
            long perTable = portable ? 2 : db.database() == Database.POSTGRESQL ? 0 : 1;
            long budget = tablesWithRows * perTable + (portable ? TABLES : 0) + FIXED;
            assertThat(statements).as("statements of the merge (budget %d):%n%s", budget,
                    String.join("\n", counter.executedSince(before))).isLessThanOrEqualTo(budget);
        } finally {
            counter.closeAll();
        }
    }

    @Entity(name = "BudgetAccount")
    @Table(name = "bg_account")
    static class BudgetAccount {
        @Id
        Long id;
        String name;
    }

    /** A referencing row: id, text and its FK to the account. */
    @MappedSuperclass
    abstract static class BudgetRecord {
        @Id
        Long id;
        String text;
        @ManyToOne
        @JoinColumn(name = "account_id")
        BudgetAccount account;
    }

    @Entity(name = "BudgetR01")
    @Table(name = "bg_r01")
    static class R01 extends BudgetRecord {
    }

    @Entity(name = "BudgetR02")
    @Table(name = "bg_r02")
    static class R02 extends BudgetRecord {
    }

    @Entity(name = "BudgetR03")
    @Table(name = "bg_r03")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R03 extends BudgetRecord {
    }

    @Entity(name = "BudgetR04")
    @Table(name = "bg_r04")
    static class R04 extends BudgetRecord {
    }

    @Entity(name = "BudgetR05")
    @Table(name = "bg_r05")
    static class R05 extends BudgetRecord {
    }

    @Entity(name = "BudgetR06")
    @Table(name = "bg_r06")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R06 extends BudgetRecord {
    }

    @Entity(name = "BudgetR07")
    @Table(name = "bg_r07")
    static class R07 extends BudgetRecord {
    }

    @Entity(name = "BudgetR08")
    @Table(name = "bg_r08")
    static class R08 extends BudgetRecord {
    }

    @Entity(name = "BudgetR09")
    @Table(name = "bg_r09")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R09 extends BudgetRecord {
    }

    @Entity(name = "BudgetR10")
    @Table(name = "bg_r10")
    static class R10 extends BudgetRecord {
    }

    @Entity(name = "BudgetR11")
    @Table(name = "bg_r11")
    static class R11 extends BudgetRecord {
    }

    @Entity(name = "BudgetR12")
    @Table(name = "bg_r12")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R12 extends BudgetRecord {
    }

    @Entity(name = "BudgetR13")
    @Table(name = "bg_r13")
    static class R13 extends BudgetRecord {
    }

    @Entity(name = "BudgetR14")
    @Table(name = "bg_r14")
    static class R14 extends BudgetRecord {
    }

    @Entity(name = "BudgetR15")
    @Table(name = "bg_r15")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R15 extends BudgetRecord {
    }

    @Entity(name = "BudgetR16")
    @Table(name = "bg_r16")
    static class R16 extends BudgetRecord {
    }

    @Entity(name = "BudgetR17")
    @Table(name = "bg_r17")
    static class R17 extends BudgetRecord {
    }

    @Entity(name = "BudgetR18")
    @Table(name = "bg_r18")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R18 extends BudgetRecord {
    }

    @Entity(name = "BudgetR19")
    @Table(name = "bg_r19")
    static class R19 extends BudgetRecord {
    }

    @Entity(name = "BudgetR20")
    @Table(name = "bg_r20")
    static class R20 extends BudgetRecord {
    }

    @Entity(name = "BudgetR21")
    @Table(name = "bg_r21")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R21 extends BudgetRecord {
    }

    @Entity(name = "BudgetR22")
    @Table(name = "bg_r22")
    static class R22 extends BudgetRecord {
    }

    @Entity(name = "BudgetR23")
    @Table(name = "bg_r23")
    static class R23 extends BudgetRecord {
    }

    @Entity(name = "BudgetR24")
    @Table(name = "bg_r24")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R24 extends BudgetRecord {
    }

    @Entity(name = "BudgetR25")
    @Table(name = "bg_r25")
    static class R25 extends BudgetRecord {
    }

    @Entity(name = "BudgetR26")
    @Table(name = "bg_r26")
    static class R26 extends BudgetRecord {
    }

    @Entity(name = "BudgetR27")
    @Table(name = "bg_r27")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R27 extends BudgetRecord {
    }

    @Entity(name = "BudgetR28")
    @Table(name = "bg_r28")
    static class R28 extends BudgetRecord {
    }

    @Entity(name = "BudgetR29")
    @Table(name = "bg_r29")
    static class R29 extends BudgetRecord {
    }

    @Entity(name = "BudgetR30")
    @Table(name = "bg_r30")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R30 extends BudgetRecord {
    }

    @Entity(name = "BudgetR31")
    @Table(name = "bg_r31")
    static class R31 extends BudgetRecord {
    }

    @Entity(name = "BudgetR32")
    @Table(name = "bg_r32")
    static class R32 extends BudgetRecord {
    }

    @Entity(name = "BudgetR33")
    @Table(name = "bg_r33")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R33 extends BudgetRecord {
    }

    @Entity(name = "BudgetR34")
    @Table(name = "bg_r34")
    static class R34 extends BudgetRecord {
    }

    @Entity(name = "BudgetR35")
    @Table(name = "bg_r35")
    static class R35 extends BudgetRecord {
    }

    @Entity(name = "BudgetR36")
    @Table(name = "bg_r36")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R36 extends BudgetRecord {
    }

    @Entity(name = "BudgetR37")
    @Table(name = "bg_r37")
    static class R37 extends BudgetRecord {
    }

    @Entity(name = "BudgetR38")
    @Table(name = "bg_r38")
    static class R38 extends BudgetRecord {
    }

    @Entity(name = "BudgetR39")
    @Table(name = "bg_r39")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R39 extends BudgetRecord {
    }

    @Entity(name = "BudgetR40")
    @Table(name = "bg_r40")
    static class R40 extends BudgetRecord {
    }

    @Entity(name = "BudgetR41")
    @Table(name = "bg_r41")
    static class R41 extends BudgetRecord {
    }

    @Entity(name = "BudgetR42")
    @Table(name = "bg_r42")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R42 extends BudgetRecord {
    }

    @Entity(name = "BudgetR43")
    @Table(name = "bg_r43")
    static class R43 extends BudgetRecord {
    }

    @Entity(name = "BudgetR44")
    @Table(name = "bg_r44")
    static class R44 extends BudgetRecord {
    }

    @Entity(name = "BudgetR45")
    @Table(name = "bg_r45")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R45 extends BudgetRecord {
    }

    @Entity(name = "BudgetR46")
    @Table(name = "bg_r46")
    static class R46 extends BudgetRecord {
    }

    @Entity(name = "BudgetR47")
    @Table(name = "bg_r47")
    static class R47 extends BudgetRecord {
    }

    @Entity(name = "BudgetR48")
    @Table(name = "bg_r48")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R48 extends BudgetRecord {
    }

    @Entity(name = "BudgetR49")
    @Table(name = "bg_r49")
    static class R49 extends BudgetRecord {
    }

    @Entity(name = "BudgetR50")
    @Table(name = "bg_r50")
    static class R50 extends BudgetRecord {
    }

    @Entity(name = "BudgetR51")
    @Table(name = "bg_r51")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R51 extends BudgetRecord {
    }

    @Entity(name = "BudgetR52")
    @Table(name = "bg_r52")
    static class R52 extends BudgetRecord {
    }

    @Entity(name = "BudgetR53")
    @Table(name = "bg_r53")
    static class R53 extends BudgetRecord {
    }

    @Entity(name = "BudgetR54")
    @Table(name = "bg_r54")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R54 extends BudgetRecord {
    }

    @Entity(name = "BudgetR55")
    @Table(name = "bg_r55")
    static class R55 extends BudgetRecord {
    }

    @Entity(name = "BudgetR56")
    @Table(name = "bg_r56")
    static class R56 extends BudgetRecord {
    }

    @Entity(name = "BudgetR57")
    @Table(name = "bg_r57")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R57 extends BudgetRecord {
    }

    @Entity(name = "BudgetR58")
    @Table(name = "bg_r58")
    static class R58 extends BudgetRecord {
    }

    @Entity(name = "BudgetR59")
    @Table(name = "bg_r59")
    static class R59 extends BudgetRecord {
    }

    @Entity(name = "BudgetR60")
    @Table(name = "bg_r60")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R60 extends BudgetRecord {
    }
}
