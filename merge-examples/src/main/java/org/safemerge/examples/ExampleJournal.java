package org.safemerge.examples;

import org.safemerge.hibernate.journal.MergeJournal;

/**
 * The merge journal of the example application and CLI: default table names ({@code safemerge_merge}, ...), the
 * principal is the operating-system user (or {@code SAFEMERGE_USER}), tables created at first use if absent.
 */
public final class ExampleJournal {
    private static final MergeJournal JOURNAL = MergeJournal.builder()
            .principal(ExampleJournal::principal)
            .autoCreate(true)
            .build();

    private ExampleJournal() {
    }

    /** The journal every merge and undo of the example writes. */
    public static MergeJournal journal() {
        return JOURNAL;
    }

    private static String principal() {
        String user = System.getenv("SAFEMERGE_USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name", "unknown");
    }
}
