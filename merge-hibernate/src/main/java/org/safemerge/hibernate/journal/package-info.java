/**
 * The merge journal (tier: API): {@link org.safemerge.hibernate.journal.MergeJournal}, a record of every merge in
 * database tables of its own, written in the merge's transaction, for post-mortems and
 * {@code HibernateMerge.undo(mergeId)}.
 */
package org.safemerge.hibernate.journal;
