package org.safemerge.hibernate.graph;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.SoftDelete;
import org.hibernate.dialect.Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.graph.StoredNames;
import org.safemerge.hibernate.testing.Database;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;

/**
 * Every name the graph shows resolves to the spelling the database stores, so SQL that quotes every identifier finds
 * it: names with a space, reserved words and mixed case quoted in the mapping (stored exactly), plain unquoted names
 * (folded: upper case on H2, lower case on PostgreSQL, as written on MariaDB), and catalog-only tables.
 */
class StoredNamesGraphTest {

    @Entity(name = "Team")
    @Table(name = "\"Group\"")
    static class Team {
        @Id
        Long id;
        @ManyToMany
        @JoinTable(name = "\"Team Tag\"", joinColumns = @JoinColumn(name = "\"TeamId\""),
                inverseJoinColumns = @JoinColumn(name = "\"TagId\""))
        @OrderColumn(name = "\"Position\"")
        List<Tag> tags = new ArrayList<>();
        @ElementCollection
        @CollectionTable(name = "team_alias", joinColumns = @JoinColumn(name = "team_id"))
        @Column(name = "\"Alias\"")
        Set<String> aliases = new HashSet<>();
    }

    @Entity(name = "Member")
    @Table(name = "`member list`")
    @SoftDelete(columnName = "\"Gone\"")
    static class Member {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "\"order\"")
        Team team;
        @Column(name = "\"Nick Name\"")
        String nickName;
    }

    @Entity(name = "Tag")
    @Table(name = "tag")
    static class Tag {
        @Id
        Long id;
    }

    /** A fresh schema: the catalog-only tables reference the mapped ones, so Hibernate's own drop needs them gone. */
    private static SessionFactory factory(TestDatabase db) {
        db.execute("DROP TABLE IF EXISTS " + db.quote("LegacyBadge"), "DROP TABLE IF EXISTS legacy_plain",
                "DROP TABLE IF EXISTS " + db.quote("group"));
        return db.sessionFactory(Team.class, Member.class, Tag.class);
    }

    /**
     * Tables only the catalog knows: a quoted mixed-case table with a column with a space, a plain one, and
     * {@code group}, which differs from the mapped {@code Group} only in case (and points at nothing).
     */
    private static StoredNames storedNamesAfterLegacyDdl(TestDatabase db, SessionFactory factory) {
        db.execute("CREATE TABLE " + db.quote("LegacyBadge") + " (id BIGINT NOT NULL PRIMARY KEY, "
                        + db.quote("team ref") + " BIGINT, FOREIGN KEY (" + db.quote("team ref") + ") REFERENCES "
                        + db.quote("Group") + " (id))",
                "CREATE TABLE legacy_plain (id BIGINT NOT NULL PRIMARY KEY, team_id BIGINT,"
                        + " FOREIGN KEY (team_id) REFERENCES " + db.quote("Group") + " (id))",
                "CREATE TABLE " + db.quote("group") + " (id BIGINT NOT NULL PRIMARY KEY)");
        GraphCache.rebuild(factory);
        return GraphCache.storedNames(factory);
    }

    @MatrixTest
    void quotedMappingNames_areStoredExactly_andPlainOnesFolded(TestDatabase db) {
        SessionFactory factory = factory(db);
        StoredNames names = storedNamesAfterLegacyDdl(db, factory);
        String id = plain(db, "id");

        assertThat(names.table("Group")).as("not the catalog's group").containsExactly("Group");
        assertThat(names.column("Group", "id")).isEqualTo(id);
        assertThat(names.table("member list")).containsExactly("member list");
        assertThat(names.column("member list", "order")).isEqualTo("order");
        assertThat(names.column("member list", "id")).isEqualTo(id);
        assertThat(names.column("member list", "Gone")).isEqualTo("Gone");
        assertThat(names.table("Team Tag")).containsExactly("Team Tag");
        assertThat(List.of(names.column("Team Tag", "TeamId"), names.column("Team Tag", "TagId"),
                names.column("Team Tag", "Position"))).containsExactly("TeamId", "TagId", "Position");
        assertThat(names.table("team_alias")).containsExactly(plain(db, "team_alias"));
        assertThat(names.column("team_alias", "team_id")).isEqualTo(plain(db, "team_id"));
        assertThat(names.column("team_alias", "Alias")).isEqualTo("Alias");
        assertThat(names.table("tag")).containsExactly(plain(db, "tag"));
    }

    @MatrixTest
    void catalogOnlyNames_areSpelledAsTheCatalogStoresThem(TestDatabase db) {
        SessionFactory factory = factory(db);
        StoredNames names = storedNamesAfterLegacyDdl(db, factory);
        AssociationGraph graph = GraphCache.graph(factory);

        assertThat(graph.reference("LegacyBadge(team ref)")).isPresent();
        assertThat(names.table("LegacyBadge")).containsExactly("LegacyBadge");
        assertThat(names.column("LegacyBadge", "team ref")).isEqualTo("team ref");
        assertThat(names.column("LegacyBadge", "id")).isEqualTo(plain(db, "id"));
        assertThat(graph.reference("legacy_plain(team_id)")).isPresent();
        assertThat(names.table("legacy_plain")).containsExactly(plain(db, "legacy_plain"));
        assertThat(names.column("legacy_plain", "team_id")).isEqualTo(plain(db, "team_id"));
    }

    @MatrixTest
    void everyTableAndColumnTheGraphShows_isFoundWhenQuoted(TestDatabase db) {
        SessionFactory factory = factory(db);
        StoredNames names = storedNamesAfterLegacyDdl(db, factory);
        AssociationGraph graph = GraphCache.graph(factory);
        Dialect dialect = dialect(factory);
        List<String> queries = new ArrayList<>();
        for (EntityType type : graph.entities()) {
            List<String> columns = new ArrayList<>(type.idColumns());
            if (type.softDeleteColumn() != null) {
                columns.add(type.softDeleteColumn());
            }
            queries.add(select(dialect, names, type.table(), columns));
        }
        for (InboundReference reference : graph.references()) {
            List<String> columns = new ArrayList<>(reference.columns());
            columns.addAll(reference.rowKeyColumns());
            if (reference.orderColumn() != null) {
                columns.add(reference.orderColumn());
            }
            queries.add(select(dialect, names, reference.table(), columns));
        }

        assertThat(queries).hasSize(graph.entities().size() + graph.references().size());
        db.execute(queries.toArray(String[]::new));
    }

    @MatrixTest
    void namesTheCatalogLacks_followTheMappingsQuoting_orTheFoldingRule(TestDatabase db) {
        SessionFactory factory = factory(db);
        StoredNames before = storedNamesAfterLegacyDdl(db, factory);
        db.execute("DROP TABLE " + db.quote("Team Tag"), "DROP TABLE team_alias");

        GraphCache.rebuild(factory);
        StoredNames after = GraphCache.storedNames(factory);

        assertThat(after).as("rebuilt with the graph").isNotSameAs(before);
        assertThat(after.table("Team Tag")).containsExactly("Team Tag");
        assertThat(after.column("Team Tag", "Position")).isEqualTo("Position");
        assertThat(after.table("team_alias")).containsExactly(plain(db, "team_alias"));
        assertThat(after.column("team_alias", "team_id")).isEqualTo(plain(db, "team_id"));
        assertThat(after.column("team_alias", "Alias")).isEqualTo("Alias");
    }

    @MatrixTest
    void aCatalogOnlyTableInAnotherSchema_keepsBothPartsAsStored(TestDatabase db) {
        SessionFactory factory = factory(db);
        String other = db.schema() + "_Archive";
        String home = db.database() == Database.H2 ? "PUBLIC" : db.schema();
        String schema = db.database() == Database.MARIADB ? "DATABASE " : "SCHEMA ";
        db.execute("CREATE " + schema + db.quote(other));
        try {
            db.execute("CREATE TABLE " + db.quote(other) + "." + db.quote("Old Badge") + " (id BIGINT NOT NULL"
                    + " PRIMARY KEY, team_id BIGINT, FOREIGN KEY (team_id) REFERENCES " + db.quote(home) + "."
                    + db.quote("Group") + " (id))");
            GraphCache.rebuild(factory);
            StoredNames names = GraphCache.storedNames(factory);

            assertThat(GraphCache.graph(factory).reference(other + ".Old Badge(team_id)")).isPresent();
            assertThat(names.table(other + ".Old Badge")).containsExactly(other, "Old Badge");
            assertThat(names.column(other + ".Old Badge", "team_id")).isEqualTo(plain(db, "team_id"));
            db.execute(select(dialect(factory), names, other + ".Old Badge", List.of("id", "team_id")));
        } finally {
            db.execute("DROP " + schema + db.quote(other) + (db.database() == Database.MARIADB ? "" : " CASCADE"));
        }
    }

    /** How the database stores a plain unquoted name. */
    private static String plain(TestDatabase db, String name) {
        return db.database() == Database.H2 ? name.toUpperCase(java.util.Locale.ROOT) : name;
    }

    /** A query naming the table and columns quoted, as generated SQL will: it fails unless every name is right. */
    private static String select(Dialect dialect, StoredNames names, String table, List<String> columns) {
        String from = names.table(table).stream().map(p -> quote(dialect, p)).collect(Collectors.joining("."));
        String select = columns.stream().map(c -> quote(dialect, names.column(table, c)))
                .collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + from + " WHERE 1 = 0";
    }

    private static Dialect dialect(SessionFactory factory) {
        return factory.unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
    }

    private static String quote(Dialect dialect, String name) {
        return dialect.openQuote() + name + dialect.closeQuote();
    }
}
