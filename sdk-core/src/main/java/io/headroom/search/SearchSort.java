package io.headroom.search;

/** How hits are ordered. Ties are always broken by document id, so paging is stable. */
public enum SearchSort {
    /** By score, highest first: text relevance plus interest-overlap and recency boosts. The default. */
    RELEVANCE,
    /** By distance from the query's geo center, nearest first; needs {@link SearchQuery#center()}. */
    DISTANCE
}
