/**
 * SQL for the Hibernate executor (tier: internal). {@link org.safemerge.hibernate.internal.sql.SqlDialect} holds
 * every per-database decision (identifier quoting, row locks, how changed ids come back, the bulk form that changes
 * many merge groups in one statement, list sizes), with one implementation per database and a portable fallback;
 * {@link org.safemerge.hibernate.internal.sql.ReferenceSql} renders the fragments of one reference with every
 * identifier quoted; {@link org.safemerge.hibernate.internal.sql.Jdbc} runs statements on the session's connection.
 * Depends on nothing else of SafeMerge's internals but the graph's stored names.
 */
package org.safemerge.hibernate.internal.sql;
