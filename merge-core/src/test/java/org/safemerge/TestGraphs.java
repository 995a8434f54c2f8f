package org.safemerge;

import org.safemerge.testing.InMemoryExecutor;
import org.safemerge.testing.TestGraph;

/** Small graphs for single behaviours. */
final class TestGraphs {
    private TestGraphs() {
    }

    /** Events 1 and 2 with a NOT NULL one-to-one poster each (rows 400, 401). */
    static final class NotNullPoster {
        final InMemoryExecutor executor;

        NotNullPoster() {
            TestGraph g = new TestGraph();
            g.entity("Event", "event").basic("name");
            g.entity("Poster", "poster");
            g.toOne("Poster", "event", "Event", "event_id").notNull().unique();
            executor = InMemoryExecutor.of(g.build());
            executor.db().insert("event", "id", 1, "name", "A").insert("event", "id", 2, "name", "B")
                    .insert("poster", "id", 400, "event_id", 1).insert("poster", "id", 401, "event_id", 2);
        }

        MergePlan.Builder<Object> merge() {
            return MergePlan.builder(executor, "Event").survivor(1L).duplicates(2L);
        }
    }

    /** Categories 1 (A) and 2 (B) with a NOT NULL parent: A's parent is B, B is its own root. */
    static final class Categories {
        final InMemoryExecutor executor;

        Categories() {
            TestGraph g = new TestGraph();
            g.entity("Category", "category").basic("name");
            g.toOne("Category", "parent", "Category", "parent_id").notNull();
            executor = InMemoryExecutor.of(g.build());
            executor.db().insert("category", "id", 2, "name", "B", "parent_id", 2)
                    .insert("category", "id", 1, "name", "A", "parent_id", 2);
        }

        MergePlan.Builder<Object> merge() {
            return MergePlan.builder(executor, "Category").survivor(1L).duplicates(2L);
        }
    }

    /** Soft-deleted customers 1 and 2 (column {@code deleted}), with order 10 of customer 2. */
    static final class SoftDeletedCustomers {
        final InMemoryExecutor executor;

        SoftDeletedCustomers() {
            TestGraph g = new TestGraph();
            g.entity("Customer", "customer").softDelete("deleted").basic("name");
            g.entity("Order", "orders");
            g.toOne("Order", "customer", "Customer", "customer_id").notNull();
            executor = InMemoryExecutor.of(g.build());
            executor.db().insert("customer", "id", 1, "name", "A", "deleted", false)
                    .insert("customer", "id", 2, "name", "B", "deleted", false)
                    .insert("orders", "id", 10, "customer_id", 2);
        }

        MergePlan.Builder<Object> merge(long survivor, long duplicate) {
            return MergePlan.builder(executor, "Customer").survivor(survivor).duplicates(duplicate);
        }
    }

    /** Shops 1 and 2; the catalog-only table {@code visit} has no primary key and 3 rows for shop 2. */
    static final class Unkeyed {
        final InMemoryExecutor executor;

        Unkeyed() {
            TestGraph g = new TestGraph();
            g.entity("Shop", "shop");
            g.catalogFk("visit", "shop_id", "Shop").noRowIds();
            executor = InMemoryExecutor.of(g.build());
            executor.db().insert("shop", "id", 1).insert("shop", "id", 2);
            for (int i = 0; i < 3; i++) {
                executor.db().insert("visit", "shop_id", 2, "day", i);
            }
        }

        MergePlan.Builder<Object> merge() {
            return MergePlan.builder(executor, "Shop").survivor(1L).duplicates(2L);
        }
    }
}
