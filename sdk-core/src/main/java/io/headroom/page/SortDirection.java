package io.headroom.page;

/** The direction of one {@link SortKey}: ascending (smallest first) or descending. */
public enum SortDirection {
    /** Smallest value first; {@code null} sorts before every value. */
    ASCENDING,
    /** Largest value first; {@code null} sorts after every value. */
    DESCENDING
}
