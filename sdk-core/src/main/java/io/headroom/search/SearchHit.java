package io.headroom.search;

import org.jspecify.annotations.Nullable;

/**
 * One result. Immutable.
 *
 * @param id the document id
 * @param score the relevance score (backend-specific scale, higher is better; 0 when not scored)
 * @param distanceMeters distance from the query's center in metres, or {@code null} when the query has no center
 *     or the document no location
 */
public record SearchHit(String id, double score, @Nullable Double distanceMeters) {
}
