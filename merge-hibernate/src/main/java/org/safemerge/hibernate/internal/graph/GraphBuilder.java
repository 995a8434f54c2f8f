package org.safemerge.hibernate.internal.graph;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.OnDeleteRule;
import org.safemerge.graph.ReferenceFlag;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.graph.TableIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the association graph of a SessionFactory, uncached: the mapping's references matched against the
 * database catalog (constraint, ON DELETE rule, nullability), plus the catalog's FKs the mapping does not know;
 * and, from the same catalog, the {@link StoredNames} of every name the graph shows. {@link GraphCache} keeps one
 * of each per factory; tests and benchmarks call this directly.
 */
public final class GraphBuilder {
    private static final Logger log = LoggerFactory.getLogger(GraphBuilder.class);

    /** A graph and the stored spelling of its names, read from the same catalog. */
    record Built(AssociationGraph graph, StoredNames storedNames) {
    }

    private GraphBuilder() {
    }

    /** Builds the graph now, with the boot-model facts the integrator kept for this factory (if it ran). */
    public static AssociationGraph build(SessionFactory sessionFactory) {
        return build(sessionFactory, GraphCache.bootFacts(sessionFactory)).graph();
    }

    static Built build(SessionFactory sessionFactory, BootFacts boot) {
        long start = System.nanoTime();
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        MappingReader mapping = new MappingReader(factory, boot).read();
        List<InboundReference> references;
        AssociationGraph graph;
        StoredNames storedNames;
        try (CatalogReader catalog = CatalogReader.open(factory)) {
            NameResolver names = new NameResolver(catalog, mapping.names(), StoredNames.Folding.of(factory));
            Reconciler reconciler = new Reconciler(mapping, catalog, names);
            references = reconciler.references();
            graph = new AssociationGraph(List.copyOf(mapping.entities().values()), references,
                    reconciler.uniqueKeys.keys(), reconciler.indexes());
            storedNames = names.storedNames(graph);
        } catch (SQLException e) {
            throw new MergeException(MergeErrorCode.DATABASE_ERROR, "could not read the database catalog (JDBC "
                    + "DatabaseMetaData) to find the foreign keys that point at entities: " + e.getMessage()
                    + ". SafeMerge needs read access to the catalog of the schema the SessionFactory uses.", e);
        }
        if (log.isDebugEnabled()) {
            log.debug("built the association graph of {} entity types and {} references in {} ms",
                    mapping.entities().size(), references.size(), (System.nanoTime() - start) / 1_000_000);
        }
        return new Built(graph, storedNames);
    }

    /** Turns drafts and catalog FKs into references; one instance per build. */
    private static final class Reconciler {
        private final MappingReader mapping;
        private final CatalogReader catalog;
        private final NameResolver names;
        private final TargetKeys keys;
        private final Map<String, InboundReference> references = new LinkedHashMap<>();
        final UniqueKeyReader uniqueKeys;
        /** The indexes of each table that holds references, by folded graph table name. */
        private final Map<String, List<TableIndex>> indexes = new LinkedHashMap<>();

        Reconciler(MappingReader mapping, CatalogReader catalog, NameResolver names) {
            this.mapping = mapping;
            this.catalog = catalog;
            this.names = names;
            this.keys = new TargetKeys(mapping, catalog, names);
            this.uniqueKeys = new UniqueKeyReader(mapping.boot(), mapping.names());
        }

        List<InboundReference> references() throws SQLException {
            Map<String, CatalogReader.ForeignKey> catalogKeys = new LinkedHashMap<>();
            List<String> targets = mapping.entityTables().stream().map(names::table).toList();
            for (CatalogReader.ForeignKey fk : catalog.exportedKeys(targets)) {
                catalogKeys.putIfAbsent(SqlNames.foldedColumnSetKey(fk.qualifiedTable(), fk.columns()), fk);
            }
            Set<String> matched = new HashSet<>();
            for (ReferenceDraft draft : mapping.drafts()) {
                if (!draft.defined()) {
                    log.warn("{} is mapped only from its inverse side {}; it is not in the association graph",
                            draft.key, draft.names());
                    continue;
                }
                String columnSet = SqlNames.foldedColumnSetKey(draft.table, draft.columns);
                CatalogReader.ForeignKey fk = catalogKeys.get(columnSet);
                if (fk != null) {
                    matched.add(columnSet);
                }
                add(mapped(draft, fk));
            }
            for (Map.Entry<String, CatalogReader.ForeignKey> entry : catalogKeys.entrySet()) {
                CatalogReader.ForeignKey fk = entry.getValue();
                if (matched.contains(entry.getKey())
                        || (fk.qualifier() == null && mapping.isEntityInternal(fk.table(), fk.columns()))) {
                    continue;
                }
                add(catalogOnly(fk));
            }
            return references.values().stream()
                    .sorted((a, b) -> a.key().compareTo(b.key()))
                    .toList();
        }

        List<TableIndex> indexes() {
            return indexes.values().stream().flatMap(List::stream).toList();
        }

        /** Reads the indexes of a table that holds references, once. */
        private void readIndexes(String graphTable, String qualifier, String stored, String spellingTable)
                throws SQLException {
            if (indexes.containsKey(SqlNames.fold(graphTable))) {
                return;
            }
            List<TableIndex> read = new ArrayList<>();
            for (CatalogReader.Index index : catalog.indexes(qualifier, stored)) {
                read.add(new TableIndex(graphTable, index.name(), display(spellingTable, index.columns()),
                        index.unique()));
            }
            indexes.put(SqlNames.fold(graphTable), List.copyOf(read));
        }

        private void add(InboundReference reference) {
            if (reference != null) {
                references.putIfAbsent(SqlNames.fold(reference.key()), reference);
            }
        }

        private InboundReference mapped(ReferenceDraft draft, CatalogReader.ForeignKey fk) throws SQLException {
            boolean foreignKeyKind = draft.kind == ReferenceKind.FOREIGN_KEY;
            CatalogReader.TableInfo info = catalog.describe(null, names.table(draft.table), foreignKeyKind);
            readIndexes(draft.table, null, names.table(draft.table), draft.table);
            Set<ReferenceFlag> flags = EnumSet.noneOf(ReferenceFlag.class);
            flags.addAll(draft.flags);
            List<String> notes = new ArrayList<>();
            OnDeleteRule onDelete = fk == null ? OnDeleteRule.UNKNOWN : fk.onDelete();
            if (fk == null) {
                flags.add(ReferenceFlag.NO_DATABASE_CONSTRAINT);
            } else {
                String constrained = mapping.tableOwner(fk.targetTable());
                if (constrained == null || !mapping.sameHierarchy(constrained, draft.targetEntity)) {
                    notes.add("the database FK " + fk.name() + " points at table " + tableName(fk.targetTable())
                            + ", the mapping at " + draft.targetEntity);
                }
            }
            boolean mappedCascade = draft.mappedOnDeleteCascade
                    || mapping.boot().onDeleteCascade(draft.table, draft.columns);
            if (onDelete == OnDeleteRule.CASCADE || mappedCascade) {
                flags.add(ReferenceFlag.ON_DELETE_CASCADE);
            }
            if (mappedCascade && fk != null && onDelete != OnDeleteRule.CASCADE) {
                notes.add("the mapping declares @OnDelete(CASCADE), the database FK " + fk.name() + " has ON DELETE "
                        + onDelete);
            }
            if (info == null) {
                notes.add("table " + draft.table + " is not in the database catalog of the factory's schema");
            }
            Boolean databaseNullable = info == null ? null : info.nullable(draft.columns);
            boolean nullable = databaseNullable == null ? draft.mappingNullable : databaseNullable;
            if (foreignKeyKind && databaseNullable != null && databaseNullable != draft.mappingNullable) {
                flags.add(ReferenceFlag.NULLABILITY_MISMATCH);
                notes.add("the mapping says " + draft.table + "(" + String.join(", ", draft.columns) + ") is "
                        + (draft.mappingNullable ? "nullable" : "NOT NULL") + ", the database column is "
                        + (databaseNullable ? "nullable" : "NOT NULL"));
            }
            List<String> rowKey = draft.rowKeyColumns;
            boolean unique = draft.unique;
            if (foreignKeyKind) {
                rowKey = mapping.tableKey(draft.table);
                if (rowKey.isEmpty() && info != null) {
                    rowKey = display(draft.table, info.primaryKey());
                }
                unique |= mapping.boot().unique(draft.table, draft.columns)
                        || (info != null && info.unique(draft.columns));
                if (derivedIdentity(draft.columns, rowKey)) {
                    flags.add(ReferenceFlag.DERIVED_IDENTITY);
                }
                uniqueKeys.read(draft.table, info, stored -> display(draft.table, stored));
                EntityType source = mapping.entities().get(draft.sourceEntity);
                if (source != null && source.softDeleted()) {
                    flags.add(ReferenceFlag.SOFT_DELETE);
                }
            }
            if (draft.sourceEntity != null && mapping.sameHierarchy(draft.sourceEntity, draft.targetEntity)) {
                flags.add(ReferenceFlag.SELF_REFERENCE);
            }
            TargetKeys.Target target = mappedTarget(draft, fk);
            unsupported(target, flags, notes);
            return new InboundReference(draft.key, draft.names(), draft.kind, draft.targetEntity, draft.table,
                    draft.columns, rowKey, draft.sourceEntity, nullable, unique, draft.orderColumn, flags, onDelete,
                    fk == null ? null : fk.name(), notes, target.columns(), target.attribute());
        }

        /** The key the mapping's FK holds; where the database FK names other columns of that table, unsupported. */
        private TargetKeys.Target mappedTarget(ReferenceDraft draft, CatalogReader.ForeignKey fk) throws SQLException {
            if (draft.targetTable == null) {
                return TargetKeys.Target.ID;
            }
            if (fk != null && SqlNames.fold(fk.targetTable()).equals(SqlNames.fold(names.table(draft.targetTable)))
                    && !TargetKeys.sameColumns(fk.targetColumns(), draft.targetColumns)) {
                return TargetKeys.disagreeing(draft.targetColumns, fk.name(),
                        display(fk.targetTable(), fk.targetColumns()));
            }
            return keys.of(draft.kind, draft.targetEntity, draft.targetTable, draft.targetColumns);
        }

        private static void unsupported(TargetKeys.Target target, Set<ReferenceFlag> flags, List<String> notes) {
            if (target.unsupported() != null) {
                flags.add(ReferenceFlag.UNSUPPORTED);
                notes.add(target.unsupported());
            }
        }

        private InboundReference catalogOnly(CatalogReader.ForeignKey fk) throws SQLException {
            String target = mapping.tableOwner(fk.targetTable());
            if (target == null) {
                return null;
            }
            String table = fk.qualifier() == null ? tableName(fk.table()) : fk.qualifier() + "." + fk.table();
            List<String> columns = display(fk.table(), fk.columns());
            CatalogReader.TableInfo info = catalog.describe(fk.qualifier(), fk.table(), true);
            readIndexes(table, fk.qualifier(), fk.table(), fk.table());
            uniqueKeys.read(table, info, stored -> display(fk.table(), stored));
            List<String> storedRowKey = info == null ? List.of() : info.primaryKey();
            List<String> rowKey = display(fk.table(), storedRowKey);
            List<String> storedTable = fk.qualifier() == null ? List.of(fk.table())
                    : List.of(fk.qualifier(), fk.table());
            names.catalogNames(table, storedTable, ModelParts.concat(columns, rowKey),
                    ModelParts.concat(fk.columns(), storedRowKey));
            Boolean nullable = info == null ? null : info.nullable(fk.columns());
            Set<ReferenceFlag> flags = EnumSet.of(ReferenceFlag.CATALOG_ONLY);
            if (fk.onDelete() == OnDeleteRule.CASCADE) {
                flags.add(ReferenceFlag.ON_DELETE_CASCADE);
            }
            if (derivedIdentity(columns, rowKey)) {
                flags.add(ReferenceFlag.DERIVED_IDENTITY);
            }
            String holder = fk.qualifier() == null ? mapping.tableOwner(fk.table()) : null;
            if (holder != null && mapping.sameHierarchy(holder, target)) {
                flags.add(ReferenceFlag.SELF_REFERENCE);
            }
            if (holder != null && mapping.entities().get(holder).softDeleted()) {
                flags.add(ReferenceFlag.SOFT_DELETE);
            }
            List<String> notes = new ArrayList<>();
            // an FK to a unique column other than the id is matched by that column's value, or blocks its target
            TargetKeys.Target key = keys.of(ReferenceKind.CATALOG_FOREIGN_KEY, target, fk.targetTable(),
                    display(fk.targetTable(), fk.targetColumns()));
            unsupported(key, flags, notes);
            return new InboundReference(InboundReference.keyOf(table, columns), List.of(),
                    ReferenceKind.CATALOG_FOREIGN_KEY, target, table, columns, rowKey, null,
                    nullable == null || nullable, info != null && info.unique(fk.columns()), null, flags,
                    fk.onDelete(), fk.name(), notes, key.columns(), key.attribute());
        }

        /** The FK columns are (part of) the row's primary key: re-pointing changes a primary key. */
        private static boolean derivedIdentity(List<String> columns, List<String> primaryKey) {
            return !primaryKey.isEmpty() && columns.stream().allMatch(c -> SqlNames.containsIgnoreCase(primaryKey, c));
        }

        /** A catalog table name in the mapping's spelling, or folded like an unquoted name. */
        private String tableName(String stored) {
            String spelled = mapping.tableSpelling(stored);
            return spelled != null ? spelled : catalog.display(stored);
        }

        private List<String> display(String table, List<String> storedColumns) {
            return storedColumns.stream().map(c -> {
                String spelled = mapping.columnSpelling(table, c);
                return spelled != null ? spelled : catalog.display(c);
            }).toList();
        }
    }
}
