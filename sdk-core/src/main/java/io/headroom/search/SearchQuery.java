package io.headroom.search;

import io.headroom.internal.Arguments;
import io.headroom.page.CursorCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated search query: optional text (every word must match some text field of the schema, with
 * {@link TypoTolerance} by word length, an as-you-type prefix on the last word, and a boost for the exact phrase),
 * filters, a {@link Ranking}, facets, a {@link SearchSort}, a page size and a cursor.
 *
 * <pre>{@code
 * SearchQuery q = SearchQuery.builder()
 *         .text("zoe mar").asYouType(true)
 *         .filter(SearchFilter.within("home", me.home(), 25_000))
 *         .filter(SearchFilter.noneOf("blocked", me.uid()))
 *         .ranking(Ranking.builder().sharedInterests("interests", me.interests(), 0.5f)
 *                 .distance("home", me.home(), 5_000, 1).recency("lastActive", Duration.ofDays(7), 1).build())
 *         .facets("city", "interests")
 *         .pageSize(20)
 *         .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks everything that needs no schema; the index checks the fields against its
 * {@link SearchSchema} and the features against its {@link SearchIndex#capabilities()} before any I/O
 * ({@link SearchIndex#validate(SearchQuery)}). Defaults: no text (every document matches), typo tolerance
 * {@link TypoTolerance#ofDefaults()}, as-you-type off, phrase boost {@value #DEFAULT_PHRASE_BOOST}, no filter,
 * {@link Ranking#ofDefaults()}, no facets, {@value #DEFAULT_FACET_SIZE} values per facet, relevance sort, the
 * index's default page size, first page. Exact semantics in {@code docs/search-query-language.md}. Immutable and
 * thread-safe.
 */
public final class SearchQuery {

    /** The largest page size any index accepts ({@link SearchConfig#maxPageSize()} may lower it). */
    public static final int MAX_PAGE_SIZE = 100;
    /** The most words a text may have after analysis; further words are refused. */
    public static final int MAX_WORDS = 16;
    /** The longest text, in characters. */
    public static final int MAX_TEXT_LENGTH = 512;
    /** The default {@link #phraseBoost()}. */
    public static final float DEFAULT_PHRASE_BOOST = 1f;
    /** The default {@link #facetSize()}. */
    public static final int DEFAULT_FACET_SIZE = 10;
    /** The largest {@link #facetSize()}. */
    public static final int MAX_FACET_SIZE = 100;

    private final @Nullable String text;
    private final TypoTolerance typoTolerance;
    private final boolean asYouType;
    private final float phraseBoost;
    private final List<SearchFilter> filters;
    private final Ranking ranking;
    private final List<String> facets;
    private final int facetSize;
    private final SearchSort sort;
    private final @Nullable Integer pageSize;
    private final @Nullable String cursor;

    private SearchQuery(Builder b) {
        this.text = b.text;
        this.typoTolerance = b.typoTolerance;
        this.asYouType = b.asYouType;
        this.phraseBoost = b.phraseBoost;
        this.filters = List.copyOf(b.filters);
        this.ranking = b.ranking;
        this.facets = List.copyOf(b.facets);
        this.facetSize = b.facetSize;
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
     * The text to match, or {@code null} to match every document.
     *
     * @return the text or null
     */
    public @Nullable String text() {
        return text;
    }

    /**
     * The typos allowed per word, by word length.
     *
     * @return the typo tolerance
     */
    public TypoTolerance typoTolerance() {
        return typoTolerance;
    }

    /**
     * Whether the last word also matches as a prefix (search-as-you-type).
     *
     * @return true for as-you-type
     */
    public boolean asYouType() {
        return asYouType;
    }

    /**
     * The score added, times the best field boost, when a text field holds the query's words as an exact phrase.
     *
     * @return 0 (off) or more
     */
    public float phraseBoost() {
        return phraseBoost;
    }

    /**
     * The filters, all of which must hold.
     *
     * @return unmodifiable list
     */
    public List<SearchFilter> filters() {
        return filters;
    }

    /**
     * The ranking of {@link SearchSort#relevance()}.
     *
     * @return the ranking
     */
    public Ranking ranking() {
        return ranking;
    }

    /**
     * The keyword fields to count values of over all hits.
     *
     * @return unmodifiable list, in the order asked
     */
    public List<String> facets() {
        return facets;
    }

    /**
     * The most values returned per facet (the most frequent).
     *
     * @return 1 to {@value #MAX_FACET_SIZE}
     */
    public int facetSize() {
        return facetSize;
    }

    /**
     * The order.
     *
     * @return the sort
     */
    public SearchSort sort() {
        return sort;
    }

    /**
     * The page size, if the query sets one.
     *
     * @return 1..100, or empty for the index's {@link SearchConfig#defaultPageSize()}
     */
    public OptionalInt pageSize() {
        return pageSize == null ? OptionalInt.empty() : OptionalInt.of(pageSize);
    }

    /**
     * The cursor of the page to fetch, or {@code null} for the first page.
     *
     * @return the cursor
     */
    public @Nullable String cursor() {
        return cursor;
    }

    /**
     * The features this query needs from a backend (checked against {@link SearchIndex#capabilities()}).
     *
     * @return unmodifiable set
     */
    public Set<SearchFeature> features() {
        Set<SearchFeature> s = EnumSet.noneOf(SearchFeature.class);
        if (text != null) {
            s.add(SearchFeature.TEXT);
            if (!typoTolerance.equals(TypoTolerance.NONE)) {
                s.add(SearchFeature.TYPO_TOLERANCE);
            }
            if (asYouType) {
                s.add(SearchFeature.AS_YOU_TYPE);
            }
            if (phraseBoost > 0) {
                s.add(SearchFeature.PHRASE_BOOST);
            }
        }
        filters.forEach(f -> features(f, s));
        if (!ranking.sharedInterests().isEmpty()) {
            s.add(SearchFeature.SHARED_INTERESTS);
        }
        if (ranking.distance() != null) {
            s.add(SearchFeature.DISTANCE_DECAY);
        }
        if (ranking.recency() != null) {
            s.add(SearchFeature.RECENCY_DECAY);
        }
        if (!facets.isEmpty()) {
            s.add(SearchFeature.FACETS);
        }
        if (sort instanceof SearchSort.ByField) {
            s.add(SearchFeature.FIELD_SORT);
        } else if (sort instanceof SearchSort.ByDistance) {
            s.add(SearchFeature.DISTANCE_SORT);
        }
        return Collections.unmodifiableSet(s);
    }

    private static void features(SearchFilter f, Set<SearchFeature> s) {
        if (f instanceof SearchFilter.Keywords) {
            s.add(SearchFeature.KEYWORD_FILTER);
        } else if (f instanceof SearchFilter.NumberRange || f instanceof SearchFilter.DateRange) {
            s.add(SearchFeature.RANGE_FILTER);
        } else if (f instanceof SearchFilter.GeoDistance) {
            s.add(SearchFeature.GEO_DISTANCE_FILTER);
        } else if (f instanceof SearchFilter.All a) {
            s.add(SearchFeature.BOOLEAN_FILTER);
            a.filters().forEach(x -> features(x, s));
        } else if (f instanceof SearchFilter.Any a) {
            s.add(SearchFeature.BOOLEAN_FILTER);
            a.filters().forEach(x -> features(x, s));
        } else if (f instanceof SearchFilter.Not n) {
            s.add(SearchFeature.BOOLEAN_FILTER);
            features(n.filter(), s);
        }
    }

    /**
     * Returns a copy of this query positioned after the given cursor.
     *
     * @param nextCursor a cursor from {@link SearchPage#nextCursor()}
     * @return the query for the next page
     * @throws IllegalArgumentException when the cursor is null, empty or too long
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
        b.typoTolerance = typoTolerance;
        b.asYouType = asYouType;
        b.phraseBoost = phraseBoost;
        b.filters.addAll(filters);
        b.ranking = ranking;
        b.facets.addAll(facets);
        b.facetSize = facetSize;
        b.sort = sort;
        b.pageSize = pageSize;
        b.cursor = cursor;
        return b;
    }

    /**
     * A stable, unambiguous description of everything but the cursor and page size (two queries have the same
     * fingerprint exactly when they differ at most in cursor and page size), so a backend can bind a cursor to the
     * query that issued it. A clock-relative recency origin is described as such, not by its value.
     *
     * @return the fingerprint text
     */
    public String fingerprint() {
        return "q2" + Fingerprints.of(text, typoTolerance.oneTypoMinLength(), typoTolerance.twoTyposMinLength(),
                typoTolerance.exactPrefixLength(), asYouType, phraseBoost,
                filters.stream().map(SearchFilter::describe).toList(), ranking.describe(), facets, facetSize,
                sort.describe());
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
        private TypoTolerance typoTolerance = TypoTolerance.ofDefaults();
        private boolean asYouType;
        private float phraseBoost = DEFAULT_PHRASE_BOOST;
        private final List<SearchFilter> filters = new ArrayList<>();
        private Ranking ranking = Ranking.ofDefaults();
        private final Set<String> facets = new LinkedHashSet<>();
        private int facetSize = DEFAULT_FACET_SIZE;
        private SearchSort sort = SearchSort.relevance();
        private @Nullable Integer pageSize;
        private @Nullable String cursor;

        private Builder() {
        }

        /**
         * Sets the text to match: every word must match some text field.
         *
         * @param value non-blank text of at most {@value SearchQuery#MAX_TEXT_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when null, blank or too long
         */
        public Builder text(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("text must not be null or blank (leave it unset to match every"
                        + " document)");
            }
            if (value.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH + " characters, was "
                        + value.length());
            }
            this.text = value;
            return this;
        }

        /**
         * Sets the typos allowed per word. Default {@link TypoTolerance#ofDefaults()}; {@link TypoTolerance#NONE}
         * for exact words.
         *
         * @param tolerance the tolerance
         * @return this builder
         */
        public Builder typoTolerance(TypoTolerance tolerance) {
            this.typoTolerance = Arguments.notNull(tolerance, "typoTolerance");
            return this;
        }

        /**
         * Makes the last word match as a prefix too (search-as-you-type). Default off.
         *
         * @param on true for as-you-type
         * @return this builder
         */
        public Builder asYouType(boolean on) {
            this.asYouType = on;
            return this;
        }

        /**
         * Sets the exact-phrase boost. Default {@value SearchQuery#DEFAULT_PHRASE_BOOST}; 0 turns it off.
         *
         * @param boost 0 or more, finite
         * @return this builder
         */
        public Builder phraseBoost(float boost) {
            this.phraseBoost = Ranking.weight(boost, "phraseBoost", true);
            return this;
        }

        /**
         * Adds a filter; every filter added must hold.
         *
         * @param value the filter
         * @return this builder
         */
        public Builder filter(SearchFilter value) {
            filters.add(Arguments.notNull(value, "filter"));
            return this;
        }

        /**
         * Sets the ranking. Default {@link Ranking#ofDefaults()}.
         *
         * @param value the ranking
         * @return this builder
         */
        public Builder ranking(Ranking value) {
            this.ranking = Arguments.notNull(value, "ranking");
            return this;
        }

        /**
         * Asks for value counts of these keyword fields over all hits of the query.
         *
         * @param fields facetable keyword fields
         * @return this builder
         */
        public Builder facets(String... fields) {
            for (String f : Arguments.notNull(fields, "fields")) {
                facets.add(Arguments.key(f, "facet field"));
            }
            return this;
        }

        /**
         * Sets the most values returned per facet. Default {@value SearchQuery#DEFAULT_FACET_SIZE}.
         *
         * @param size 1 to {@value SearchQuery#MAX_FACET_SIZE}
         * @return this builder
         */
        public Builder facetSize(int size) {
            Arguments.inRange(size, 1, MAX_FACET_SIZE, "facetSize", "");
            this.facetSize = size;
            return this;
        }

        /**
         * Sets the order. Default {@link SearchSort#relevance()}.
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
         * Builds the query.
         *
         * @return the query
         */
        public SearchQuery build() {
            return new SearchQuery(this);
        }
    }
}
