package io.headroom.search;

/** The kind of a {@link SearchSchema} field, which decides how it is indexed and what a query may do with it. */
public enum FieldType {
    /**
     * Analysed text (tokenised, lower-cased, ASCII-folded; see {@code docs/search-query-language.md}), matched by
     * {@link SearchQuery#text()} with typo tolerance, prefix and phrase rules; one string per document.
     */
    TEXT,
    /** Exact string values, several per document (a set); filtered, faceted, sorted, shared-interest ranked. */
    KEYWORD,
    /** One signed 64-bit integer per document; range filters and sort. */
    NUMBER,
    /** One instant per document, at millisecond precision; range filters, sort and recency decay. */
    DATE,
    /** One WGS84 point per document; geo-distance filter, distance sort and distance decay. */
    GEO_POINT
}
