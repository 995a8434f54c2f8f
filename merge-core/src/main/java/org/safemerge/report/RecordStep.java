package org.safemerge.report;

import java.util.List;

/** A step about one merged record itself (its version, its removal or its tombstone): one row, that record's. */
public sealed interface RecordStep extends Step permits BumpVersion, DeleteDuplicate, KeepDuplicate {

    /** The entity name. */
    String entity();

    /** The record's id. */
    Object id();

    @Override
    default String subject() {
        return entity();
    }

    @Override
    default long expectedRows() {
        return 1;
    }

    @Override
    default List<Object> sampleRowIds() {
        return List.of(id());
    }
}
