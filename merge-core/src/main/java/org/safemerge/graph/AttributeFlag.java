package org.safemerge.graph;

/**
 * Facts of the mapping about one association attribute ({@link EntityAttribute#flags()}), as declared on that
 * attribute: a reference's {@link ReferenceFlag flags} merge both sides of an association, these say which side
 * declared what. Immutable (an enum).
 */
public enum AttributeFlag {
    /** The attribute cascades REMOVE (or ALL) to the entities it holds. */
    CASCADE_REMOVE,
    /** The attribute has orphanRemoval: an entity that leaves it is deleted. */
    ORPHAN_REMOVAL,
    /**
     * An {@code @Any} or {@code @ManyToAny} association: its rows hold a discriminator and an id that may point at
     * any entity, so it is not in the graph and SafeMerge cannot re-point it.
     */
    ANY
}
