/**
 * The JDBC merge journal (tier: internal): its tables and DDL ({@link
 * org.safemerge.hibernate.internal.journal.JournalSchema}), the writer that records every audit event of a merge
 * and the full rows it deleted in the merge's own transaction, the undo, and the journal's tiny JSON
 * ({@link org.safemerge.hibernate.internal.journal.Json}). Depends on the SQL and compat internals, never on
 * the executor nor on the API packages.
 */
package org.safemerge.hibernate.internal.journal;
