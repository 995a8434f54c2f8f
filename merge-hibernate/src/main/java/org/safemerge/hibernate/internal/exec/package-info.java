/**
 * The Hibernate executor (tier: internal): runs merge-core's steps with set-based SQL in a Hibernate session.
 * {@link org.safemerge.hibernate.internal.exec.HibernateExecutor} opens or joins the transaction and arms the
 * deletion firewall, in the caller's session as {@code CallerSession} finds it for each run (also behind Spring's
 * shared EntityManager or a JTA container's proxy); {@link org.safemerge.hibernate.internal.exec.HibernateStore} implements the
 * {@code MergeStore} SPI by handing each job to one class: {@code Records} (lock, load, snapshot the merged records),
 * {@code ReferenceInspector} (count and sample referencing rows, read ahead for a batch chunk), {@code RowWriter}
 * (one row step), {@code BulkRowWriter} (the same row step of many groups in one statement),
 * {@code ReferencingRowDeleter} (allowed deletes), {@code DuplicateRemover} (duplicates and tombstones),
 * {@code AttributeWriter} (survivor attributes, version) and {@code SessionSync} with {@code CacheSync} (the
 * session and the second-level cache show what the SQL changed), with {@code ReferencedKeys} (what rows hold for a
 * record: its id, or its value of another unique key such as a legacy number). Steps are dispatched with
 * merge-core's step visitors, so a new step kind does not compile until it is handled here. Every per-database
 * decision is in {@link org.safemerge.hibernate.internal.sql.SqlDialect}.
 */
package org.safemerge.hibernate.internal.exec;
