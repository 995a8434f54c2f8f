package org.safemerge.examples.bench;

import jakarta.persistence.AssociationOverride;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The small-merge benchmark's ERP-like model: one account referenced from 60 tables ({@code erp_r01} ..
 * {@code erp_r60}), every third FK NOT NULL. Prefixed {@code erp_} so it lives beside {@link BenchDomain}.
 */
final class BenchErpDomain {
    private BenchErpDomain() {
    }

    static final int TABLE_COUNT = 60;

    /** The referencing tables, in order. */
    static final List<String> TABLES = IntStream.rangeClosed(1, TABLE_COUNT)
            .mapToObj(i -> String.format("erp_r%02d", i)).toList();

    /** The referencing entity types, in the order of {@link #TABLES}. */
    static final List<Class<? extends ErpRecord>> RECORD_TYPES = List.of(
            R01.class, R02.class, R03.class, R04.class, R05.class, R06.class, R07.class, R08.class, R09.class,
            R10.class, R11.class, R12.class, R13.class, R14.class, R15.class, R16.class, R17.class, R18.class,
            R19.class, R20.class, R21.class, R22.class, R23.class, R24.class, R25.class, R26.class, R27.class,
            R28.class, R29.class, R30.class, R31.class, R32.class, R33.class, R34.class, R35.class, R36.class,
            R37.class, R38.class, R39.class, R40.class, R41.class, R42.class, R43.class, R44.class, R45.class,
            R46.class, R47.class, R48.class, R49.class, R50.class, R51.class, R52.class, R53.class, R54.class,
            R55.class, R56.class, R57.class, R58.class, R59.class, R60.class);

    static final List<Class<?>> ENTITIES = entities();

    private static List<Class<?>> entities() {
        List<Class<?>> all = new ArrayList<>();
        all.add(ErpAccount.class);
        all.addAll(RECORD_TYPES);
        return List.copyOf(all);
    }

    @Entity(name = "ErpAccount")
    @Table(name = "erp_account")
    static class ErpAccount {
        @Id
        Long id;
        String name;
    }

    /** A referencing row: id, text and its FK to the account. */
    @MappedSuperclass
    abstract static class ErpRecord {
        @Id
        Long id;
        String text;
        @ManyToOne
        @JoinColumn(name = "account_id")
        ErpAccount account;

        void account(ErpAccount a) {
            account = a;
        }
    }

    @Entity(name = "ErpR01")
    @Table(name = "erp_r01")
    static class R01 extends ErpRecord {
    }

    @Entity(name = "ErpR02")
    @Table(name = "erp_r02")
    static class R02 extends ErpRecord {
    }

    @Entity(name = "ErpR03")
    @Table(name = "erp_r03")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R03 extends ErpRecord {
    }

    @Entity(name = "ErpR04")
    @Table(name = "erp_r04")
    static class R04 extends ErpRecord {
    }

    @Entity(name = "ErpR05")
    @Table(name = "erp_r05")
    static class R05 extends ErpRecord {
    }

    @Entity(name = "ErpR06")
    @Table(name = "erp_r06")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R06 extends ErpRecord {
    }

    @Entity(name = "ErpR07")
    @Table(name = "erp_r07")
    static class R07 extends ErpRecord {
    }

    @Entity(name = "ErpR08")
    @Table(name = "erp_r08")
    static class R08 extends ErpRecord {
    }

    @Entity(name = "ErpR09")
    @Table(name = "erp_r09")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R09 extends ErpRecord {
    }

    @Entity(name = "ErpR10")
    @Table(name = "erp_r10")
    static class R10 extends ErpRecord {
    }

    @Entity(name = "ErpR11")
    @Table(name = "erp_r11")
    static class R11 extends ErpRecord {
    }

    @Entity(name = "ErpR12")
    @Table(name = "erp_r12")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R12 extends ErpRecord {
    }

    @Entity(name = "ErpR13")
    @Table(name = "erp_r13")
    static class R13 extends ErpRecord {
    }

    @Entity(name = "ErpR14")
    @Table(name = "erp_r14")
    static class R14 extends ErpRecord {
    }

    @Entity(name = "ErpR15")
    @Table(name = "erp_r15")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R15 extends ErpRecord {
    }

    @Entity(name = "ErpR16")
    @Table(name = "erp_r16")
    static class R16 extends ErpRecord {
    }

    @Entity(name = "ErpR17")
    @Table(name = "erp_r17")
    static class R17 extends ErpRecord {
    }

    @Entity(name = "ErpR18")
    @Table(name = "erp_r18")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R18 extends ErpRecord {
    }

    @Entity(name = "ErpR19")
    @Table(name = "erp_r19")
    static class R19 extends ErpRecord {
    }

    @Entity(name = "ErpR20")
    @Table(name = "erp_r20")
    static class R20 extends ErpRecord {
    }

    @Entity(name = "ErpR21")
    @Table(name = "erp_r21")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R21 extends ErpRecord {
    }

    @Entity(name = "ErpR22")
    @Table(name = "erp_r22")
    static class R22 extends ErpRecord {
    }

    @Entity(name = "ErpR23")
    @Table(name = "erp_r23")
    static class R23 extends ErpRecord {
    }

    @Entity(name = "ErpR24")
    @Table(name = "erp_r24")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R24 extends ErpRecord {
    }

    @Entity(name = "ErpR25")
    @Table(name = "erp_r25")
    static class R25 extends ErpRecord {
    }

    @Entity(name = "ErpR26")
    @Table(name = "erp_r26")
    static class R26 extends ErpRecord {
    }

    @Entity(name = "ErpR27")
    @Table(name = "erp_r27")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R27 extends ErpRecord {
    }

    @Entity(name = "ErpR28")
    @Table(name = "erp_r28")
    static class R28 extends ErpRecord {
    }

    @Entity(name = "ErpR29")
    @Table(name = "erp_r29")
    static class R29 extends ErpRecord {
    }

    @Entity(name = "ErpR30")
    @Table(name = "erp_r30")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R30 extends ErpRecord {
    }

    @Entity(name = "ErpR31")
    @Table(name = "erp_r31")
    static class R31 extends ErpRecord {
    }

    @Entity(name = "ErpR32")
    @Table(name = "erp_r32")
    static class R32 extends ErpRecord {
    }

    @Entity(name = "ErpR33")
    @Table(name = "erp_r33")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R33 extends ErpRecord {
    }

    @Entity(name = "ErpR34")
    @Table(name = "erp_r34")
    static class R34 extends ErpRecord {
    }

    @Entity(name = "ErpR35")
    @Table(name = "erp_r35")
    static class R35 extends ErpRecord {
    }

    @Entity(name = "ErpR36")
    @Table(name = "erp_r36")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R36 extends ErpRecord {
    }

    @Entity(name = "ErpR37")
    @Table(name = "erp_r37")
    static class R37 extends ErpRecord {
    }

    @Entity(name = "ErpR38")
    @Table(name = "erp_r38")
    static class R38 extends ErpRecord {
    }

    @Entity(name = "ErpR39")
    @Table(name = "erp_r39")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R39 extends ErpRecord {
    }

    @Entity(name = "ErpR40")
    @Table(name = "erp_r40")
    static class R40 extends ErpRecord {
    }

    @Entity(name = "ErpR41")
    @Table(name = "erp_r41")
    static class R41 extends ErpRecord {
    }

    @Entity(name = "ErpR42")
    @Table(name = "erp_r42")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R42 extends ErpRecord {
    }

    @Entity(name = "ErpR43")
    @Table(name = "erp_r43")
    static class R43 extends ErpRecord {
    }

    @Entity(name = "ErpR44")
    @Table(name = "erp_r44")
    static class R44 extends ErpRecord {
    }

    @Entity(name = "ErpR45")
    @Table(name = "erp_r45")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R45 extends ErpRecord {
    }

    @Entity(name = "ErpR46")
    @Table(name = "erp_r46")
    static class R46 extends ErpRecord {
    }

    @Entity(name = "ErpR47")
    @Table(name = "erp_r47")
    static class R47 extends ErpRecord {
    }

    @Entity(name = "ErpR48")
    @Table(name = "erp_r48")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R48 extends ErpRecord {
    }

    @Entity(name = "ErpR49")
    @Table(name = "erp_r49")
    static class R49 extends ErpRecord {
    }

    @Entity(name = "ErpR50")
    @Table(name = "erp_r50")
    static class R50 extends ErpRecord {
    }

    @Entity(name = "ErpR51")
    @Table(name = "erp_r51")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R51 extends ErpRecord {
    }

    @Entity(name = "ErpR52")
    @Table(name = "erp_r52")
    static class R52 extends ErpRecord {
    }

    @Entity(name = "ErpR53")
    @Table(name = "erp_r53")
    static class R53 extends ErpRecord {
    }

    @Entity(name = "ErpR54")
    @Table(name = "erp_r54")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R54 extends ErpRecord {
    }

    @Entity(name = "ErpR55")
    @Table(name = "erp_r55")
    static class R55 extends ErpRecord {
    }

    @Entity(name = "ErpR56")
    @Table(name = "erp_r56")
    static class R56 extends ErpRecord {
    }

    @Entity(name = "ErpR57")
    @Table(name = "erp_r57")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R57 extends ErpRecord {
    }

    @Entity(name = "ErpR58")
    @Table(name = "erp_r58")
    static class R58 extends ErpRecord {
    }

    @Entity(name = "ErpR59")
    @Table(name = "erp_r59")
    static class R59 extends ErpRecord {
    }

    @Entity(name = "ErpR60")
    @Table(name = "erp_r60")
    @AssociationOverride(name = "account", joinColumns = @JoinColumn(name = "account_id", nullable = false))
    static class R60 extends ErpRecord {
    }
}
