package io.headroom.search;

/**
 * How many hits of a query hold one value of a keyword field. Immutable.
 *
 * @param value the keyword value
 * @param count the number of hits holding it (a hit with several values counts once for each)
 */
public record FacetCount(String value, long count) {
}
