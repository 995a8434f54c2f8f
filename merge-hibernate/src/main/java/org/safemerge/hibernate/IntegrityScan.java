package org.safemerge.hibernate;

import jakarta.persistence.EntityManagerFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.IntegrityReport;
import org.safemerge.hibernate.internal.graph.GraphCache;
import org.safemerge.hibernate.internal.scan.IntegrityScanner;

/**
 * Finds dangling references: for every reference of the factory's {@link AssociationGraph} (mapped and catalog-only,
 * with or without a database FK constraint, composite keys included), the rows whose key points at no row of the
 * target, counted and sampled. For data loaded with constraints dropped or disabled (replication, restores), rows
 * deleted behind a missing constraint, or mapped associations the database never constrained.
 *
 * <pre>{@code
 * IntegrityReport report = IntegrityScan.of(sessionFactory).samples(5).run();
 * if (!report.clean()) {
 *     log.warn("{}", report.toText());
 * }
 * }</pre>
 *
 * <p>Set-based: one anti-join ({@code LEFT JOIN ... IS NULL}) per chunk of the referencing table's key range
 * ({@link #chunkSize(long)} key values; a table whose key is not a single whole-number column is one statement),
 * each in a short read transaction of its own, in a session of its own. Reads only. A row whose reference columns
 * are NULL (or, for a composite key, partly NULL) points at nothing by design and is not counted, as the database's
 * own FK check would not. References SafeMerge cannot follow ({@code ReferenceFlag.UNSUPPORTED}) are reported as
 * not checked, with the reason. Immutable: every setter returns a new scan.
 */
public final class IntegrityScan {
    /** Sample rows per reference by default. */
    public static final int DEFAULT_SAMPLES = 5;
    /**
     * Key values per chunk by default: each chunk re-reads the target table (PostgreSQL builds its hash of the
     * target's keys again), so chunks are made large; 1,000,000 keeps a statement on a large table to seconds.
     */
    public static final long DEFAULT_CHUNK_SIZE = 1_000_000;

    private final SessionFactory factory;
    private final int samples;
    private final long chunkSize;
    private final Set<String> only;

    private IntegrityScan(SessionFactory factory, int samples, long chunkSize, Set<String> only) {
        this.factory = factory;
        this.samples = samples;
        this.chunkSize = chunkSize;
        this.only = only;
    }

    /** A scan of every reference of the factory's graph. */
    public static IntegrityScan of(SessionFactory sessionFactory) {
        HibernateMerge.notNull(sessionFactory, "IntegrityScan.of(sessionFactory)", "sessionFactory");
        return new IntegrityScan(sessionFactory, DEFAULT_SAMPLES, DEFAULT_CHUNK_SIZE, Set.of());
    }

    /** A scan of every reference of the factory's graph. */
    public static IntegrityScan of(EntityManagerFactory entityManagerFactory) {
        HibernateMerge.notNull(entityManagerFactory, "IntegrityScan.of(entityManagerFactory)", "entityManagerFactory");
        return of(entityManagerFactory.unwrap(SessionFactory.class));
    }

    /** At most this many sample rows per reference (0: counts only). */
    public IntegrityScan samples(int perReference) {
        if (perReference < 0) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "samples must be zero or positive, was "
                    + perReference);
        }
        return new IntegrityScan(factory, perReference, chunkSize, only);
    }

    /** How many key values of the referencing table one statement covers (default 1,000,000). */
    public IntegrityScan chunkSize(long keyValues) {
        if (keyValues < 1) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "chunk size must be positive, was "
                    + keyValues);
        }
        return new IntegrityScan(factory, samples, keyValues, only);
    }

    /**
     * Scans only these references, each by key ({@code pr_note(partner_id)}), mapping name ({@code Note.partner})
     * or the table that holds it ({@code pr_note}: all its references).
     *
     * @throws MergeException {@code UNKNOWN_ASSOCIATION} naming what matched no reference
     */
    public IntegrityScan only(String... references) {
        HibernateMerge.notNull(references, "IntegrityScan.only(references)", "references");
        for (String reference : references) {
            HibernateMerge.notNull(reference, "IntegrityScan.only(references)", "each reference");
        }
        AssociationGraph graph = GraphCache.graph(factory);
        Set<String> names = new LinkedHashSet<>(List.of(references));
        for (String name : names) {
            if (graph.references().stream().noneMatch(r -> matches(r, Set.of(name)))) {
                throw new MergeException(MergeErrorCode.UNKNOWN_ASSOCIATION, "'" + name + "' is no reference key, "
                        + "mapping name or referencing table of this persistence unit; known references: "
                        + graph.references().stream().map(InboundReference::key).toList());
            }
        }
        return new IntegrityScan(factory, samples, chunkSize, Set.copyOf(names));
    }

    /**
     * Runs the scan.
     *
     * @return every reference's finding
     * @throws MergeException {@code DATABASE_ERROR} when a table cannot be read
     */
    public IntegrityReport run() {
        return new IntegrityScanner(factory, samples, chunkSize, r -> only.isEmpty() || matches(r, only)).scan();
    }

    private static boolean matches(InboundReference reference, Set<String> names) {
        return names.stream().anyMatch(n -> reference.isNamed(n) || reference.table().equalsIgnoreCase(n));
    }
}
