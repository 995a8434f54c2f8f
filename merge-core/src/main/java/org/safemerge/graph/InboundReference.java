package org.safemerge.graph;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A way rows elsewhere point at an entity type: one physical set of columns in one table that holds the target's id,
 * or the value of another unique key of the target ({@link #targetColumns()}, e.g. a legacy number). A mapped pair
 * such as {@code Task.event} / {@code Event.tasks} is one reference with two {@link #names()}; each
 * side of a join table is its own reference (one per entity it points at). Immutable and thread-safe; a null
 * {@code onDelete} becomes {@link OnDeleteRule#UNKNOWN}.
 *
 * @param key canonical, unique name: {@code table(column, ...)}, e.g. {@code event_tags(event_id)}
 * @param names the mapping's names for it ({@code Task.event}, {@code Event.tasks}); empty for catalog-only FKs.
 *              Policies may use any of them, the key, or (for the merged entity's own attribute) the bare attribute
 * @param kind how rows hold the id
 * @param targetEntity the entity type the columns point at (a reference to a supertype also points at subtypes)
 * @param table the table that holds {@code columns}
 * @param columns the columns holding the target's id (or the {@code targetColumns}' values), in the order of the
 *                target's columns
 * @param rowKeyColumns what identifies one row: the primary key of {@code table} for FK kinds; for link tables the
 *                      other columns of the link (the element or owner columns). Row ids in reports use these.
 *                      Empty when the table has no primary key (counts only).
 * @param sourceEntity the entity mapped to {@code table} (FK kinds) or the entity on the other side of a link; null
 *                     for catalog-only references and basic element collections
 * @param nullable whether {@code columns} may be NULL (in the database; see {@link #notes()} for disagreements)
 * @param unique whether a target may have at most one row here: a unique FK (one-to-one) or, for link tables, set
 *               semantics (the link's columns are unique together). Re-pointing then can conflict
 * @param orderColumn the list index column, or null
 * @param flags facts that constrain the merge
 * @param onDelete the database's ON DELETE rule
 * @param constraintName the database FK constraint name, or null when the database has none
 * @param notes human-readable disagreements between mapping and catalog, and why SafeMerge cannot handle a reference
 *              flagged {@link ReferenceFlag#UNSUPPORTED}
 * @param targetColumns the columns of the target's table that {@code columns} hold when they are not its id: a
 *                      unique key such as {@code legacy_no} ({@code @JoinColumn(referencedColumnName = ...)} or a
 *                      database FK to a unique column). Rows are then matched and re-pointed by that key's value.
 *                      Empty when the columns hold the target's id (the usual case)
 * @param targetAttribute the target's attribute mapped to {@code targetColumns} (e.g. {@code legacyNo}), or null when
 *                        the columns hold the id or no single attribute maps them
 */
public record InboundReference(String key, List<String> names, ReferenceKind kind, String targetEntity, String table,
        List<String> columns, List<String> rowKeyColumns, String sourceEntity, boolean nullable, boolean unique,
        String orderColumn, Set<ReferenceFlag> flags, OnDeleteRule onDelete, String constraintName,
        List<String> notes, List<String> targetColumns, String targetAttribute) {
    public InboundReference {
        Objects.requireNonNull(key, "key");
        names = List.copyOf(names);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(targetEntity, "targetEntity");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("reference " + key + " has no columns");
        }
        rowKeyColumns = List.copyOf(rowKeyColumns);
        flags = Set.copyOf(flags);
        onDelete = onDelete == null ? OnDeleteRule.UNKNOWN : onDelete;
        notes = List.copyOf(notes);
        targetColumns = targetColumns == null ? List.of() : List.copyOf(targetColumns);
        if (!targetColumns.isEmpty() && targetColumns.size() != columns.size()) {
            throw new IllegalArgumentException("reference " + key + " has " + columns.size() + " columns for "
                    + targetColumns.size() + " target columns");
        }
    }

    /** A reference that holds the target's id (no {@code targetColumns}). */
    public InboundReference(String key, List<String> names, ReferenceKind kind, String targetEntity, String table,
            List<String> columns, List<String> rowKeyColumns, String sourceEntity, boolean nullable, boolean unique,
            String orderColumn, Set<ReferenceFlag> flags, OnDeleteRule onDelete, String constraintName,
            List<String> notes) {
        this(key, names, kind, targetEntity, table, columns, rowKeyColumns, sourceEntity, nullable, unique,
                orderColumn, flags, onDelete, constraintName, notes, List.of(), null);
    }

    /** Whether the rows hold a unique key of the target other than its id ({@link #targetColumns()}). */
    public boolean byAlternateKey() {
        return !targetColumns.isEmpty();
    }

    /** The canonical key for a table and its columns: {@code table(c1, c2)}. */
    public static String keyOf(String table, List<String> columns) {
        return table + "(" + String.join(", ", columns) + ")";
    }

    /** Whether the reference carries {@code flag}. */
    public boolean has(ReferenceFlag flag) {
        return flags.contains(flag);
    }

    /** Whether {@code name} denotes this reference (its key or one of its mapping names, case-sensitive). */
    public boolean isNamed(String name) {
        return key.equals(name) || names.contains(name);
    }

    /** The first mapping name, or the key: what reports call this reference. */
    public String displayName() {
        return names.isEmpty() ? key : names.get(0);
    }
}
