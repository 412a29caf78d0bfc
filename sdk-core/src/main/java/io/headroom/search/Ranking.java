package io.headroom.search;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How hits are scored for {@link SearchSort#relevance()}: a deterministic sum computed from the document alone,
 * the same on every backend (no term statistics, no BM25):
 *
 * <pre>
 * score = textWeight * textScore                                    (match classes, see the spec)
 *       + sum over sharedInterests s: s.weight * |doc[s.field] ∩ s.values|
 *       + distance.weight * pivot / (pivot + haversine(doc[field], origin))      (when set)
 *       + recency.weight  * pivot / (pivot + |origin - doc[field]|)              (when set)
 * </pre>
 *
 * A document missing a feature's field gets 0 for it. Exact semantics in {@code docs/search-query-language.md}.
 * Immutable; build with {@link #builder()}. Default ({@link #ofDefaults()}): text relevance with weight 1 only.
 *
 * @param textWeight the weight of the text score, 0 or more (0 ignores text for ranking, it still filters)
 * @param sharedInterests shared-value features over keyword fields
 * @param distance the distance decay, or {@code null}
 * @param recency the recency decay, or {@code null}
 */
public record Ranking(float textWeight, List<SharedInterests> sharedInterests, @Nullable DistanceDecay distance,
                      @Nullable RecencyDecay recency) {

    /**
     * Validates and copies.
     *
     * @param textWeight the weight of the text score
     * @param sharedInterests shared-value features
     * @param distance the distance decay or {@code null}
     * @param recency the recency decay or {@code null}
     * @throws IllegalArgumentException when {@code textWeight} is negative or not finite, or the list is null
     */
    public Ranking {
        weight(textWeight, "textWeight", true);
        sharedInterests = List.copyOf(Arguments.notNull(sharedInterests, "sharedInterests"));
    }

    /**
     * Text relevance with weight 1 and nothing else.
     *
     * @return the default ranking
     */
    public static Ranking ofDefaults() {
        return new Ranking(1, List.of(), null, null);
    }

    /**
     * Starts a ranking (text weight 1, no features).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The stable description query fingerprints are bound to; a clock-relative recency origin is described as
     * {@code "clock"}.
     *
     * @return the description
     */
    public String describe() {
        List<String> s = sharedInterests.stream().map(SharedInterests::describe).toList();
        return Fingerprints.of("rank", textWeight, s, distance == null ? null : distance.describe(),
                recency == null ? null : recency.describe());
    }

    static float weight(float w, String name, boolean zeroAllowed) {
        if (!(zeroAllowed ? w >= 0 : w > 0) || Float.isInfinite(w)) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? ">= 0" : "> 0")
                    + " and finite, was " + w);
        }
        return w;
    }

    /**
     * Adds {@code weight} for every value the document shares with {@code values} in a keyword field.
     *
     * @param field the keyword field
     * @param values the query's values (e.g. the searcher's interests), 1 to {@value SearchFilter#MAX_VALUES}
     * @param weight the weight per shared value, positive
     */
    public record SharedInterests(String field, Set<String> values, float weight) {
        /**
         * Validates and copies.
         *
         * @param field the keyword field
         * @param values the values
         * @param weight the weight per shared value
         * @throws IllegalArgumentException when the field or a value is empty, there are 0 or too many values, or
         *     the weight is not positive
         */
        public SharedInterests {
            Arguments.key(field, "field");
            values = Set.copyOf(Arguments.notNull(values, "values"));
            if (values.isEmpty() || values.size() > SearchFilter.MAX_VALUES) {
                throw new IllegalArgumentException("sharedInterests on '" + field + "' needs 1 to "
                        + SearchFilter.MAX_VALUES + " values, had " + values.size());
            }
            values.forEach(v -> SearchSchema.keywordValue(v, "sharedInterests '" + field + "'"));
            Ranking.weight(weight, "sharedInterests weight", false);
        }

        String describe() {
            return Fingerprints.of("si", field, new TreeSet<>(values), weight);
        }
    }

    /**
     * Adds {@code weight * pivot / (pivot + d)}, {@code d} the haversine distance in metres from {@code origin}.
     *
     * @param field the geo point field
     * @param origin where the decay is centred
     * @param pivotMeters the distance at which the feature is half its weight, positive
     * @param weight the weight, positive
     */
    public record DistanceDecay(String field, GeoPoint origin, double pivotMeters, float weight) {
        /**
         * Validates.
         *
         * @param field the geo point field
         * @param origin the origin
         * @param pivotMeters the pivot
         * @param weight the weight
         * @throws IllegalArgumentException when an argument is out of range
         */
        public DistanceDecay {
            Arguments.key(field, "field");
            Arguments.notNull(origin, "origin");
            if (!(pivotMeters > 0) || Double.isInfinite(pivotMeters)) {
                throw new IllegalArgumentException("pivotMeters must be positive and finite, was " + pivotMeters);
            }
            Ranking.weight(weight, "distance weight", false);
        }

        String describe() {
            return Fingerprints.of("dd", field, origin.lat(), origin.lon(), pivotMeters, weight);
        }
    }

    /**
     * Adds {@code weight * pivot / (pivot + |origin - t|)}, {@code t} the document's date, in milliseconds.
     *
     * @param field the date field
     * @param origin "now", or {@code null} for the index clock at the first page (kept by the walk's cursors)
     * @param pivot the age at which the feature is half its weight, at least 1 ms
     * @param weight the weight, positive
     */
    public record RecencyDecay(String field, @Nullable Instant origin, Duration pivot, float weight) {
        /**
         * Validates; the origin is truncated to milliseconds.
         *
         * @param field the date field
         * @param origin the origin or {@code null}
         * @param pivot the pivot
         * @param weight the weight
         * @throws IllegalArgumentException when an argument is out of range
         */
        public RecencyDecay {
            Arguments.key(field, "field");
            Arguments.positive(pivot, "pivot");
            if (pivot.toMillis() < 1) {
                throw new IllegalArgumentException("pivot must be at least 1 ms, was " + pivot);
            }
            origin = origin == null ? null : Instant.ofEpochMilli(SearchSchema.date(origin, "origin").toEpochMilli());
            Ranking.weight(weight, "recency weight", false);
        }

        String describe() {
            return Fingerprints.of("rd", field, origin == null ? "clock" : origin.toEpochMilli(), pivot.toMillis(),
                    weight);
        }
    }

    /** Builds a {@link Ranking}; not thread-safe. */
    public static final class Builder {
        private float textWeight = 1;
        private final List<SharedInterests> shared = new ArrayList<>();
        private @Nullable DistanceDecay distance;
        private @Nullable RecencyDecay recency;

        private Builder() {
        }

        /**
         * Sets the weight of the text score. Default 1.
         *
         * @param weight 0 or more
         * @return this builder
         */
        public Builder text(float weight) {
            this.textWeight = weight(weight, "textWeight", true);
            return this;
        }

        /**
         * Adds a shared-interests feature.
         *
         * @param field the keyword field
         * @param values the query's values
         * @param weight the weight per shared value
         * @return this builder
         */
        public Builder sharedInterests(String field, Iterable<String> values, float weight) {
            Set<String> set = new LinkedHashSet<>();
            Arguments.notNull(values, "values").forEach(set::add);
            shared.add(new SharedInterests(field, set, weight));
            return this;
        }

        /**
         * Sets the distance decay.
         *
         * @param field the geo point field
         * @param origin the origin
         * @param pivotMeters the pivot distance
         * @param weight the weight
         * @return this builder
         */
        public Builder distance(String field, GeoPoint origin, double pivotMeters, float weight) {
            this.distance = new DistanceDecay(field, origin, pivotMeters, weight);
            return this;
        }

        /**
         * Sets the recency decay relative to the index's clock.
         *
         * @param field the date field
         * @param pivot the pivot age
         * @param weight the weight
         * @return this builder
         */
        public Builder recency(String field, Duration pivot, float weight) {
            this.recency = new RecencyDecay(field, null, pivot, weight);
            return this;
        }

        /**
         * Sets the recency decay relative to a fixed origin.
         *
         * @param field the date field
         * @param origin "now"
         * @param pivot the pivot age
         * @param weight the weight
         * @return this builder
         */
        public Builder recency(String field, Instant origin, Duration pivot, float weight) {
            this.recency = new RecencyDecay(field, Arguments.notNull(origin, "origin"), pivot, weight);
            return this;
        }

        /**
         * Builds the ranking.
         *
         * @return the ranking
         */
        public Ranking build() {
            return new Ranking(textWeight, shared, distance, recency);
        }
    }
}
