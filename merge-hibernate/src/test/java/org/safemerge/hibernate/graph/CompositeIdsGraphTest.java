package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.graph.GraphAssertions.assertReferences;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * {@code @EmbeddedId} and {@code @IdClass} composite ids, and derived identities ({@code @Id @ManyToOne},
 * {@code @MapsId}).
 */
class CompositeIdsGraphTest {

    @Embeddable
    static class ShipmentId implements Serializable {
        private static final long serialVersionUID = 1L;
        String carrier;
        @Column(name = "shipment_no")
        int number;

        @Override
        public boolean equals(Object o) {
            return o instanceof ShipmentId other && Objects.equals(carrier, other.carrier) && number == other.number;
        }

        @Override
        public int hashCode() {
            return Objects.hash(carrier, number);
        }
    }

    @Entity(name = "Shipment")
    @Table(name = "shipment")
    static class Shipment {
        @EmbeddedId
        ShipmentId id;
    }

    @Entity(name = "Parcel")
    @Table(name = "parcel")
    static class Parcel {
        @Id
        Long id;
        @ManyToOne
        @JoinColumns({
            @JoinColumn(name = "shipment_carrier", referencedColumnName = "carrier"),
            @JoinColumn(name = "shipment_no", referencedColumnName = "shipment_no")
        })
        Shipment shipment;
    }

    @Entity(name = "Purchase")
    @Table(name = "purchase")
    static class Purchase {
        @Id
        Long id;
    }

    static class PurchaseLineId implements Serializable {
        private static final long serialVersionUID = 1L;
        Long purchase;
        int lineNo;

        @Override
        public boolean equals(Object o) {
            return o instanceof PurchaseLineId other && Objects.equals(purchase, other.purchase)
                    && lineNo == other.lineNo;
        }

        @Override
        public int hashCode() {
            return Objects.hash(purchase, lineNo);
        }
    }

    @Entity(name = "PurchaseLine")
    @Table(name = "purchase_line")
    @IdClass(PurchaseLineId.class)
    static class PurchaseLine {
        @Id
        @ManyToOne
        @JoinColumn(name = "purchase_id")
        Purchase purchase;
        @Id
        @Column(name = "line_no")
        int lineNo;
        String text;
    }

    @Entity(name = "Account")
    @Table(name = "account")
    static class Account {
        @Id
        Long id;
    }

    @Entity(name = "Profile")
    @Table(name = "profile")
    static class Profile {
        @Id
        Long id;
        @MapsId
        @OneToOne
        @JoinColumn(name = "account_id")
        Account account;
    }

    @MatrixTest
    void findsCompositeForeignKeys_andFlagsDerivedIdentities(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(db.sessionFactory(Shipment.class, Parcel.class,
                Purchase.class, PurchaseLine.class, Account.class, Profile.class));

        assertReferences(graph, db.database(),
                "parcel(shipment_carrier, shipment_no) FOREIGN_KEY -> Shipment [Parcel.shipment] table=parcel"
                        + " columns=[shipment_carrier, shipment_no] rowKey=[id] source=Parcel nullable flags=[]"
                        + " onDelete=DEFAULT",
                "purchase_line(purchase_id) FOREIGN_KEY -> Purchase [PurchaseLine.purchase] table=purchase_line"
                        + " columns=[purchase_id] rowKey=[line_no, purchase_id] source=PurchaseLine NOT NULL"
                        + " flags=[DERIVED_IDENTITY] onDelete=DEFAULT",
                "profile(account_id) FOREIGN_KEY -> Account [Profile.account] table=profile columns=[account_id]"
                        + " rowKey=[account_id] source=Profile NOT NULL unique flags=[DERIVED_IDENTITY]"
                        + " onDelete=DEFAULT");

        EntityType shipment = graph.entity("Shipment").orElseThrow();
        assertThat(shipment.idColumns()).containsExactly("carrier", "shipment_no");
        assertThat(shipment.idAttribute()).isEqualTo("id");
        assertThat(shipment.attribute("id").orElseThrow().kind()).isEqualTo(AttributeKind.ID);
        assertThat(shipment.attribute("id").orElseThrow().javaType()).isEqualTo(ShipmentId.class.getName());

        EntityType line = graph.entity("PurchaseLine").orElseThrow();
        assertThat(line.idColumns()).containsExactly("line_no", "purchase_id");
        assertThat(line.idAttribute()).isEqualTo("lineNo, purchase");
        assertThat(line.attribute("purchase").orElseThrow()).isEqualTo(new EntityAttribute("purchase",
                AttributeKind.ID, Purchase.class.getName(), false, false, null, "Purchase"));
        assertThat(line.attribute("lineNo").orElseThrow().kind()).isEqualTo(AttributeKind.ID);
        assertThat(line.attribute("text").orElseThrow().kind()).isEqualTo(AttributeKind.BASIC);
        assertThat(line.attributes()).hasSize(3);

        assertThat(graph.entity("Profile").orElseThrow().idColumns()).containsExactly("account_id");
    }
}
