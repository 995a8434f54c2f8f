package org.safemerge.graph;

/** What an attribute of an entity is, which decides the field strategies that apply to it. Immutable (an enum). */
public enum AttributeKind {
    /** The identifier; never changed by a merge. */
    ID,
    /** The optimistic-lock version; bumped by a merge, never set by a strategy. */
    VERSION,
    /** A basic value (string, number, date, enum, ...). */
    BASIC,
    /** An embeddable value, decided as a whole. */
    EMBEDDED,
    /** A to-one association owned by this entity (its value is the target's id). */
    TO_ONE,
    /** A one-to-many collection (mappedBy, join column or join table); its rows are an inbound reference. */
    ONE_TO_MANY,
    /** A many-to-many collection (either side); its rows are join-table links. */
    MANY_TO_MANY,
    /** A collection of basics or embeddables in its own table. */
    ELEMENT_COLLECTION;

    /** Collections are decided by link: union, take A or take B. */
    public boolean isCollection() {
        return this == ONE_TO_MANY || this == MANY_TO_MANY || this == ELEMENT_COLLECTION;
    }
}
