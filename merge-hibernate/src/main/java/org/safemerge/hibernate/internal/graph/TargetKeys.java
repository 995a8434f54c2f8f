package org.safemerge.hibernate.internal.graph;

import java.sql.SQLException;
import java.util.List;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.ReferenceKind;

/**
 * Decides what an FK's columns hold: the target's id (the usual case), another unique key of the target that
 * SafeMerge matches and re-points rows by (a legacy number, {@code referencedColumnName}), or a key it cannot
 * handle, with the reason (the reference then blocks every plan of its target).
 */
final class TargetKeys {
    /**
     * What the columns hold.
     *
     * @param columns the referenced key's columns as the graph shows them; empty for the id
     * @param attribute the target's attribute mapped to them, or null
     * @param unsupported why SafeMerge cannot handle the reference, or null when it can
     */
    record Target(List<String> columns, String attribute, String unsupported) {
        static final Target ID = new Target(List.of(), null, null);
    }

    private final MappingReader mapping;
    private final CatalogReader catalog;
    private final NameResolver names;

    TargetKeys(MappingReader mapping, CatalogReader catalog, NameResolver names) {
        this.mapping = mapping;
        this.catalog = catalog;
        this.names = names;
    }

    /**
     * @param kind the reference's kind
     * @param targetEntity the entity the reference points at
     * @param targetTable the referenced table (graph spelling, or stored for catalog-only FKs)
     * @param targetColumns the referenced columns, as the graph shows them
     */
    Target of(ReferenceKind kind, String targetEntity, String targetTable, List<String> targetColumns)
            throws SQLException {
        if (targetColumns.isEmpty() || sameColumns(targetColumns, mapping.tableKey(targetTable))) {
            return Target.ID;
        }
        EntityType target = mapping.entities().get(targetEntity);
        String key = display(targetTable) + "(" + String.join(", ", targetColumns) + ")";
        if (kind.isLink()) {
            return unsupported(targetColumns, "its rows are links keyed by " + key + ", not by the id of "
                    + targetEntity + "; join tables and element collections keyed so are not supported yet");
        }
        if (targetColumns.size() > 1) {
            return unsupported(targetColumns, "a composite FK to " + key + ", a key other than the id of "
                    + targetEntity);
        }
        if (target == null || !target.table().equalsIgnoreCase(display(targetTable))) {
            return unsupported(targetColumns, "it points at " + key + ", which is not in "
                    + (target == null ? "the id table" : target.table() + ", the table that holds the id") + " of "
                    + targetEntity);
        }
        if (!unique(targetTable, targetColumns)) {
            return unsupported(targetColumns, "it points at " + key + ", which is not a unique key: a row could "
                    + "point at several " + targetEntity + " records at once");
        }
        return new Target(targetColumns, mapping.attributeOf(targetEntity, target.table(), targetColumns.get(0)),
                null);
    }

    /** The mapping and the database FK name different columns of the same table: which rows mean what is unclear. */
    static Target disagreeing(List<String> mapped, String constraint, List<String> database) {
        return unsupported(mapped, "the mapping says its columns hold " + String.join(", ", mapped.isEmpty()
                ? List.of("the id") : mapped) + ", the database FK " + constraint + " says "
                + String.join(", ", database));
    }

    static boolean sameColumns(List<String> a, List<String> b) {
        return SqlNames.foldedColumnSetKey("", a).equals(SqlNames.foldedColumnSetKey("", b));
    }

    private boolean unique(String targetTable, List<String> columns) throws SQLException {
        if (mapping.boot().unique(display(targetTable), columns)) {
            return true;
        }
        CatalogReader.TableInfo info = catalog.describe(null, names.table(display(targetTable)), true);
        return info != null && info.unique(columns);
    }

    private static Target unsupported(List<String> columns, String why) {
        return new Target(columns, null, why);
    }

    /** A table in the mapping's spelling where the mapping knows it. */
    private String display(String table) {
        String spelled = mapping.tableSpelling(table);
        return spelled != null ? spelled : catalog.display(table);
    }
}
