package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.safemerge.hibernate.exec.MergeFailures.code;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.safemerge.AssociationPolicy;
import org.safemerge.MergeErrorCode;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.MergeVerdict;

/**
 * A small merge's re-points and unassigns of many tables run together (PostgreSQL: one statement of data-modifying
 * WITH queries returning an array of ids per table; MariaDB: one locking UNION ALL of every table's rows, then each
 * UPDATE): every row ends where one-by-one steps would put it, every audited row id is the row's id as its own
 * column reads (Long, Integer, String, UUID, a smallint's Integer), two references from one table never share a
 * statement, and a row added behind the plan's back still rolls the merge back.
 */
class TogetherRowStepsMergeTest {
    private static final UUID T1 = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID T2 = UUID.fromString("00000000-0000-4000-8000-000000000002");

    @Entity(name = "TgClient")
    @Table(name = "tg_client")
    static class Client {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "TgOrder")
    @Table(name = "tg_order")
    static class ClientOrder {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
    }

    @Entity(name = "TgNote")
    @Table(name = "tg_note")
    static class Note {
        @Id
        Integer id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
    }

    @Entity(name = "TgTag")
    @Table(name = "tg_tag")
    static class Tag {
        @Id
        String id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
    }

    @Entity(name = "TgTicket")
    @Table(name = "tg_ticket")
    static class Ticket {
        @Id
        UUID id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
    }

    @Entity(name = "TgBadge")
    @Table(name = "tg_badge")
    static class Badge {
        @Id
        Short id;
        @ManyToOne
        @JoinColumn(name = "client_id")
        Client client;
    }

    /** Two references from one table: the same row may hold the duplicate in both columns. */
    @Entity(name = "TgAction")
    @Table(name = "tg_action")
    static class Action {
        @Id
        Long id;
        @ManyToOne
        @JoinColumn(name = "created_by")
        Client createdBy;
        @ManyToOne
        @JoinColumn(name = "updated_by")
        Client updatedBy;
    }

    private static final Class<?>[] ENTITIES = {Client.class, ClientOrder.class, Note.class, Tag.class,
        Ticket.class, Badge.class, Action.class};

    private static void insert(TestDatabase db) {
        db.execute("insert into tg_client (id, name) values (1, 'a'), (2, 'b'), (3, 'c')",
                "insert into tg_order (id, client_id) values (10, 1), (11, 2), (12, 2), (13, 3)",
                "insert into tg_note (id, client_id) values (20, 2), (21, 2), (22, 1)",
                "insert into tg_tag (id, client_id) values ('t-1', 2), ('t-2', 3)",
                "insert into tg_ticket (id, client_id) values ('" + T1 + "', 2), ('" + T2 + "', 1)",
                "insert into tg_badge (id, client_id) values (40, 2), (41, 2)",
                "insert into tg_action (id, created_by, updated_by) values (50, 2, 2), (51, 1, 2), (52, 2, 3)");
    }

    /** The ids of a table's rows whose {@code column} holds {@code value}, as the column reads through JDBC. */
    private static Set<Object> ids(TestDatabase db, String table, String column, long value) {
        Set<Object> ids = new HashSet<>();
        db.queryRows("select id from " + table + " where " + column + " = " + value).forEach(r -> ids.add(r.get(0)));
        return ids;
    }

    @MatrixTest
    void manyTables_areChangedTogether_asOneByOneWould(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(ENTITIES);
        insert(db);
        Set<Object> orders = ids(db, "tg_order", "client_id", 2);
        Set<Object> notes = ids(db, "tg_note", "client_id", 2);
        Set<Object> tags = ids(db, "tg_tag", "client_id", 2);
        Set<Object> tickets = ids(db, "tg_ticket", "client_id", 2);
        Set<Object> badges = ids(db, "tg_badge", "client_id", 2);
        Set<Object> created = ids(db, "tg_action", "created_by", 2);
        Set<Object> updated = ids(db, "tg_action", "updated_by", 2);
        AuditTrail audit = new AuditTrail();

        HibernateMerge.of(factory).plan(Client.class).survivor(1L).duplicates(2L).audit(audit)
                .association("TgNote.client", AssociationPolicy.unassign()).build().execute();

        assertThat(db.queryLong("select count(*) from tg_client where id = 2")).isZero();
        assertThat(ids(db, "tg_order", "client_id", 1)).containsAll(orders).hasSize(3);
        assertThat(db.queryLong("select count(*) from tg_note where client_id is null")).isEqualTo(2);
        assertThat(ids(db, "tg_tag", "client_id", 1)).isEqualTo(tags);
        assertThat(ids(db, "tg_ticket", "client_id", 1)).containsAll(tickets).hasSize(2);
        assertThat(ids(db, "tg_badge", "client_id", 1)).isEqualTo(badges);
        assertThat(ids(db, "tg_action", "created_by", 1)).containsAll(created).hasSize(3);
        assertThat(ids(db, "tg_action", "updated_by", 1)).isEqualTo(updated);
        assertThat(db.queryLong("select count(*) from tg_action where created_by = 2 or updated_by = 2")).isZero();

        // each reference's event names exactly its rows, each id of the type its column reads as
        List<AuditEvent.ReferencesRepointed> repointed = audit.of(AuditEvent.ReferencesRepointed.class);
        assertThat(repointed).extracting(AuditEvent.ReferencesRepointed::table).containsExactlyInAnyOrder(
                "tg_order", "tg_tag", "tg_ticket", "tg_badge", "tg_action", "tg_action");
        for (AuditEvent.ReferencesRepointed event : repointed) {
            Set<Object> expected = switch (event.table() + "." + event.columns().get(0)) {
                case "tg_order.client_id" -> orders;
                case "tg_tag.client_id" -> tags;
                case "tg_ticket.client_id" -> tickets;
                case "tg_badge.client_id" -> badges;
                case "tg_action.created_by" -> created;
                case "tg_action.updated_by" -> updated;
                default -> throw new AssertionError("unexpected " + event);
            };
            assertThat(new HashSet<>(event.rowIds())).as(event.reference()).isEqualTo(expected);
        }
        List<AuditEvent.ReferencesUnassigned> unassigned = audit.of(AuditEvent.ReferencesUnassigned.class);
        assertThat(unassigned).singleElement().satisfies(e -> assertThat(new HashSet<>(e.rowIds()))
                .isEqualTo(notes));
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
    }

    @MatrixTest
    void aRowAddedBehindThePlansBack_rollsTheMergeBack(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(ENTITIES);
        insert(db);
        AuditTrail audit = new AuditTrail();
        // a guard runs after the plan, before the first write, in the merge's transaction: a row appears there
        Throwable failure = catchThrowable(() -> HibernateMerge.of(factory).plan(Client.class).survivor(1L)
                .duplicates(2L).audit(audit).guard(merge -> {
                    merge.unwrap(Session.class).doWork(connection -> {
                        try (Statement statement = connection.createStatement()) {
                            statement.executeUpdate("insert into tg_tag (id, client_id) values ('t-3', 2)");
                        }
                    });
                    return MergeVerdict.allow();
                }).build().execute());

        assertThat(failure).satisfies(code(MergeErrorCode.CONCURRENT_MODIFICATION));
        assertThat(audit.rolledBackWith()).isEqualTo(MergeErrorCode.CONCURRENT_MODIFICATION.name());
        assertThat(db.queryLong("select count(*) from tg_client where id = 2")).isEqualTo(1);
        assertThat(db.queryLong("select count(*) from tg_order where client_id = 2")).isEqualTo(2);
        assertThat(db.queryLong("select count(*) from tg_tag where client_id = 2")).as("the guard's row too")
                .isEqualTo(1);
    }
}
