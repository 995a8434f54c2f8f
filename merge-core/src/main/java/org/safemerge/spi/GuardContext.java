package org.safemerge.spi;

import java.util.List;

/**
 * What a {@link MergeGuard} sees: the merge's records as the application's entity objects, their ids, and the
 * session (or connection) the merge runs in, to query further. Provided by merge-core; valid only during
 * {@link MergeGuard#check}.
 *
 * @param <T> the merged entity's Java type
 */
public interface GuardContext<T> {
    /** The merged entity's name, as in the association graph. */
    String entityName();

    /** The id of the record that stays. */
    Object survivorId();

    /** The ids of the records merged into the survivor, in the order given. */
    List<Object> duplicateIds();

    /**
     * The survivor as the persistence technology holds it (with merge-hibernate: the managed entity of the
     * merge's session, read from the locked row in {@code execute()}). Read it, do not change it.
     *
     * @throws IllegalStateException when the executor hands out no entity objects
     */
    T survivor();

    /** The duplicates, as {@link #survivor()}, in the order of {@link #duplicateIds()}. */
    List<T> duplicates();

    /**
     * The session the merge runs in, to query through its transaction (and so see the locked rows): with
     * merge-hibernate, {@code org.hibernate.Session} or {@code jakarta.persistence.EntityManager}. Queries run
     * without flushing: in a dry run they do not see changes the caller has not flushed yet.
     *
     * @param type the type wanted
     * @throws IllegalArgumentException when the executor has nothing of that type (the message names it)
     */
    <X> X unwrap(Class<X> type);
}
