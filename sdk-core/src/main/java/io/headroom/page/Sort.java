package io.headroom.page;

import io.headroom.internal.Arguments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of a paged query: one or more {@link SortKey}s, then a unique tie-breaker field (the item id by
 * default, {@link #ID}) that makes the order total, so items sharing sort values are never skipped or repeated.
 *
 * <p>The tie-breaker sorts in the direction of the last key (as Firestore orders by document id and Redis by
 * member when it sorts by score). Immutable and thread-safe; equal sorts have equal {@link #toString()}.
 */
public final class Sort {

    /** The name of the default tie-breaker: the item id as read by {@link FieldExtractor#id(Object)}. */
    public static final String ID = "id";
    /** The most sort keys one sort may have. */
    public static final int MAX_KEYS = 8;

    private final List<SortKey> keys;
    private final String tieBreaker;

    private Sort(List<SortKey> keys, String tieBreaker) {
        this.keys = keys;
        this.tieBreaker = tieBreaker;
    }

    /**
     * A sort by the given keys with the item id as tie-breaker.
     *
     * @param keys one to {@value #MAX_KEYS} keys, distinct fields, none of them the tie-breaker
     * @return the sort
     * @throws IllegalArgumentException when {@code keys} is empty, too long, holds {@code null} or repeats a field
     */
    public static Sort by(SortKey... keys) {
        Arguments.notNull(keys, "keys");
        return of(List.of(keys.clone()), ID);
    }

    /**
     * A sort by the given keys and tie-breaker.
     *
     * @param keys one to {@value #MAX_KEYS} keys, distinct fields, none of them the tie-breaker
     * @param tieBreaker a field whose value is unique among the items (usually {@link #ID})
     * @return the sort
     * @throws IllegalArgumentException when a rule is broken; the message names it
     */
    public static Sort of(List<SortKey> keys, String tieBreaker) {
        Arguments.notNull(keys, "keys");
        Arguments.key(tieBreaker, "tieBreaker");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("sort must have at least one key");
        }
        if (keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("sort must have at most " + MAX_KEYS + " keys, was " + keys.size());
        }
        Set<String> seen = new HashSet<>();
        List<SortKey> copy = new ArrayList<>(keys.size());
        for (SortKey k : keys) {
            Arguments.notNull(k, "sort key");
            if (!seen.add(k.field())) {
                throw new IllegalArgumentException("sort must not repeat field '" + k.field() + "'");
            }
            if (k.field().equals(tieBreaker)) {
                throw new IllegalArgumentException("sort key '" + k.field()
                        + "' is the tie-breaker, which is always sorted last; remove it from the keys");
            }
            copy.add(k);
        }
        return new Sort(List.copyOf(copy), tieBreaker);
    }

    /**
     * Returns this sort with another tie-breaker.
     *
     * @param field a field with unique values
     * @return the new sort
     * @throws IllegalArgumentException when {@code field} is empty or one of the keys
     */
    public Sort tieBreaker(String field) {
        return of(keys, field);
    }

    /**
     * The sort keys, in order of significance.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<SortKey> keys() {
        return keys;
    }

    /**
     * The unique field sorted last.
     *
     * @return the tie-breaker's field name
     */
    public String tieBreaker() {
        return tieBreaker;
    }

    /**
     * The direction of the tie-breaker: that of the last key.
     *
     * @return the direction
     */
    public SortDirection tieBreakerDirection() {
        return keys.get(keys.size() - 1).direction();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sort s && s.keys.equals(keys) && s.tieBreaker.equals(tieBreaker);
    }

    @Override
    public int hashCode() {
        return keys.hashCode() * 31 + tieBreaker.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (SortKey k : keys) {
            b.append(k).append(", ");
        }
        return b.append(tieBreaker).append(' ')
                .append(tieBreakerDirection() == SortDirection.ASCENDING ? "asc" : "desc").toString();
    }
}
