package org.safemerge.hibernate.journal;

import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hibernate.SessionFactory;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.hibernate.internal.journal.JournalConfig;
import org.safemerge.hibernate.internal.journal.JournalSchema;

/**
 * A merge journal in the database, for post-mortems and undo: with
 * {@code HibernateMerge.of(...).withJournal(journal)}, every {@code execute()} (single merges, merges in the
 * caller's transaction, every group of a batch) and every undo writes to four tables, in the merge's own
 * transaction, so the journal commits exactly when the merge commits:
 * <ul>
 * <li>{@code <prefix>merge}: one row per merge (id, entity, survivor, duplicates, principal, start and end, outcome
 * {@code COMMITTED | ROLLED_BACK | UNDONE}, error code and reason, options, {@code undo_of}, {@code undone_by},
 * {@code batch_id}); written just before the merge's commit. A merge that rolled back gets its row afterwards, in a
 * short transaction of its own, with outcome {@code ROLLED_BACK} and no changes;</li>
 * <li>{@code <prefix>merge_record}: the survivor and duplicates of each merge, indexed by (entity, record id);</li>
 * <li>{@code <prefix>change}: every audit event of the merge in order ({@code seq}), with its kind (the
 * {@code AuditEvent} record's simple name), table, reference, FK columns, from/to ids, attribute, before/after
 * values and row ids (one row per chunk of the plan's audit chunk size), redacted exactly as the audit is;</li>
 * <li>{@code <prefix>row_image}: the full state of every row the merge deleted (the duplicates' rows in every table
 * of their entity, rows deleted under a policy, removed link and element-collection rows, losing rows of a
 * conflict), captured right before the delete: column to {@code {"type": JDBC type, "value": text}}. Values of
 * sensitive attributes' columns are redacted.</li>
 * </ul>
 * Dry runs and rehearsals write nothing. The tables are created by the DDL of {@link #ddl(SessionFactory)} (also
 * shipped as {@code org/safemerge/hibernate/journal/{h2,postgresql,mariadb}.sql} for the default prefix), by
 * {@link #createSchema(SessionFactory)}, or at first use with {@link Builder#autoCreate(boolean)}; a merge whose
 * journal tables are missing fails with {@code JOURNAL_FAILED} and changes nothing. Timestamps are UTC.
 *
 * <p>Immutable and thread-safe (the principal supplier is called from the merging thread).
 */
public final class MergeJournal {
    /** The default table prefix. */
    public static final String DEFAULT_PREFIX = "safemerge_";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private final String tablePrefix;
    private final Supplier<String> principal;
    private final boolean autoCreate;
    private final boolean sensitiveValues;

    private MergeJournal(Builder builder) {
        this.tablePrefix = builder.tablePrefix;
        this.principal = builder.principal;
        this.autoCreate = builder.autoCreate;
        this.sensitiveValues = builder.sensitiveValues;
    }

    /** A journal with the default settings: prefix {@code safemerge_}, no principal, no auto-creation. */
    public static MergeJournal defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The prefix of the table names ({@code safemerge_} by default). */
    public String tablePrefix() {
        return tablePrefix;
    }

    /** Who merges, asked at every merge (the default answers null). */
    public Supplier<String> principal() {
        return principal;
    }

    /** Whether the tables are created at first use when they are absent. */
    public boolean autoCreate() {
        return autoCreate;
    }

    /** Whether the values of sensitive attributes are recorded in clear (see {@link Builder#recordSensitiveValues}). */
    public boolean recordsSensitiveValues() {
        return sensitiveValues;
    }

    /** The name of the merge table ({@code <prefix>merge}). */
    public String mergeTable() {
        return config().mergeTable();
    }

    /** The name of the merge-record table ({@code <prefix>merge_record}). */
    public String recordTable() {
        return config().recordTable();
    }

    /** The name of the change table ({@code <prefix>change}). */
    public String changeTable() {
        return config().changeTable();
    }

    /** The name of the row-image table ({@code <prefix>row_image}). */
    public String imageTable() {
        return config().imageTable();
    }

    /**
     * The CREATE statements of the journal's tables and indexes for the factory's database (H2, PostgreSQL,
     * MariaDB/MySQL; a portable form for others), one per line, each ending with a semicolon.
     */
    public String ddl(SessionFactory sessionFactory) {
        notNull(sessionFactory, "ddl");
        return JournalSchema.ddl(JournalSchema.Database.of(sessionFactory), config());
    }

    /** Creates the journal's tables, in a transaction of its own; JOURNAL_FAILED if that fails (e.g. they exist). */
    public void createSchema(SessionFactory sessionFactory) {
        notNull(sessionFactory, "createSchema");
        JournalSchema.create(sessionFactory, config());
    }

    /** Drops the journal's tables that exist, in a transaction of its own (for tests and clean-ups). */
    public void dropSchema(SessionFactory sessionFactory) {
        notNull(sessionFactory, "dropSchema");
        JournalSchema.drop(sessionFactory, config());
    }

    private JournalConfig config() {
        return new JournalConfig(tablePrefix, principal, autoCreate, sensitiveValues);
    }

    private static void notNull(SessionFactory factory, String method) {
        if (factory == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeJournal." + method
                    + "(sessionFactory): sessionFactory must not be null");
        }
    }

    @Override
    public String toString() {
        return "MergeJournal[" + tablePrefix + "*" + (autoCreate ? ", autoCreate" : "")
                + (sensitiveValues ? ", sensitive values in clear" : "") + "]";
    }

    /** Builds a {@link MergeJournal}; validates every argument as it is given. */
    public static final class Builder {
        private String tablePrefix = DEFAULT_PREFIX;
        private Supplier<String> principal = () -> null;
        private boolean autoCreate;
        private boolean sensitiveValues;

        private Builder() {
        }

        /**
         * The prefix of the four table names (default {@code safemerge_}): a letter, then letters, digits or
         * underscores, at most 40 characters, used unquoted.
         */
        public Builder tablePrefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeJournal tablePrefix must be a letter "
                        + "followed by letters, digits or underscores (at most 40), was " + (prefix == null ? "null"
                        : "'" + prefix + "'"));
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * Who merges, asked at every merge from the merging thread (e.g. Spring Security's current user name);
         * may return null. A supplier that throws fails the merge with {@code JOURNAL_FAILED}.
         */
        public Builder principal(Supplier<String> principal) {
            if (principal == null) {
                throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "MergeJournal principal supplier must not "
                        + "be null (leave it unset for none)");
            }
            this.principal = principal;
            return this;
        }

        /** Creates the tables at first use when they are absent (opt-in; off by default). */
        public Builder autoCreate(boolean autoCreate) {
            this.autoCreate = autoCreate;
            return this;
        }

        /**
         * Records the values of {@code @Sensitive} attributes (and their columns in row images) in clear, so that an
         * undo can restore them (opt-in; off by default). Off, the journal redacts them as the audit does and an
         * undo that needs one refuses with {@code UNDO_NOT_POSSIBLE}. On, the journal tables hold personal data the
         * audit log does not: protect them as you protect the entity's own table. Listeners still get redacted
         * events either way.
         */
        public Builder recordSensitiveValues(boolean inClear) {
            this.sensitiveValues = inClear;
            return this;
        }

        public MergeJournal build() {
            return new MergeJournal(this);
        }
    }
}
