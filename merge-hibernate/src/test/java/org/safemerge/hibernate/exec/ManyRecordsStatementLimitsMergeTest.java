package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;

/**
 * One merge of more records than one statement may name, into an entity referenced from 8 tables: every reference
 * is still read in statements the database accepts (PostgreSQL's driver sends at most 65,535 parameters per
 * statement; 8 references of 8,400 records each would need 67,208 in one), the dry run and the merge succeed, every
 * row moves.
 */
class ManyRecordsStatementLimitsMergeTest {
    private static final int RECORDS = 8_400;
    private static final int REFERENCING_TABLES = 8;

    @Entity(name = "SlPartner")
    @Table(name = "sl_partner")
    static class Partner {
        @Id
        Long id;
    }

    @MappedSuperclass
    abstract static class Referencing {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "partner_id")
        Partner partner;
    }

    @Entity(name = "SlRef1")
    @Table(name = "sl_ref1")
    static class Ref1 extends Referencing {
    }

    @Entity(name = "SlRef2")
    @Table(name = "sl_ref2")
    static class Ref2 extends Referencing {
    }

    @Entity(name = "SlRef3")
    @Table(name = "sl_ref3")
    static class Ref3 extends Referencing {
    }

    @Entity(name = "SlRef4")
    @Table(name = "sl_ref4")
    static class Ref4 extends Referencing {
    }

    @Entity(name = "SlRef5")
    @Table(name = "sl_ref5")
    static class Ref5 extends Referencing {
    }

    @Entity(name = "SlRef6")
    @Table(name = "sl_ref6")
    static class Ref6 extends Referencing {
    }

    @Entity(name = "SlRef7")
    @Table(name = "sl_ref7")
    static class Ref7 extends Referencing {
    }

    @Entity(name = "SlRef8")
    @Table(name = "sl_ref8")
    static class Ref8 extends Referencing {
    }

    /** The databases whose limits on parameters a statement over all records would pass. */
    @MatrixTest(only = {Database.POSTGRESQL, Database.MARIADB})
    void moreRecordsThanOneStatementTakes_everyReferenceIsRead_andEveryRowMoves(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Partner.class, Ref1.class, Ref2.class, Ref3.class, Ref4.class,
                Ref5.class, Ref6.class, Ref7.class, Ref8.class);
        StringBuilder partners = new StringBuilder("insert into sl_partner (id) values (1)");
        for (long p = 2; p <= RECORDS; p++) {
            partners.append(", (").append(p).append(')');
        }
        for (long p = 10_001; p <= 10_010; p++) {
            partners.append(", (").append(p).append(')');
        }
        List<String> seed = new ArrayList<>();
        seed.add(partners.toString());
        for (int t = 1; t <= REFERENCING_TABLES; t++) {
            // one row on the survivor, one on the first and one on the last duplicate
            seed.add("insert into sl_ref" + t + " (id, partner_id) values (1, 1), (2, 2), (3, " + RECORDS + ")");
        }
        db.execute(seed.toArray(String[]::new));
        List<Object> duplicates = new ArrayList<>();
        for (long p = 2; p <= RECORDS; p++) {
            duplicates.add(p);
        }
        HibernateMerge merge = HibernateMerge.of(factory);
        // a first merge of more than a few records, so that the statements' result types are known (they are
        // learned once per factory) and the references are read together from then on
        merge.plan(Partner.class).survivor(10_001L).duplicates(List.of(10_002L, 10_003L, 10_004L, 10_005L, 10_006L,
                10_007L, 10_008L, 10_009L, 10_010L)).build().execute();

        MergeReport preview = merge.plan(Partner.class).survivor(1L).duplicates(duplicates).build().dryRun();
        assertThat(preview.steps()).isNotEmpty();
        merge.plan(Partner.class).survivor(1L).duplicates(duplicates).build().execute();

        assertThat(db.queryLong("select count(*) from sl_partner where id <= " + RECORDS)).isEqualTo(1);
        for (int t = 1; t <= REFERENCING_TABLES; t++) {
            assertThat(db.queryRows("select partner_id from sl_ref" + t + " order by id"))
                    .as("sl_ref%d", t).containsExactly(List.of(1L), List.of(1L), List.of(1L));
        }
    }
}
