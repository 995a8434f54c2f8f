package org.safemerge.spi;

/**
 * Where a running batch stands, reported after each committed chunk. Immutable.
 *
 * @param groupsDone groups merged and committed so far
 * @param groupsSkipped groups left alone because they were blocked ({@code skipBlockedGroups()})
 * @param groupsTotal all groups of this run
 * @param rowsChanged rows changed so far by the committed groups
 * @param chunksDone chunks (transactions) committed so far
 * @param chunksTotal all chunks of this run
 */
public record BatchProgress(int groupsDone, int groupsSkipped, int groupsTotal, long rowsChanged, int chunksDone,
        int chunksTotal) {

    /** Done plus skipped, as a fraction of all groups (1.0 when there are none). */
    public double fraction() {
        return groupsTotal == 0 ? 1.0 : (groupsDone + groupsSkipped) / (double) groupsTotal;
    }
}
