package org.safemerge.hibernate.internal.journal;

import java.util.List;

/**
 * Where the store hands the rows it is about to delete or change, so that the journal keeps their full state for
 * the undo. The store calls it only when a journal is configured (it holds null otherwise): no cost without one.
 */
public interface RowImages {
    /** What happens to the rows. */
    enum Op {
        /** They are deleted: the undo re-inserts them. */
        DELETE,
        /** Some of their columns change: the undo writes the image's values back. */
        UPDATE,
        /**
         * All rows of the owners of an ordered collection (the list is renumbered): the undo puts back the owners'
         * rows as the first such image shows them.
         */
        LIST
    }

    /**
     * Captures {@code select * from table where where} (with {@code params}) before the rows go or change.
     *
     * @param recordId the merged record (survivor or duplicate) the step works for: names the merge
     * @param table the table as SQL writes it (quoted)
     * @param keyColumns the row key columns as SQL writes them (quoted), empty when unknown
     * @param where the condition selecting exactly the rows
     */
    void capture(Object recordId, Op op, String table, List<String> keyColumns, String where, List<Object> params);
}
