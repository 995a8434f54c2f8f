package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.engine.spi.CascadingActions;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.AttributeMappingsList;
import org.hibernate.metamodel.mapping.EntityAssociationMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.hibernate.internal.sql.ReferenceSql;
import org.safemerge.hibernate.internal.sql.SqlDialect;
import org.safemerge.hibernate.internal.compat.HibernateCompat;
import org.safemerge.hibernate.internal.journal.RowImages;
import org.safemerge.report.DeleteDuplicate;
import org.safemerge.report.KeepDuplicate;
import org.safemerge.report.RowSelection;
import org.safemerge.spi.MergeStore.StepContext;

/**
 * Removes the duplicates once nothing points at them (one, or many of a batch chunk at once), or keeps one as a
 * tombstone. Deletes go through the session, so the firewall sees them and nothing cascades unplanned.
 */
final class DuplicateRemover {
    private final StoreContext context;
    private final Records records;
    private final SessionSync sync;

    DuplicateRemover(StoreContext context, Records records, SessionSync sync) {
        this.context = context;
        this.records = records;
        this.sync = sync;
    }

    /**
     * Deletes a duplicate once nothing points at it. It is re-read fresh (its collections were emptied by SQL), so
     * whatever cascades the mapping has find nothing to cascade to; the firewall checks that nothing else goes.
     */
    long delete(DeleteDuplicate step) {
        EntityType type = context.entityType(step.entity());
        requireUnreferenced(type, List.of(step.id()));
        sync.refreshChangedEntities();
        Object stale = records.remove(step.entity(), step.id());
        EntityPersister persister = context.concretePersister(stale);
        keepImages(persister, step.id(), step.soft() ? RowImages.Op.UPDATE : RowImages.Op.DELETE);
        sync.caches.evictRecord(persister, step.id());
        // Refreshed, not detached: detaching cascades DETACH (cascade=ALL) to entities the survivor still holds.
        context.session.refresh(stale);
        remove(persister, stale, step.id());
        context.session.flush();
        return 1;
    }

    /**
     * Deletes the duplicates of many groups: one check per reference that nothing points at any of them, one
     * re-read of the changed entities, then every removal through the session (firewall, cascades, caches) and one
     * flush, with JDBC batching on for it.
     */
    long[] deleteAll(List<DeleteDuplicate> steps) {
        EntityType type = context.entityType(steps.get(0).entity());
        List<Object> ids = steps.stream().map(DeleteDuplicate::id).toList();
        requireUnreferenced(type, ids);
        for (Object id : ids) {
            sync.caches.evictRecord(context.concretePersister(records.entity(type.name(), id)), id);
        }
        // re-reads every record, so whatever cascades the mapping has find nothing to cascade to
        sync.refreshChangedEntities();
        for (DeleteDuplicate step : steps) {
            Object id = step.id();
            Object stale = records.remove(type.name(), id);
            if (context.images != null) {
                keepImages(context.concretePersister(stale), id, step.soft() ? RowImages.Op.UPDATE
                        : RowImages.Op.DELETE);
            }
            remove(context.concretePersister(stale), stale, id);
        }
        Integer batchSize = context.session.getJdbcBatchSize();
        context.session.setJdbcBatchSize(Math.max(batchSize == null ? 0 : batchSize, 100));
        try {
            context.session.flush();
        } finally {
            context.session.setJdbcBatchSize(batchSize);
        }
        long[] deleted = new long[steps.size()];
        Arrays.fill(deleted, 1);
        return deleted;
    }

    private void remove(EntityPersister persister, Object duplicate, Object id) {
        refuseCascadingToOnes(persister, duplicate, id);
        context.allowedDeletes.add(DeleteFirewall.key(persister, id));
        context.session.remove(duplicate);
    }

    /**
     * The journal keeps the record's rows in every table of its entity (before it is deleted, or marked as a
     * tombstone), last table first, so that the undo re-creates them root table first.
     */
    private void keepImages(EntityPersister persister, Object id, RowImages.Op op) {
        if (context.images == null) {
            return;
        }
        List<HibernateCompat.MappedTable> tables = HibernateSupport.compat().tables(persister);
        for (int i = tables.size() - 1; i >= 0; i--) {
            HibernateCompat.MappedTable table = tables.get(i);
            if (table.keyColumns().size() != 1) {
                continue;
            }
            context.images.capture(id, op, table.name(), table.keyColumns(), table.keyColumns().get(0) + " = ?",
                    List.of(id));
        }
    }

    long keep(KeepDuplicate step, StepContext stepContext) {
        Object duplicate = records.entity(step.entity(), step.id());
        keepImages(context.concretePersister(duplicate), step.id(), RowImages.Op.UPDATE);
        if (stepContext.tombstoneMarker() != null) {
            stepContext.tombstoneMarker().mark(duplicate, step.survivorId());
        }
        context.session.flush();
        sync.refreshLater(duplicate);
        return 1;
    }

    /**
     * A to-one of the duplicate that cascades REMOVE (its badge, its address) would delete its target with the
     * duplicate. The target does not point at the duplicate, so no step handled it: refuse, naming the association.
     * (The firewall would stop the cascade too; this says why and what to do.)
     */
    private void refuseCascadingToOnes(EntityPersister persister, Object duplicate, Object id) {
        AttributeMappingsList attributes = persister.getAttributeMappings();
        for (int i = 0; i < attributes.size(); i++) {
            AttributeMapping attribute = attributes.get(i);
            if (attribute.isPluralAttributeMapping() || !(attribute instanceof EntityAssociationMapping association)
                    || attribute.getAttributeMetadata() == null
                    || !attribute.getAttributeMetadata().getCascadeStyle().doCascade(CascadingActions.REMOVE)) {
                continue;
            }
            Object target = attribute.getPropertyAccess().getGetter().get(duplicate);
            if (target == null) {
                continue;
            }
            EntityPersister targetPersister = association.getAssociatedEntityMappingType().getEntityPersister();
            Object targetId = context.factory.getPersistenceUnitUtil().getIdentifier(target);
            String entity = HibernateSupport.compat().jpaEntityName(persister);
            String name = entity + "." + attribute.getAttributeName();
            throw new MergeException(MergeErrorCode.UNEXPECTED_DELETE, "deleting duplicate "
                    + entity + " " + id + " would delete " + HibernateSupport.compat().jpaEntityName(targetPersister)
                    + " " + targetId + " with it: " + name + " cascades REMOVE, and the merge did not plan that "
                    + "delete; nothing was changed. Set " + name + " of " + id + " to null (or point it elsewhere) "
                    + "before merging, or keep the duplicate with keepDuplicates(...)");
        }
    }

    /**
     * Rule 3: a database ON DELETE rule must never act on rows the plan did not move, whether they hold the
     * duplicate's id or its value of another unique key (a legacy number). One count per reference for one
     * duplicate; one grouped count per reference and slice for many (one count per duplicate for references by
     * another key). References SafeMerge cannot handle are not checked: the plan kept the duplicates as tombstones
     * or left them to a database FK that refuses the delete.
     */
    private void requireUnreferenced(EntityType type, List<Object> ids) {
        SqlDialect dialect = context.dialect;
        for (InboundReference reference : context.graph.referencesTo(type)) {
            if (reference.has(ReferenceFlag.UNSUPPORTED)) {
                continue;
            }
            ReferenceSql sql = context.sql(reference);
            // the duplicate's own row may point at itself; it goes with the duplicate
            boolean ownTable = reference.table().equalsIgnoreCase(type.table())
                    && reference.rowKeyColumns().equals(type.idColumns());
            if (ids.size() == 1 || reference.byAlternateKey()) {
                for (Object id : ids) {
                    requireUnreferenced(type, sql, id, ownTable);
                }
                continue;
            }
            String notItself = ownTable ? " and " + sql.rowKey.get(0) + " <> " + sql.fk : "";
            int step = dialect.groupsPerStatement();
            for (int from = 0; from < ids.size(); from += step) {
                List<Object> slice = ids.subList(from, Math.min(ids.size(), from + step));
                List<Object> params = new ArrayList<>();
                dialect.addIn(params, slice);
                context.jdbc.forEachRow("select " + sql.fk + ", count(*) from " + sql.table + " where "
                        + dialect.in(sql.fk, slice.size()) + notItself + " group by " + sql.fk, params, 2, row -> {
                            throw stillReferenced(type, reference, row[0], ((Number) row[1]).longValue());
                        });
            }
        }
    }

    private void requireUnreferenced(EntityType type, ReferenceSql sql, Object id, boolean ownTable) {
        Object held = context.held(sql.reference, id);
        if (held == null) {
            return; // no value of the referenced key: no row can point at the duplicate
        }
        ReferenceSql.Condition where = sql.rows(held, ownTable ? RowSelection.allExcept(List.of(id))
                : RowSelection.all());
        long left = context.jdbc.count(sql.count(where), where.params());
        if (left > 0) {
            throw stillReferenced(type, sql.reference, id, left);
        }
    }

    private static MergeException stillReferenced(EntityType type, InboundReference reference, Object id,
            long rows) {
        return new MergeException(MergeErrorCode.CONCURRENT_MODIFICATION, rows + " rows of " + reference.table()
                + " (" + reference.key() + ") still point at duplicate " + type.name() + " " + id + " (added "
                + "concurrently?); deleting it could cascade, so the merge was rolled back");
    }
}
