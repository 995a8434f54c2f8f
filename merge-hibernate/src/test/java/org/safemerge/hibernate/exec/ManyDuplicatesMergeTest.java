package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.SessionFactory;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TableDump;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.MergeReport;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.spi.AuditEvent;

/**
 * One merge of 500 duplicates (each referenced by rows of a NOT NULL and a nullable table and linked to tags,
 * many of them shared with the survivor or with earlier duplicates): every row moves, every shared link is dropped
 * exactly once, every duplicate is deleted with its last state, the version moves once, all audited; the dry run
 * shows the same and writes nothing.
 */
class ManyDuplicatesMergeTest {
    private static final int DUPLICATES = 500;
    private static final long SURVIVOR = 1L;
    private static final int TAGS = 7;

    @Entity(name = "MdPartner")
    @Table(name = "md_partner")
    static class Partner {
        @Id
        Long id;
        String name;
        @Version
        Long version;
        @ManyToMany
        @JoinTable(name = "md_partner_tag", joinColumns = @JoinColumn(name = "partner_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        Set<Tag> tags = new HashSet<>();
    }

    @Entity(name = "MdTag")
    @Table(name = "md_tag")
    static class Tag {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "MdNote")
    @Table(name = "md_note")
    static class Note {
        @Id
        Long id;
        String text;
        @ManyToOne(optional = false)
        @JoinColumn(name = "partner_id", nullable = false)
        Partner partner;
    }

    @Entity(name = "MdContact")
    @Table(name = "md_contact")
    static class Contact {
        @Id
        Long id;
        String text;
        @ManyToOne
        @JoinColumn(name = "partner_id")
        Partner partner;
    }

    private static List<Object> duplicates() {
        List<Object> ids = new ArrayList<>();
        for (long p = 2; p <= DUPLICATES + 1; p++) {
            ids.add(p);
        }
        return ids;
    }

    /** Partner p's tags: the survivor 1 and 2; duplicate p the tags p mod 7 + 1 and (p + 3) mod 7 + 1. */
    private static List<Long> tagsOf(long partner) {
        return partner == SURVIVOR ? List.of(1L, 2L) : List.of(partner % TAGS + 1, (partner + 3) % TAGS + 1);
    }

    /**
     * Partners 1..2001 (1 the survivor) plus 9999, which is not merged; partner p has notes 2p and 2p + 1, contact p
     * and its tags; partner 9999 has note 1 and contact 9999 and tag 1.
     */
    private static SessionFactory seeded(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(Partner.class, Tag.class, Note.class, Contact.class);
        List<String> sql = new ArrayList<>();
        for (long t = 1; t <= TAGS; t++) {
            sql.add("insert into md_tag (id, name) values (" + t + ", 'tag " + t + "')");
        }
        StringBuilder partners = new StringBuilder("insert into md_partner (id, name, version) values (9999, "
                + "'other', 0)");
        StringBuilder notes = new StringBuilder("insert into md_note (id, text, partner_id) values (1, 'other', 9999)");
        StringBuilder contacts = new StringBuilder("insert into md_contact (id, text, partner_id) values (9999, "
                + "'other', 9999)");
        StringBuilder links = new StringBuilder("insert into md_partner_tag (partner_id, tag_id) values (9999, 1)");
        for (long p = 1; p <= DUPLICATES + 1; p++) {
            partners.append(", (").append(p).append(", 'partner ").append(p).append("', 0)");
            notes.append(", (").append(2 * p).append(", 'n', ").append(p).append("), (").append(2 * p + 1)
                    .append(", 'n', ").append(p).append(')');
            contacts.append(", (").append(p).append(", 'c', ").append(p).append(')');
            for (long tag : tagsOf(p)) {
                links.append(", (").append(p).append(", ").append(tag).append(')');
            }
        }
        sql.add(partners.toString());
        sql.add(notes.toString());
        sql.add(contacts.toString());
        sql.add(links.toString());
        db.execute(sql.toArray(String[]::new));
        return factory;
    }

    @MatrixTest
    void twoThousandDuplicates_everyRowMoves_sharedLinksDropOnce_eachDuplicateDeletedAndAudited(TestDatabase db) {
        SessionFactory factory = seeded(db);
        AuditTrail audit = new AuditTrail();

        MergeReport report = HibernateMerge.of(factory).plan(Partner.class).survivor(SURVIVOR)
                .duplicates(duplicates()).audit(audit).build().execute();

        assertThat(db.queryLong("select count(*) from md_note")).isEqualTo(2L * (DUPLICATES + 1) + 1);
        assertThat(db.queryLong("select count(*) from md_note where partner_id = 1"))
                .isEqualTo(2L * (DUPLICATES + 1));
        assertThat(db.queryLong("select count(*) from md_contact where partner_id = 1")).isEqualTo(DUPLICATES + 1);
        assertThat(db.queryRows("select id, partner_id from md_note where partner_id <> 1"))
                .containsExactly(List.of(1L, 9999L));
        assertThat(db.queryRows("select id, name, version from md_partner order by id")).containsExactly(
                List.of(1L, "partner 1", 1L), List.of(9999L, "other", 0L));
        assertThat(db.queryRows("select partner_id, tag_id from md_partner_tag order by partner_id, tag_id"))
                .as("the survivor holds each tag once; partner 9999 keeps its link")
                .containsExactly(List.of(1L, 1L), List.of(1L, 2L), List.of(1L, 3L), List.of(1L, 4L),
                        List.of(1L, 5L), List.of(1L, 6L), List.of(1L, 7L), List.of(9999L, 1L));
        assertThat(db.queryLong("select count(*) from md_tag")).isEqualTo(TAGS);

        Map<String, List<Object>> repointed = new HashMap<>();
        for (AuditEvent.ReferencesRepointed event : audit.of(AuditEvent.ReferencesRepointed.class)) {
            assertThat(event.to()).isEqualTo(SURVIVOR);
            repointed.computeIfAbsent(event.table(), k -> new ArrayList<>()).addAll(event.rowIds());
        }
        Set<Object> notes = new TreeSet<>();
        Set<Object> contacts = new TreeSet<>();
        for (long p = 2; p <= DUPLICATES + 1; p++) {
            notes.addAll(List.of(2 * p, 2 * p + 1));
            contacts.add(p);
        }
        assertThat(repointed.get("md_note")).hasSize(2 * DUPLICATES).containsExactlyInAnyOrderElementsOf(notes);
        assertThat(repointed.get("md_contact")).hasSize(DUPLICATES).containsExactlyInAnyOrderElementsOf(contacts);
        List<AuditEvent.EntityDeleted> deleted = audit.of(AuditEvent.EntityDeleted.class);
        assertThat(deleted).extracting(AuditEvent.EntityDeleted::id).containsExactlyElementsOf(duplicates());
        assertThat(deleted).allSatisfy(e -> assertThat(e.lastState()).containsEntry("name", "partner " + e.id()));
        assertThat(audit.of(AuditEvent.VersionBumped.class)).singleElement()
                .satisfies(e -> assertThat(e.id()).isEqualTo(SURVIVOR));
        assertThat(audit.last()).isInstanceOf(AuditEvent.MergeCommitted.class);
        assertThat(report.actualRows()).isEqualTo(report.steps().stream().map(s -> s.expectedRows()).toList());
        assertThat(report.stepsOf(DeleteDuplicate.class)).hasSize(DUPLICATES);
    }

    @MatrixTest
    void twoThousandDuplicates_dryRun_showsEachDuplicatesRowsAndSharedLinks_andWritesNothing(TestDatabase db) {
        SessionFactory factory = seeded(db);
        TableDump before = TableDump.of(db);

        MergeReport preview = HibernateMerge.of(factory).plan(Partner.class).survivor(SURVIVOR)
                .duplicates(duplicates()).build().dryRun();

        assertThat(TableDump.of(db)).isEqualTo(before);
        assertThat(preview.blocked()).isFalse();
        assertThat(preview.stepsOf(RepointReferences.class)).hasSize(2 * DUPLICATES)
                .allSatisfy(step -> assertThat(step.expectedRows()).isEqualTo(step.table().equals("md_note") ? 2 : 1));
        // a link is dropped where the survivor or an earlier duplicate has it: expected from the tags, in order
        Map<Object, Set<Object>> shared = new HashMap<>();
        Map<Object, Set<Object>> moved = new HashMap<>();
        Set<Long> held = new LinkedHashSet<>(tagsOf(SURVIVOR));
        for (long p = 2; p <= DUPLICATES + 1; p++) {
            for (long tag : tagsOf(p)) {
                (held.contains(tag) ? shared : moved).computeIfAbsent(p, k -> new TreeSet<>()).add(tag);
            }
            held.addAll(tagsOf(p));
        }
        Map<Object, Set<Object>> skippedByStep = new HashMap<>();
        for (SkipDuplicateLinks step : preview.stepsOf(SkipDuplicateLinks.class)) {
            assertThat(step.expectedRows()).isEqualTo(step.sampleRowIds().size());
            skippedByStep.put(step.from(), new TreeSet<>(step.sampleRowIds()));
        }
        assertThat(skippedByStep).isEqualTo(shared);
        Map<Object, Long> movedByStep = new HashMap<>();
        for (MoveLinks step : preview.stepsOf(MoveLinks.class)) {
            movedByStep.put(step.from(), step.expectedRows());
        }
        Map<Object, Long> expectedMoves = new HashMap<>();
        moved.forEach((p, tags) -> expectedMoves.put(p, (long) tags.size()));
        assertThat(movedByStep).isEqualTo(expectedMoves);
        assertThat(preview.stepsOf(DeleteDuplicate.class)).extracting(DeleteDuplicate::id)
                .containsExactlyElementsOf(duplicates());
    }
}
