package org.safemerge.lint;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.safemerge.graph.IntegrityReport;

/**
 * The built-in checks of the {@link ModelLint}, each with its stable {@link LintCheck#id() id}. Immutable and
 * thread-safe.
 */
public final class LintChecks {
    /** {@code cascade-remove-many-to-many}: cascade REMOVE or ALL on a many-to-many. */
    public static final LintCheck CASCADE_REMOVE_MANY_TO_MANY = new CascadeRemoveManyToMany();
    /** {@code cascade-remove-shared-to-one}: cascade REMOVE or ALL on a to-one to an entity others reference. */
    public static final LintCheck CASCADE_REMOVE_SHARED_TO_ONE = new CascadeRemoveSharedToOne();
    /** {@code orphan-removal-shared-child}: orphanRemoval on children other entities reference. */
    public static final LintCheck ORPHAN_REMOVAL_SHARED_CHILD = new OrphanRemovalSharedChild();
    /** {@code nullability-mismatch}: NOT NULL in the mapping, nullable in the database, or the reverse. */
    public static final LintCheck NULLABILITY_MISMATCH = new NullabilityMismatch();
    /** {@code missing-foreign-key}: a mapped association without a database FK constraint. */
    public static final LintCheck MISSING_FOREIGN_KEY = new MissingForeignKey();
    /** {@code unmapped-foreign-key}: a database FK the mapping does not know. */
    public static final LintCheck UNMAPPED_FOREIGN_KEY = new UnmappedForeignKey();
    /** {@code unindexed-foreign-key}: an FK without an index led by its columns. */
    public static final LintCheck UNINDEXED_FOREIGN_KEY = new UnindexedForeignKey();
    /** {@code unique-key-with-foreign-key}: a unique key containing an FK and other columns. */
    public static final LintCheck UNIQUE_KEY_WITH_FOREIGN_KEY = new UniqueKeyWithForeignKey();
    /** {@code any-association}: an {@code @Any} or {@code @ManyToAny} association. */
    public static final LintCheck ANY_ASSOCIATION = new AnyAssociation();

    private LintChecks() {
    }

    /** Every built-in check, in report order. */
    public static List<LintCheck> all() {
        return List.of(CASCADE_REMOVE_MANY_TO_MANY, CASCADE_REMOVE_SHARED_TO_ONE, ORPHAN_REMOVAL_SHARED_CHILD,
                NULLABILITY_MISMATCH, MISSING_FOREIGN_KEY, UNMAPPED_FOREIGN_KEY, UNINDEXED_FOREIGN_KEY,
                UNIQUE_KEY_WITH_FOREIGN_KEY, ANY_ASSOCIATION);
    }

    /**
     * {@code dangling-references}: rows whose reference points at no row of its target, from an integrity scan of
     * the database. Not in {@link #all()}: it reads data (every referencing table once), so add it where that is
     * wanted, e.g. through {@code ModelLints.withIntegrityScan(sessionFactory)} in merge-hibernate.
     *
     * @param scan runs the scan when the check runs (each time)
     */
    public static LintCheck danglingReferences(Supplier<IntegrityReport> scan) {
        return new DanglingReferences(scan);
    }

    /** The built-in check with that id, if there is one. */
    public static Optional<LintCheck> byId(String id) {
        return all().stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
