package io.headroom.search;

import io.headroom.internal.Arguments;
import io.headroom.page.CursorCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated search query: optional text (exact or fuzzy), exact keyword filters, an optional geo
 * distance filter, ranking boosts (interest overlap, recency), sort order, page size and cursor.
 *
 * <p>Build with {@link #builder()}; {@link Builder#build()} validates, so bad input fails before any I/O.
 * Defaults: no text (matches every document), relevance sort, no cursor; fuzziness, prefix length and page size
 * unset, so the index's {@link SearchConfig} supplies them ({@link SearchConfig#defaultFuzziness()} 0,
 * {@link SearchConfig#defaultPrefixLength()} 1, {@link SearchConfig#defaultPageSize()} 20 unless configured).
 * Immutable and thread-safe.
 */
public final class SearchQuery {

    /** The largest page size any index accepts ({@link SearchConfig#maxPageSize()} may lower it). */
    public static final int MAX_PAGE_SIZE = 100;
    /** Largest fuzziness (Levenshtein edits per term). */
    public static final int MAX_FUZZINESS = 2;
    /** Largest exact-prefix length of fuzzy terms. */
    public static final int MAX_PREFIX_LENGTH = 10;

    private final @Nullable String text;
    private final @Nullable Integer fuzziness;
    private final @Nullable Integer prefixLength;
    private final Map<String, String> filters;
    private final @Nullable GeoPoint center;
    private final double radiusMeters;
    private final Map<String, Float> interests;
    private final @Nullable Long recencyOriginMillis;
    private final @Nullable Duration recencyPivot;
    private final float recencyWeight;
    private final SearchSort sort;
    private final @Nullable Integer pageSize;
    private final @Nullable String cursor;

    private SearchQuery(Builder b) {
        this.text = b.text;
        this.fuzziness = b.fuzziness;
        this.prefixLength = b.prefixLength;
        this.filters = Map.copyOf(b.filters);
        this.center = b.center;
        this.radiusMeters = b.radiusMeters;
        this.interests = Map.copyOf(b.interests);
        this.recencyOriginMillis = b.recencyOriginMillis;
        this.recencyPivot = b.recencyPivot;
        this.recencyWeight = b.recencyWeight;
        this.sort = b.sort;
        this.pageSize = b.pageSize;
        this.cursor = b.cursor;
    }

    /**
     * Starts a query.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the text to match, every term required; {@code null} matches every document.
     *
     * @return the text or null
     */
    public @Nullable String text() {
        return text;
    }

    /**
     * Returns the edit distance allowed per term (0 = exact), if the query sets one.
     *
     * @return 0..2, or empty for the index's {@link SearchConfig#defaultFuzziness()}
     */
    public OptionalInt fuzziness() {
        return fuzziness == null ? OptionalInt.empty() : OptionalInt.of(fuzziness);
    }

    /**
     * Returns how many leading characters of a term must match exactly when fuzzy, if the query sets it.
     *
     * @return 0..10, or empty for the index's {@link SearchConfig#defaultPrefixLength()}
     */
    public OptionalInt prefixLength() {
        return prefixLength == null ? OptionalInt.empty() : OptionalInt.of(prefixLength);
    }

    /**
     * Returns exact keyword filters (field to required value).
     *
     * @return unmodifiable map
     */
    public Map<String, String> filters() {
        return filters;
    }

    /**
     * Returns the geo center, or {@code null}.
     *
     * @return the center
     */
    public @Nullable GeoPoint center() {
        return center;
    }

    /**
     * Returns the geo radius in metres (only documents within it match), or 0 when there is no geo filter.
     *
     * @return the radius
     */
    public double radiusMeters() {
        return radiusMeters;
    }

    /**
     * Returns the interest tags to boost, with their weights.
     *
     * @return unmodifiable map
     */
    public Map<String, Float> interests() {
        return interests;
    }

    /**
     * Returns the fixed recency origin ("now", epoch millis) given to {@link Builder#recency(long, Duration, float)}.
     * Empty when there is no recency boost or when the index's clock supplies the origin
     * ({@link Builder#recency(Duration, float)}); the origin of a first page is then kept by its cursors, so every
     * page of one walk ranks with the same origin.
     *
     * @return epoch millis, or empty
     */
    public OptionalLong recencyOriginMillis() {
        return recencyOriginMillis == null ? OptionalLong.empty() : OptionalLong.of(recencyOriginMillis);
    }

    /**
     * Returns the age at which the recency boost has halved, or {@code null} for no recency boost.
     *
     * @return the pivot
     */
    public @Nullable Duration recencyPivot() {
        return recencyPivot;
    }

    /**
     * Returns the weight of the recency boost.
     *
     * @return the weight
     */
    public float recencyWeight() {
        return recencyWeight;
    }

    /**
     * Returns the sort order.
     *
     * @return the sort
     */
    public SearchSort sort() {
        return sort;
    }

    /**
     * Returns the page size, if the query sets one.
     *
     * @return 1..100, or empty for the index's {@link SearchConfig#defaultPageSize()}
     */
    public OptionalInt pageSize() {
        return pageSize == null ? OptionalInt.empty() : OptionalInt.of(pageSize);
    }

    /**
     * Returns the cursor of the page to fetch, or {@code null} for the first page.
     *
     * @return the cursor
     */
    public @Nullable String cursor() {
        return cursor;
    }

    /**
     * Returns a copy of this query positioned after the given cursor.
     *
     * @param nextCursor a cursor from {@link SearchPage#nextCursor()}
     * @return the query for the next page
     */
    public SearchQuery after(String nextCursor) {
        return toBuilder().after(nextCursor).build();
    }

    /**
     * Returns a builder holding this query's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.text = text;
        b.fuzziness = fuzziness;
        b.prefixLength = prefixLength;
        b.filters.putAll(filters);
        b.center = center;
        b.radiusMeters = radiusMeters;
        b.interests.putAll(interests);
        b.recencyOriginMillis = recencyOriginMillis;
        b.recencyPivot = recencyPivot;
        b.recencyWeight = recencyWeight;
        b.sort = sort;
        b.pageSize = pageSize;
        b.cursor = cursor;
        return b;
    }

    /**
     * Returns a stable, unambiguous description of everything but the cursor and page size (two queries have the
     * same fingerprint exactly when they differ at most in cursor and page size), so a backend can bind a cursor
     * to the query that issued it. Settings left to the index's defaults are described as unset.
     *
     * @return the fingerprint text
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder(128).append("q1");
        field(b, text);
        field(b, fuzziness);
        field(b, prefixLength);
        b.append("|f").append(filters.size());
        new TreeMap<>(filters).forEach((k, v) -> {
            field(b, k);
            field(b, v);
        });
        field(b, center == null ? null : center.lat() + "," + center.lon());
        field(b, radiusMeters);
        b.append("|i").append(interests.size());
        new TreeMap<>(interests).forEach((k, v) -> {
            field(b, k);
            field(b, v);
        });
        field(b, recencyPivot == null ? null : recencyOriginMillis == null ? "clock" : recencyOriginMillis);
        field(b, recencyPivot);
        field(b, recencyPivot == null ? null : recencyWeight);
        field(b, sort);
        return b.toString();
    }

    // length-prefixed, so that no text or field value can imitate a separator
    private static void field(StringBuilder b, @Nullable Object value) {
        if (value == null) {
            b.append("|-");
        } else {
            String s = value.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SearchQuery q && q.fingerprint().equals(fingerprint()) && Objects.equals(q.pageSize, pageSize)
                && Objects.equals(q.cursor, cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fingerprint(), pageSize, cursor);
    }

    @Override
    public String toString() {
        // never the cursor: it is a credential of sorts, and long
        return "SearchQuery[" + fingerprint() + "|pageSize=" + (pageSize == null ? "default" : pageSize) + "]";
    }

    /** Mutable builder of {@link SearchQuery}; not thread-safe. {@link #build()} validates and copies. */
    public static final class Builder {
        private @Nullable String text;
        private @Nullable Integer fuzziness;
        private @Nullable Integer prefixLength;
        private final Map<String, String> filters = new LinkedHashMap<>();
        private @Nullable GeoPoint center;
        private double radiusMeters;
        private final Map<String, Float> interests = new LinkedHashMap<>();
        private @Nullable Long recencyOriginMillis;
        private @Nullable Duration recencyPivot;
        private float recencyWeight = 1f;
        private SearchSort sort = SearchSort.RELEVANCE;
        private @Nullable Integer pageSize;
        private @Nullable String cursor;

        private Builder() {
        }

        /**
         * Sets the text to match (every term required).
         *
         * @param value non-blank text
         * @return this builder
         * @throws IllegalArgumentException when null or blank
         */
        public Builder text(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("text must not be null or blank");
            }
            this.text = value;
            return this;
        }

        /**
         * Sets the edit distance allowed per term. Default: the index's {@link SearchConfig#defaultFuzziness()}.
         *
         * @param edits 0 (exact) to 2
         * @return this builder
         * @throws IllegalArgumentException when outside 0..2
         */
        public Builder fuzziness(int edits) {
            Arguments.inRange(edits, 0, MAX_FUZZINESS, "fuzziness", "Levenshtein edits per term");
            this.fuzziness = edits;
            return this;
        }

        /**
         * Sets how many leading characters must match exactly when fuzzy. Default: the index's
         * {@link SearchConfig#defaultPrefixLength()}.
         *
         * @param chars 0 to 10
         * @return this builder
         * @throws IllegalArgumentException when outside 0..10
         */
        public Builder prefixLength(int chars) {
            Arguments.inRange(chars, 0, MAX_PREFIX_LENGTH, "prefixLength", "");
            this.prefixLength = chars;
            return this;
        }

        /**
         * Requires a keyword field to hold exactly this value.
         *
         * @param field the keyword field
         * @param value the exact value
         * @return this builder
         * @throws IllegalArgumentException when either is null or empty
         */
        public Builder filter(String field, String value) {
            Arguments.key(field, "field");
            Arguments.key(value, "value");
            filters.put(field, value);
            return this;
        }

        /**
         * Keeps only documents within {@code radiusMeters} of {@code center} (great-circle distance).
         *
         * @param center the center
         * @param radiusMeters the radius, positive and finite, at most 20,040 km
         * @return this builder
         * @throws IllegalArgumentException when {@code center} is null or the radius is not positive
         */
        public Builder within(GeoPoint center, double radiusMeters) {
            Arguments.notNull(center, "center");
            if (!(radiusMeters > 0) || radiusMeters > 20_040_000) {
                throw new IllegalArgumentException(
                        "radiusMeters must be > 0 and <= 20040000, was " + radiusMeters);
            }
            this.center = center;
            this.radiusMeters = radiusMeters;
            return this;
        }

        /**
         * Boosts documents sharing an interest tag; each shared tag adds {@code weight} to the score.
         *
         * @param tag the tag
         * @param weight the boost, positive and finite
         * @return this builder
         * @throws IllegalArgumentException when the tag is empty or the weight not positive
         */
        public Builder interest(String tag, float weight) {
            Arguments.key(tag, "tag");
            if (!(weight > 0) || Float.isInfinite(weight)) {
                throw new IllegalArgumentException("weight must be positive and finite, was " + weight);
            }
            interests.put(tag, weight);
            return this;
        }

        /**
         * Boosts each tag with weight 1.
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder interests(Iterable<String> tags) {
            Arguments.notNull(tags, "tags").forEach(t -> interest(t, 1f));
            return this;
        }

        /**
         * Boosts recent documents: {@code weight * pivot / (pivot + |origin - timestamp|)}, with a fixed origin.
         *
         * @param originMillis epoch millis of "now"
         * @param pivot age at which the boost halves, positive
         * @param weight the boost's weight, positive
         * @return this builder
         * @throws IllegalArgumentException when pivot or weight are not positive
         */
        public Builder recency(long originMillis, Duration pivot, float weight) {
            recency(pivot, weight);
            this.recencyOriginMillis = originMillis;
            return this;
        }

        /**
         * Boosts recent documents: {@code weight * pivot / (pivot + |now - timestamp|)}, where "now" is read from the
         * index's clock when the first page is searched and kept by that page's cursors for the pages after it.
         *
         * @param pivot age at which the boost halves, positive
         * @param weight the boost's weight, positive
         * @return this builder
         * @throws IllegalArgumentException when pivot or weight are not positive
         */
        public Builder recency(Duration pivot, float weight) {
            Arguments.positive(pivot, "pivot");
            if (!(weight > 0) || Float.isInfinite(weight)) {
                throw new IllegalArgumentException("weight must be positive and finite, was " + weight);
            }
            this.recencyOriginMillis = null;
            this.recencyPivot = pivot;
            this.recencyWeight = weight;
            return this;
        }

        /**
         * Sets the order (default {@link SearchSort#RELEVANCE}).
         *
         * @param order the order
         * @return this builder
         */
        public Builder sort(SearchSort order) {
            this.sort = Arguments.notNull(order, "sort");
            return this;
        }

        /**
         * Sets the page size. Default: the index's {@link SearchConfig#defaultPageSize()}; a size above its
         * {@link SearchConfig#maxPageSize()} is refused by the search.
         *
         * @param size 1 to 100
         * @return this builder
         * @throws IllegalArgumentException when outside 1..100
         */
        public Builder pageSize(int size) {
            Arguments.inRange(size, 1, MAX_PAGE_SIZE, "pageSize", "");
            this.pageSize = size;
            return this;
        }

        /**
         * Positions the query after a cursor returned by a previous page of the same query.
         *
         * @param nextCursor the cursor
         * @return this builder
         * @throws IllegalArgumentException when null, empty or longer than {@link CursorCodec#MAX_CURSOR_LENGTH}
         */
        public Builder after(String nextCursor) {
            Arguments.notNull(nextCursor, "cursor");
            if (nextCursor.isEmpty() || nextCursor.length() > CursorCodec.MAX_CURSOR_LENGTH) {
                throw new IllegalArgumentException("cursor must be 1 to " + CursorCodec.MAX_CURSOR_LENGTH
                        + " characters, was " + nextCursor.length());
            }
            this.cursor = nextCursor;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the query
         * @throws IllegalArgumentException when {@link SearchSort#DISTANCE} is asked without a center
         */
        public SearchQuery build() {
            if (sort == SearchSort.DISTANCE && center == null) {
                throw new IllegalArgumentException("sort DISTANCE requires a center: call within(center, radius)");
            }
            return new SearchQuery(this);
        }
    }
}
