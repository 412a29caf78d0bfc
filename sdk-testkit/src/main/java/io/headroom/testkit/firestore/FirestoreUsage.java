package io.headroom.testkit.firestore;

/**
 * Billed operations of one emulated database, counted the way Firestore bills them.
 *
 * <ul>
 *   <li>{@code reads}: one per document returned by a get, batch get (a missing document also bills one read)
 *       or query, plus one per document a query's offset skipped; a query or get returning nothing bills one
 *       read; an aggregation (count/sum/avg) bills one read per batch of up to 1000 index entries it matched
 *       (at least one).</li>
 *   <li>{@code writes}: one per write (set, update, create, transform-only write) in a successful commit or
 *       a successful write of a {@code BatchWrite}.</li>
 *   <li>{@code deletes}: one per delete in a successful commit or {@code BatchWrite}, whether or not the
 *       document existed.</li>
 * </ul>
 * Failed or aborted commits bill nothing. Immutable.
 *
 * @param reads billed document reads
 * @param writes billed document writes
 * @param deletes billed document deletes
 */
public record FirestoreUsage(long reads, long writes, long deletes) {

    /** No operations. */
    public static final FirestoreUsage ZERO = new FirestoreUsage(0, 0, 0);

    /**
     * The operations billed since {@code earlier} (this minus {@code earlier}).
     *
     * @param earlier an earlier snapshot of the same database
     * @return the difference
     */
    public FirestoreUsage minus(FirestoreUsage earlier) {
        return new FirestoreUsage(reads - earlier.reads, writes - earlier.writes, deletes - earlier.deletes);
    }

    /**
     * The sum of both usages.
     *
     * @param other another usage
     * @return the sum
     */
    public FirestoreUsage plus(FirestoreUsage other) {
        return new FirestoreUsage(reads + other.reads, writes + other.writes, deletes + other.deletes);
    }

    /**
     * Reads + writes + deletes.
     *
     * @return the total number of billed operations
     */
    public long total() {
        return reads + writes + deletes;
    }
}
