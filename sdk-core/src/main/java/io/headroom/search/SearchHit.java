package io.headroom.search;

import org.jspecify.annotations.Nullable;

/**
 * One result. Immutable.
 *
 * @param id the document id
 * @param score the {@link Ranking} score (the same on every backend up to float rounding); 0 when the sort is not
 *     {@link SearchSort#relevance()}
 * @param distanceMeters the haversine distance in metres of the document's geo point from the query's geo origin
 *     (the {@link SearchSort#byDistance} point, else the distance decay's origin, else the center of the first
 *     top-level {@link SearchFilter#within} filter), or {@code null} when there is none or the document has no point
 */
public record SearchHit(String id, double score, @Nullable Double distanceMeters) {
}
