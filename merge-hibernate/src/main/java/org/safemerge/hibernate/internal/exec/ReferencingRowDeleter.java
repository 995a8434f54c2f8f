package org.safemerge.hibernate.internal.exec;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.CollectionKey;
import org.hibernate.engine.spi.PersistenceContext;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.hibernate.internal.journal.RowImages;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.spi.MergeStore.StepContext;

/**
 * Deletes referencing rows where the caller allowed it for that association (the only deletes besides the
 * duplicates). Entities go through the session (firewall, cascades, caches); rows no entity maps go by SQL.
 */
final class ReferencingRowDeleter {
    private final StoreContext context;
    private final SessionSync sync;

    ReferencingRowDeleter(StoreContext context, SessionSync sync) {
        this.context = context;
        this.sync = sync;
    }

    long apply(DeleteReferencingRows step, StepContext stepContext) {
        InboundReference reference = context.reference(step.reference());
        ReferenceSql sql = context.sql(reference);
        Object from = context.held(reference, step.from());
        ReferenceSql.Condition where = sql.rows(from, step.selection());
        // Only the rows the plan showed may go: a row that appeared since was never in any dry run.
        RowWriter.requirePlanned(step, sql, context.jdbc.count(sql.count(where), where.params()));
        if (context.images != null) {
            // the rows as they are before the delete, for the undo (the entity's own table)
            context.images.capture(step.from(), RowImages.Op.DELETE, sql.table, sql.rowKey, where.sql(),
                    where.params());
        }
        Optional<EntityType> source = Optional.ofNullable(reference.sourceEntity()).flatMap(context.graph::entity)
                .filter(e -> e.idColumns().equals(reference.rowKeyColumns()));
        if (source.isEmpty()) {
            return deleteBySql(step, sql, where, stepContext);
        }
        EntityPersister persister = context.persister(source.get());
        long[] removed = new long[1];
        context.jdbc.stream("select " + sql.rowKeyList() + " from " + sql.table + " where " + where.sql()
                + " order by " + sql.rowKeyList(), where.params(), 1, stepContext.chunkSize(), chunk -> {
                    stepContext.rowIds().accept(chunk);
                    for (Object id : chunk) {
                        context.allowedDeletes.add(DeleteFirewall.key(persister, id));
                        Object entity = context.session.find(persister.getMappedClass(), id);
                        if (entity != null) {
                            releaseFromLoadedCollections(reference, from, entity);
                            context.session.remove(entity);
                            removed[0]++;
                        }
                    }
                    context.session.flush();
                });
        long left = context.jdbc.count(sql.count(where), where.params());
        if (left > 0) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, left + " rows of " + reference.table()
                    + " still point at " + step.from() + " after deleting " + removed[0] + " of them (rows added "
                    + "concurrently?); the merge was rolled back, try again");
        }
        sync.touched(reference, from, null);
        return removed[0];
    }

    /**
     * Takes an entity about to be deleted out of the loaded collections of {@code owner} that hold it. Otherwise a
     * collection that cascades PERSIST would bring it back at flush (a removed entity reached by a cascade is
     * managed again), and the delete would silently not happen.
     */
    private void releaseFromLoadedCollections(InboundReference reference, Object owner, Object entity) {
        PersistenceContext persistence = context.sessionImplementor.getPersistenceContextInternal();
        for (CollectionPersister role : sync.collectionRoles.keyedBy(reference.table(), reference.columns())) {
            PersistentCollection<?> collection = persistence.getCollection(new CollectionKey(role, owner));
            if (collection == null || !collection.wasInitialized()) {
                continue;
            }
            if (collection instanceof Collection<?> elements) {
                elements.remove(entity);
            } else if (collection instanceof Map<?, ?> map) {
                map.values().remove(entity);
            }
        }
    }

    /** Rows of a table no entity maps (a catalog-only FK): deleted by SQL, ids announced first. */
    private long deleteBySql(DeleteReferencingRows step, ReferenceSql sql, ReferenceSql.Condition where,
            StepContext stepContext) {
        long selected = sql.hasRowKey()
                ? context.jdbc.stream(sql.lockKeys(where), where.params(), sql.rowKey.size(), stepContext.chunkSize(),
                        stepContext.rowIds())
                : context.jdbc.count(sql.count(where), where.params());
        RowWriter.requirePlanned(step, sql, selected);
        long deleted = context.jdbc.update("delete from " + sql.table + " where " + where.sql(), where.params());
        if (deleted != selected) {
            throw new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, deleted + " rows of "
                    + sql.reference.table() + " (" + sql.reference.key() + ") deleted where " + selected + " were "
                    + "selected; the merge was rolled back, try again");
        }
        sync.touched(sql.reference, null, null);
        return deleted;
    }
}
