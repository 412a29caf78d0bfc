package io.headroom.search;

/**
 * A part of the query language a backend may or may not support ({@link SearchIndex#capabilities()}). A query that
 * needs a feature its index lacks ({@link SearchQuery#features()}) fails with
 * {@link UnsupportedSearchFeatureException} before any I/O.
 */
public enum SearchFeature {
    /** Text matching (exact words). */
    TEXT,
    /** Typos by word length ({@link TypoTolerance}). */
    TYPO_TOLERANCE,
    /** Prefix match of the last word. */
    AS_YOU_TYPE,
    /** Exact-phrase boost. */
    PHRASE_BOOST,
    /** anyOf / allOf / noneOf on keyword fields. */
    KEYWORD_FILTER,
    /** Number and date ranges. */
    RANGE_FILTER,
    /** Geo distance filter. */
    GEO_DISTANCE_FILTER,
    /** and / or / not of filters. */
    BOOLEAN_FILTER,
    /** Shared-interests ranking. */
    SHARED_INTERESTS,
    /** Distance decay ranking. */
    DISTANCE_DECAY,
    /** Recency decay ranking. */
    RECENCY_DECAY,
    /** Facet counts. */
    FACETS,
    /** Sort by a field. */
    FIELD_SORT,
    /** Sort by distance. */
    DISTANCE_SORT
}
