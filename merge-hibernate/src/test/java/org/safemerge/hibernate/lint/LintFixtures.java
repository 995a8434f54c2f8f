package org.safemerge.hibernate.lint;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.ConstraintMode;
import jakarta.persistence.DiscriminatorType;
import jakarta.persistence.Entity;
import jakarta.persistence.ForeignKey;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.annotations.Any;
import org.hibernate.annotations.AnyDiscriminator;
import org.hibernate.annotations.AnyDiscriminatorValue;
import org.hibernate.annotations.AnyKeyJavaClass;

/**
 * Small mappings for the model lint, one group per check: each group has an association that triggers its check
 * and one that does not. Table names carry the group's prefix so groups never meet in a schema.
 */
public final class LintFixtures {
    private LintFixtures() {
    }

    // ---- cascade REMOVE on a many-to-many --------------------------------------------------------------------

    @Entity(name = "CmLabel")
    @Table(name = "cm_label")
    public static class CmLabel {
        @Id
        Long id;
    }

    @Entity(name = "CmPost")
    @Table(name = "cm_post")
    public static class CmPost {
        @Id
        Long id;
        /** Deleting a post would delete labels other posts use. */
        @ManyToMany(cascade = CascadeType.ALL)
        @JoinTable(name = "cm_post_label")
        Set<CmLabel> labels = new HashSet<>();
        /** Cascades persist only: fine. */
        @ManyToMany(cascade = CascadeType.PERSIST)
        @JoinTable(name = "cm_post_pinned")
        Set<CmLabel> pinned = new HashSet<>();
    }

    // ---- cascade REMOVE on a to-one to a shared entity -------------------------------------------------------

    @Entity(name = "CtVenue")
    @Table(name = "ct_venue")
    static class CtVenue {
        @Id
        Long id;
    }

    @Entity(name = "CtSeat")
    @Table(name = "ct_seat")
    static class CtSeat {
        @Id
        Long id;
    }

    @Entity(name = "CtStub")
    @Table(name = "ct_stub")
    static class CtStub {
        @Id
        Long id;
    }

    @Entity(name = "CtTicket")
    @Table(name = "ct_ticket")
    static class CtTicket {
        @Id
        Long id;
        /** A many-to-one: every ticket of the venue shares it. */
        @ManyToOne(cascade = CascadeType.REMOVE)
        @JoinColumn(name = "venue_id")
        CtVenue venue;
        /** A one-to-one, but bookings reference seats too. */
        @OneToOne(cascade = CascadeType.ALL)
        @JoinColumn(name = "seat_id")
        CtSeat seat;
        /** A one-to-one nothing else references: the ticket owns its stub. */
        @OneToOne(cascade = CascadeType.ALL)
        @JoinColumn(name = "stub_id")
        CtStub stub;
    }

    @Entity(name = "CtBooking")
    @Table(name = "ct_booking")
    static class CtBooking {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "seat_id")
        CtSeat seat;
    }

    // ---- orphanRemoval on children others reference ----------------------------------------------------------

    @Entity(name = "OrOrder")
    @Table(name = "or_order")
    static class OrOrder {
        @Id
        Long id;
        @OneToMany(mappedBy = "order", orphanRemoval = true)
        List<OrLine> lines = new ArrayList<>();
        @OneToMany(mappedBy = "order", orphanRemoval = true)
        List<OrRemark> remarks = new ArrayList<>();
    }

    @Entity(name = "OrLine")
    @Table(name = "or_line")
    static class OrLine {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "order_id")
        OrOrder order;
    }

    @Entity(name = "OrRemark")
    @Table(name = "or_remark")
    static class OrRemark {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "order_id")
        OrOrder order;
    }

    /** References order lines: removing a line from its order would delete a line an invoice points at. */
    @Entity(name = "OrInvoice")
    @Table(name = "or_invoice")
    static class OrInvoice {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "line_id")
        OrLine line;
    }

    // ---- schema facts: nullability, constraints, indexes, unique keys ----------------------------------------

    @Entity(name = "SfCarrier")
    @Table(name = "sf_carrier")
    static class SfCarrier {
        @Id
        Long id;
    }

    @Entity(name = "SfShipment")
    @Table(name = "sf_shipment", indexes = @Index(name = "ix_sf_shipment_carrier", columnList = "carrier_id"),
            uniqueConstraints = @UniqueConstraint(name = "uk_sf_shipment_ref", columnNames = {"sender_id",
                    "reference"}))
    static class SfShipment {
        @Id
        Long id;
        /** Required in the mapping; tests make the column nullable behind its back. */
        @ManyToOne(optional = false)
        @JoinColumn(name = "carrier_id")
        SfCarrier carrier;
        /** Optional in the mapping; tests make the column NOT NULL behind its back. */
        @ManyToOne
        @JoinColumn(name = "backup_id")
        SfCarrier backup;
        /** No FK constraint, and so no index on any database. */
        @ManyToOne
        @JoinColumn(name = "broker_id", foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT))
        SfCarrier broker;
        /** Part of a unique key with another column. */
        @ManyToOne
        @JoinColumn(name = "sender_id")
        SfCarrier sender;
        @Column(name = "reference")
        String reference;
    }

    // ---- @Any -----------------------------------------------------------------------------------------------

    interface AnSubject {
    }

    @Entity(name = "AnPerson")
    @Table(name = "an_person")
    static class AnPerson implements AnSubject {
        @Id
        Long id;
    }

    @Entity(name = "AnComment")
    @Table(name = "an_comment")
    static class AnComment {
        @Id
        Long id;
        @Any
        @AnyDiscriminator(DiscriminatorType.STRING)
        @AnyDiscriminatorValue(discriminator = "P", entity = AnPerson.class)
        @AnyKeyJavaClass(Long.class)
        @Column(name = "subject_type")
        @JoinColumn(name = "subject_id")
        AnSubject subject;
        @ManyToOne
        @JoinColumn(name = "author_id")
        AnPerson author;
    }
}
