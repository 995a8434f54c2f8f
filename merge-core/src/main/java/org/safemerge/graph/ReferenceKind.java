package org.safemerge.graph;

/** How rows of an {@link InboundReference} hold the id of the entity they point at. Immutable (an enum). */
public enum ReferenceKind {
    /**
     * A foreign key in a row of another (or the same) entity's table: many-to-one, one-to-one owning side, and the
     * child side of a one-to-many (mappedBy or unidirectional {@code @JoinColumn}). Re-pointing updates the column;
     * unassigning sets it to NULL; the row itself is an entity.
     */
    FOREIGN_KEY,
    /**
     * A row of a join table (many-to-many, or one-to-many with a join table). The row is a link, not an entity:
     * unassigning removes the row; the entity on the other side is never touched.
     */
    JOIN_TABLE,
    /** A row of an element-collection table: a value owned by the entity. Moving it keeps the value. */
    ELEMENT_COLLECTION,
    /**
     * A foreign key that only the database catalog knows (another application's table, a legacy table, a column
     * mapped as a plain number). Treated like {@link #FOREIGN_KEY}; its ON DELETE rule is never triggered.
     */
    CATALOG_FOREIGN_KEY;

    /** Rows of link-like references are removed, not nulled, to unassign them. */
    public boolean isLink() {
        return this == JOIN_TABLE || this == ELEMENT_COLLECTION;
    }
}
