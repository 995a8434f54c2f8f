package org.safemerge.examples.domain;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.hibernate.Session;

/**
 * Realistic data with real-looking duplicates: an event entered twice with different tags, a person registered
 * twice, and six partners re-created while their originals were missing (restored later from a backup).
 */
public final class SeedData {
    /** The workshop that was entered twice: the survivor and its duplicate. */
    public static final long EVENT_SURVIVOR = 10;
    public static final long EVENT_DUPLICATE = 11;
    /** Duplicate partner id -> the restored original it must be merged into. */
    public static final Map<Long, Long> PARTNER_DUPLICATES = orderedMap(
            30001L, 21148L, 30002L, 21150L, 30003L, 21152L, 30004L, 21154L, 30005L, 21156L, 30006L, 21158L);

    private SeedData() {
    }

    /** Writes the whole example data set in the session's transaction. */
    public static void seed(Session session) {
        seedWorkshops(session);
        seedPartners(session);
    }

    private static void seedWorkshops(Session s) {
        LocalDateTime monday = LocalDateTime.of(2026, 11, 2, 9, 0);
        Organization pub = persist(s, new Organization(1L, "Python User Group Berlin"));
        persist(s, new Organization(2L, "Python User Group Berlin e.V."));
        Person ada = persist(s, new Person(1L, "Ada Lovelace", "ada@example.org", "+49 30 1234567", monday));
        Person adaAgain = persist(s, new Person(2L, "Ada  Lovelace", "ada.lovelace@example.org", null,
                monday.plusDays(3)));
        Person grace = persist(s, new Person(3L, "Grace Hopper", "grace@example.org", "+1 555 0100", monday));
        Person alan = persist(s, new Person(4L, "Alan Turing", "alan@example.org", null, monday));
        Tag python = persist(s, new Tag(1L, "python"));
        Tag beginners = persist(s, new Tag(2L, "beginners"));
        Tag online = persist(s, new Tag(3L, "online"));
        Tag data = persist(s, new Tag(4L, "data"));
        Tag advanced = persist(s, new Tag(5L, "advanced"));

        Event intro = new Event(EVENT_SURVIVOR, "Intro to Python", LocalDate.of(2026, 12, 5), pub, ada, monday);
        intro.tags.addAll(List.of(python, beginners));
        Event introCopy = new Event(EVENT_DUPLICATE, "Intro to Python ", LocalDate.of(2026, 12, 5), pub, adaAgain,
                monday.plusDays(1));
        introCopy.description = "Hands-on introduction for complete beginners; bring a laptop.";
        introCopy.tags.addAll(List.of(python, online, data));
        Event dataDay = new Event(12L, "Data Science Day", LocalDate.of(2027, 1, 16), pub, grace, monday);
        dataDay.tags.addAll(List.of(data, advanced));
        Event advancedPython = new Event(13L, "Advanced Python", LocalDate.of(2027, 2, 6), pub, alan, monday);
        advancedPython.tags.addAll(List.of(python, advanced));
        for (Event event : List.of(intro, introCopy, dataDay, advancedPython)) {
            s.persist(event);
        }
        persist(s, new Task(100L, "Book the room", intro, ada));
        persist(s, new Task(101L, "Order snacks", intro, grace));
        persist(s, new Task(102L, "Send invitations", introCopy, adaAgain));
        persist(s, new Task(103L, "Prepare exercises", introCopy, alan));
        persist(s, new Task(104L, "Print name badges", introCopy, null));
        persist(s, new Task(105L, "Book the speaker", dataDay, grace));
        persist(s, new Award(200L, "Best question", alan, introCopy));
        persist(s, new Award(201L, "Most helpful mentor", adaAgain, dataDay));
        persist(s, new Comment(300L, "Is there a waiting list?", introCopy, grace));
        persist(s, new Comment(301L, "Great first session!", intro, alan));
        persist(s, new Comment(302L, "Will slides be shared?", introCopy, adaAgain));
    }

    private static void seedPartners(Session s) {
        LocalDateTime restored = LocalDateTime.of(2026, 10, 1, 8, 0);
        LocalDateTime recreated = LocalDateTime.of(2026, 10, 20, 14, 30);
        String[] names = {"Maria Schmidt", "Jonas Weber", "Aylin Demir", "Piotr Nowak", "Fatima Haddad",
                "Lena Fischer"};
        String[] cities = {"Berlin", "Potsdam", "Berlin", "Cottbus", "Berlin", "Leipzig"};
        Partner office = persist(s, new Partner(100L, "Family Office Mitte", "Berlin", null, restored));
        long recordId = 1000;
        int i = 0;
        for (Map.Entry<Long, Long> pair : PARTNER_DUPLICATES.entrySet()) {
            Partner original = new Partner(pair.getValue(), names[i], cities[i], "SSN-" + (4711 + i), restored);
            original.parent = office;
            s.persist(original);
            Partner duplicate = new Partner(pair.getKey(), names[i].toUpperCase(), cities[i], null, recreated);
            s.persist(duplicate);
            // Records written while only the re-created duplicate existed.
            recordId = records(s, duplicate, recordId, i % 3 + 1);
            recordId = records(s, original, recordId, 1);
            if (i % 2 == 0) {
                persist(s, new PartnerProfile(recordId++, "intake form of " + names[i], original));
                persist(s, new PartnerProfile(recordId++, "second intake form of " + names[i], duplicate));
            }
            i++;
        }
        // A household member registered under the duplicate of Maria Schmidt.
        Partner child = new Partner(21149L, "Mia Schmidt", "Berlin", null, restored);
        child.parent = s.find(Partner.class, 30001L);
        s.persist(child);
    }

    /** {@code perKind} rows in each of the eight partner tables. */
    private static long records(Session s, Partner partner, long nextId, int perKind) {
        List<BiFunction<Long, String, Object>> kinds = List.of(
                (id, text) -> new Note(id, "note: " + text, partner),
                (id, text) -> new Word(id, "word: " + text, partner),
                (id, text) -> new Guest(id, "guest: " + text, partner),
                (id, text) -> new PartnerEvent(id, "event: " + text, partner),
                (id, text) -> new Coaching(id, "coaching: " + text, partner),
                (id, text) -> new Contact(id, "contact: " + text, partner),
                (id, text) -> new Granting(id, "granting: " + text, partner),
                (id, text) -> new IncomeConfirmation(id, "income: " + text, partner));
        long id = nextId;
        for (BiFunction<Long, String, Object> kind : kinds) {
            for (int n = 0; n < perKind; n++) {
                s.persist(kind.apply(id, partner.name + " #" + (n + 1)));
                id++;
            }
        }
        return id;
    }

    private static <T> T persist(Session s, T entity) {
        s.persist(entity);
        return entity;
    }

    private static Map<Long, Long> orderedMap(Long... pairs) {
        Map<Long, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
