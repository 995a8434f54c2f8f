package org.safemerge.hibernate.exec;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.Cache;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.cfg.AvailableSettings;
import org.safemerge.FieldStrategy;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.hibernate.testing.MatrixTest;
import org.safemerge.hibernate.testing.TestDatabase;
import org.safemerge.report.MergeReport;
import org.safemerge.report.SetAttribute;

/**
 * With the second-level cache on (JCache on Caffeine): after a merge, nothing cached shows the old state, and only
 * the entries of what changed were evicted.
 */
class SecondLevelCacheMergeTest {
    private static final long A = 10L;
    private static final long B = 11L;
    private static final long OTHER = 12L;
    private static final String TAGS = CachedEvent.class.getName() + ".tags";
    private static final String TASKS = CachedEvent.class.getName() + ".tasks";

    @Entity(name = "CachedEvent")
    @Table(name = "ca_event")
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "CachedEvent")
    static class CachedEvent {
        @Id
        Long id;
        String title;
        @Version
        Long version;
        @ManyToMany
        @JoinTable(name = "ca_event_tag", joinColumns = @JoinColumn(name = "event_id"),
                inverseJoinColumns = @JoinColumn(name = "tag_id"))
        @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "CachedEvent.tags")
        Set<CachedTag> tags = new HashSet<>();
        @OneToMany(mappedBy = "event")
        @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "CachedEvent.tasks")
        Set<CachedTask> tasks = new HashSet<>();
    }

    @Entity(name = "CachedTag")
    @Table(name = "ca_tag")
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "CachedTag")
    static class CachedTag {
        @Id
        Long id;
        String name;
    }

    @Entity(name = "CachedTask")
    @Table(name = "ca_task")
    @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "CachedTask")
    static class CachedTask {
        @Id
        Long id;
        String title;
        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "event_id")
        CachedEvent event;
    }

    /** Events A (10, tag 1), B (11, tags 2, 3), other (12, tag 2); tasks 100 -> A, 101, 102 -> B, 103 -> other. */
    private static SessionFactory seed(TestDatabase db) {
        SessionFactory factory = db.sessionFactory(settings -> {
            settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, true);
            settings.put(AvailableSettings.CACHE_REGION_FACTORY, "jcache");
            settings.put("hibernate.javax.cache.provider",
                    "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
            settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
            // JCache's caches live as long as the JVM: a prefix per factory keeps other runs' entries out
            settings.put(AvailableSettings.CACHE_REGION_PREFIX, db.schema() + "_" + System.nanoTime());
        }, CachedEvent.class, CachedTag.class, CachedTask.class);
        db.execute("insert into ca_tag (id, name) values (1, 'python'), (2, 'beginners'), (3, 'online')",
                "insert into ca_event (id, title, version) values (10, 'A', 0), (11, 'B', 0), (12, 'other', 0)",
                "insert into ca_event_tag (event_id, tag_id) values (10, 1), (11, 2), (11, 3), (12, 2)",
                "insert into ca_task (id, title, event_id) values (100, 'a', 10), (101, 'b1', 11), (102, 'b2', 11), "
                        + "(103, 'o', 12)");
        // fill the cache: every entity and collection once
        factory.inTransaction(s -> {
            for (long id : new long[] {A, B, OTHER}) {
                CachedEvent event = s.find(CachedEvent.class, id);
                Hibernate.initialize(event.tags);
                Hibernate.initialize(event.tasks);
            }
            for (long id = 100; id <= 103; id++) {
                s.find(CachedTask.class, id);
            }
        });
        return factory;
    }

    @MatrixTest
    void afterAMerge_cachedStateReadsTheSurvivor_andOnlyChangedEntriesWereEvicted(TestDatabase db) {
        SessionFactory factory = seed(db);
        Cache cache = factory.getCache();
        assertThat(cache.containsEntity(CachedTask.class, 101L)).as("cache filled").isTrue();
        assertThat(cache.containsCollection(TAGS, A)).isTrue();

        factory.inTransaction(s -> HibernateMerge.of(s).plan(CachedEvent.class).survivor(A).duplicates(B)
                .field("tags", FieldStrategy.union()).build().execute());

        // the rows the SQL steps changed are gone from the cache (the survivor's and B's entries and collections
        // are Hibernate's own to handle: a refresh or delete leaves READ_WRITE soft locks, which contains() counts;
        // the reads below prove they serve no stale state)
        assertThat(cache.containsEntity(CachedTask.class, 101L)).isFalse();
        assertThat(cache.containsEntity(CachedTask.class, 102L)).isFalse();
        // what did not change is still cached
        assertThat(cache.containsEntity(CachedTask.class, 100L)).isTrue();
        assertThat(cache.containsEntity(CachedTask.class, 103L)).isTrue();
        assertThat(cache.containsEntity(CachedTag.class, 2L)).isTrue();
        assertThat(cache.containsEntity(CachedEvent.class, OTHER)).isTrue();
        assertThat(cache.containsCollection(TAGS, OTHER)).isTrue();
        assertThat(cache.containsCollection(TASKS, OTHER)).isTrue();

        factory.inTransaction(s -> {
            CachedTask task = s.find(CachedTask.class, 101L);
            assertThat(((CachedEvent) Hibernate.unproxy(task.event)).id).isEqualTo(A);
            CachedEvent survivor = (CachedEvent) Hibernate.unproxy(s.find(CachedEvent.class, A));
            assertThat(survivor.version).isEqualTo(1L);
            assertThat(survivor.tags).extracting(t -> t.id).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(survivor.tasks).extracting(t -> t.id).containsExactlyInAnyOrder(100L, 101L, 102L);
            assertThat(s.find(CachedEvent.class, B)).isNull();
            CachedEvent other = s.find(CachedEvent.class, OTHER);
            assertThat(other.tags).extracting(t -> t.id).containsExactly(2L);
        });
    }

    @MatrixTest
    void aRecordChangedBehindTheCache_isPlannedFromTheLockedRow_notFromTheCache(TestDatabase db) {
        SessionFactory factory = seed(db);
        assertThat(factory.getCache().containsEntity(CachedEvent.class, B)).as("B cached").isTrue();
        // another application edits B with plain SQL: the cache still holds the old title
        db.execute("update ca_event set title = 'B edited', version = 1 where id = 11");

        MergeReport done = HibernateMerge.of(factory).plan(CachedEvent.class).survivor(A).duplicates(B)
                .field("title", FieldStrategy.takeB()).build().execute();

        assertThat(done.stepsOf(SetAttribute.class)).singleElement()
                .satisfies(set -> assertThat(set.after()).isEqualTo("B edited"));
        assertThat(db.queryRows("select title from ca_event where id = 10")).containsExactly(List.of("B edited"));
    }
}
