package org.safemerge.graph;

/** Facts about an {@link InboundReference} that change what a merge may do with its rows. Immutable (an enum). */
public enum ReferenceFlag {
    /** The mapping cascades REMOVE along this association (SafeMerge never lets it fire). */
    CASCADE_REMOVE,
    /**
     * The referencing row's own to-one cascades REMOVE to the target (e.g. {@code Volunteer.badge}): deleting a row
     * of the source entity would delete the target row it points at.
     */
    CASCADE_REMOVE_FROM_SOURCE,
    /** The collection has orphanRemoval: a row that leaves it would be deleted, so it cannot simply be unassigned. */
    ORPHAN_REMOVAL,
    /** The FK columns are (part of) the referencing row's primary key ({@code @MapsId}): re-pointing changes a PK. */
    DERIVED_IDENTITY,
    /** The database FK has ON DELETE CASCADE (or {@code @OnDelete(CASCADE)}): deleting the target would delete rows. */
    ON_DELETE_CASCADE,
    /** Known only to the database catalog, not to the mapping. */
    CATALOG_ONLY,
    /** Known to the mapping but the database has no FK constraint for it. */
    NO_DATABASE_CONSTRAINT,
    /** Mapping and database disagree on nullability (see {@link InboundReference#notes()}). */
    NULLABILITY_MISMATCH,
    /** The referencing association lives inside an embeddable. */
    INSIDE_EMBEDDABLE,
    /** The merged entity points at itself through this reference (e.g. {@code Partner.parent}). */
    SELF_REFERENCE,
    /** The collection is ordered by an index column ({@link InboundReference#orderColumn()}). */
    ORDERED,
    /** Rows of the referencing table are soft-deleted rather than removed. */
    SOFT_DELETE,
    /**
     * SafeMerge cannot re-point rows of this reference (a composite FK to a key other than the id, an FK to columns
     * that are not a unique key, or to a key outside the target's id table; {@link InboundReference#notes()} says
     * which). Every plan of its target is blocked ({@code HazardKind.UNSUPPORTED_REFERENCE}) unless the duplicates
     * are kept as tombstones or the caller acknowledges it ({@code AssociationPolicy.leaveToDatabase()}).
     */
    UNSUPPORTED
}
