package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safemerge.hibernate.graph.GraphAssertions.assertReferences;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.MapKeyJoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.annotations.SoftDelete;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.AssociationGraphs;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Associations inside embeddables, element collections of basics, embeddables (with a to-one inside) and maps
 * (with a basic and with an entity key), a self-reference, and a soft-deleted entity.
 */
class EmbeddablesAndElementCollectionsGraphTest {

    @Embeddable
    static class Shipping {
        String street;
        @ManyToOne
        @JoinColumn(name = "shipping_partner_id")
        @OnDelete(action = OnDeleteAction.CASCADE)
        Partner partner;
    }

    @Embeddable
    static class Line {
        String sku;
        int quantity;
        @ManyToOne
        @JoinColumn(name = "product_id")
        Product product;
    }

    @Entity(name = "Order")
    @Table(name = "orders")
    static class Order {
        @Id
        Long id;
        @Embedded
        Shipping shipping;
        @ElementCollection
        @CollectionTable(name = "order_keywords", joinColumns = @JoinColumn(name = "order_id"))
        @Column(name = "keyword")
        Set<String> keywords;
        @ElementCollection
        @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
        @OrderColumn(name = "line_no")
        List<Line> lines;
        @ElementCollection
        @CollectionTable(name = "order_labels", joinColumns = @JoinColumn(name = "order_id"))
        @MapKeyColumn(name = "label_key")
        @Column(name = "label_value")
        Map<String, String> labels;
        @ElementCollection
        @CollectionTable(name = "order_product_notes", joinColumns = @JoinColumn(name = "order_id"))
        @MapKeyJoinColumn(name = "product_id")
        @Column(name = "note")
        Map<Product, String> productNotes;
    }

    @Entity(name = "Partner")
    @Table(name = "partner")
    @SoftDelete
    static class Partner {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "parent_id")
        Partner parent;
        @OneToMany(mappedBy = "parent")
        Set<Partner> children;
    }

    @Entity(name = "Product")
    @Table(name = "product")
    static class Product {
        @Id
        Long id;
    }

    private static SessionFactory factory(TestDatabase db) {
        return db.sessionFactory(Order.class, Partner.class, Product.class);
    }

    private static final String[] EXPECTED = {
        "orders(shipping_partner_id) FOREIGN_KEY -> Partner [Order.shipping.partner] table=orders"
                + " columns=[shipping_partner_id] rowKey=[id] source=Order nullable"
                + " flags=[INSIDE_EMBEDDABLE, ON_DELETE_CASCADE] onDelete=CASCADE",
        "partner(parent_id) FOREIGN_KEY -> Partner [Partner.parent, Partner.children] table=partner"
                + " columns=[parent_id] rowKey=[id] source=Partner nullable flags=[SELF_REFERENCE, SOFT_DELETE]"
                + " onDelete=DEFAULT",
        "order_keywords(order_id) ELEMENT_COLLECTION -> Order [Order.keywords] table=order_keywords"
                + " columns=[order_id] rowKey=[keyword] source=null NOT NULL unique flags=[] onDelete=DEFAULT",
        "order_lines(order_id) ELEMENT_COLLECTION -> Order [Order.lines] table=order_lines columns=[order_id]"
                + " rowKey=[product_id, quantity, sku] source=null NOT NULL order=line_no flags=[ORDERED]"
                + " onDelete=DEFAULT",
        "order_lines(product_id) ELEMENT_COLLECTION -> Product [Order.lines.product] table=order_lines"
                + " columns=[product_id] rowKey=[order_id, quantity, sku] source=Order nullable order=line_no"
                + " flags=[INSIDE_EMBEDDABLE, ORDERED] onDelete=DEFAULT",
        "order_labels(order_id) ELEMENT_COLLECTION -> Order [Order.labels] table=order_labels columns=[order_id]"
                + " rowKey=[label_value, label_key] source=null NOT NULL unique flags=[] onDelete=DEFAULT",
        "order_product_notes(order_id) ELEMENT_COLLECTION -> Order [Order.productNotes] table=order_product_notes"
                + " columns=[order_id] rowKey=[note, product_id] source=null NOT NULL unique flags=[]"
                + " onDelete=DEFAULT",
        "order_product_notes(product_id) ELEMENT_COLLECTION -> Product [Order.productNotes]"
                + " table=order_product_notes columns=[product_id] rowKey=[order_id, note] source=Order NOT NULL"
                + " unique flags=[] onDelete=DEFAULT",
    };

    @MatrixTest
    void findsAssociationsInsideEmbeddablesAndElementCollectionRows(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        assertReferences(graph, db.database(), EXPECTED);
    }

    @MatrixTest
    void describesEmbeddedAndElementCollectionAttributes_andTheSoftDeleteColumn(TestDatabase db) {
        AssociationGraph graph = AssociationGraphs.of(factory(db));

        EntityType order = graph.entity("Order").orElseThrow();
        assertThat(order.attribute("shipping").orElseThrow().kind()).isEqualTo(AttributeKind.EMBEDDED);
        assertThat(order.attribute("shipping").orElseThrow().javaType()).isEqualTo(Shipping.class.getName());
        assertThat(order.attribute("keywords").orElseThrow().kind()).isEqualTo(AttributeKind.ELEMENT_COLLECTION);
        assertThat(order.attribute("keywords").orElseThrow().javaType()).isEqualTo(String.class.getName());
        assertThat(order.attribute("keywords").orElseThrow().reference()).isEqualTo("order_keywords(order_id)");
        assertThat(order.attribute("lines").orElseThrow().reference()).isEqualTo("order_lines(order_id)");
        assertThat(order.attribute("labels").orElseThrow().reference()).isEqualTo("order_labels(order_id)");
        assertThat(order.attribute("productNotes").orElseThrow().reference())
                .isEqualTo("order_product_notes(order_id)");
        assertThat(order.attributes()).hasSize(6);

        EntityType partner = graph.entity("Partner").orElseThrow();
        assertThat(partner.softDeleteColumn()).isEqualTo("deleted");
        assertThat(partner.attribute("parent").orElseThrow().reference())
                .as("a self-referencing to-one knows its reference").isEqualTo("partner(parent_id)");
        assertThat(partner.attribute("children").orElseThrow().reference()).isEqualTo("partner(parent_id)");
    }

    @MatrixTest
    void withoutTheIntegrator_buildsTheSameGraphFromTheRuntimeModelAndTheCatalog(TestDatabase db) {
        SessionFactory factory = factory(db);
        GraphCache.evict(factory);

        AssociationGraph graph = AssociationGraphs.of(factory);

        assertReferences(graph, db.database(), EXPECTED);
    }
}
