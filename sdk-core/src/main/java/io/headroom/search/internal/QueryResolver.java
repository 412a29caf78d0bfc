package io.headroom.search.internal;

import io.headroom.internal.Arguments;
import io.headroom.page.CursorCodec;
import io.headroom.page.CursorPosition;
import io.headroom.page.InvalidCursorException;
import io.headroom.page.PageDirection;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchConfig;
import io.headroom.search.Ranking;
import io.headroom.search.SearchFeature;
import io.headroom.search.SearchQuery;
import io.headroom.search.UnsupportedSearchFeatureException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The front half of every backend's search: applies the index's {@link SearchConfig} defaults to a query, checks
 * its page size, and issues and verifies its cursors with the house's {@link CursorCodec} (AES-GCM encrypted,
 * HMAC-SHA256 signed, keys from {@link SearchConfig#cursorKeys()}, lifetime {@link SearchConfig#cursorTtl()}).
 *
 * <p>A cursor holds the backend's sort values of the last hit of its page (its {@code search_after} values) and
 * the recency origin of the walk, encrypted; it is bound to the index name and to the query's fingerprint with
 * defaults applied, so a cursor of another index or another query is rejected, while an index of the same name
 * and keys (another instance, or this one after a restart) accepts it. Thread-safe.
 */
public final class QueryResolver {

    // hashed into the cursor's binding; the query's own sort is part of its fingerprint, also bound
    private static final Sort SORT = Sort.of(List.of(SortKey.asc("searchAfter")), "id");

    private final SearchConfig config;
    private final Clock clock;
    private final CursorCodec codec;
    private final String codecName;
    private final String backend;
    private final Set<SearchFeature> capabilities;

    private QueryResolver(SearchConfig config, Clock clock, String backend, Set<SearchFeature> capabilities) {
        this.config = config;
        this.clock = clock;
        this.backend = backend;
        this.capabilities = Set.copyOf(capabilities);
        this.codecName = "search:" + config.name();
        this.codec = CursorCodec.of(PaginatorConfig.builder().name(codecName).cursorKeys(config.cursorKeys())
                .encryptCursors(true).cursorTtl(config.cursorTtl()).clock(clock).build());
    }

    /**
     * Creates the resolver of an index.
     *
     * @param config the index's configuration
     * @param clock the index's wall clock: the recency origin of clock-relative queries, cursor expiry
     * @param backend the backend's name for messages, e.g. {@code "lucene"}
     * @param capabilities the features the backend supports
     * @return the resolver
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static QueryResolver create(SearchConfig config, Clock clock, String backend,
                                       Set<SearchFeature> capabilities) {
        return new QueryResolver(Arguments.notNull(config, "config"), Arguments.notNull(clock, "clock"),
                Arguments.notNull(backend, "backend"), Arguments.notNull(capabilities, "capabilities"));
    }

    /**
     * The features of the backend.
     *
     * @return unmodifiable set
     */
    public Set<SearchFeature> capabilities() {
        return capabilities;
    }

    /**
     * Checks a query against the schema and the capabilities, without its cursor. Does no I/O.
     *
     * @param query the query
     * @throws IllegalArgumentException when it does not fit the schema
     * @throws UnsupportedSearchFeatureException when it needs a feature the backend lacks
     */
    public void check(SearchQuery query) {
        Arguments.notNull(query, "query");
        Set<SearchFeature> missing = EnumSet.noneOf(SearchFeature.class);
        missing.addAll(query.features());
        missing.removeAll(capabilities);
        if (!missing.isEmpty()) {
            throw new UnsupportedSearchFeatureException(config.name(), backend, missing);
        }
        try {
            config.schema().validate(query);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("search index '" + config.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks the query ({@link #check}), applies the defaults, checks the page size and verifies the cursor. Does
     * no I/O.
     *
     * @param query the query
     * @return the query as the backend runs it
     * @throws IllegalArgumentException when {@code query} is {@code null}, does not fit the schema or its page size
     *     exceeds {@link SearchConfig#maxPageSize()}
     * @throws UnsupportedSearchFeatureException when it needs a feature the backend lacks
     * @throws InvalidSearchCursorException when its cursor is rejected
     */
    public ResolvedQuery resolve(SearchQuery query) {
        check(query);
        int pageSize = query.pageSize().orElse(config.defaultPageSize());
        if (pageSize > config.maxPageSize()) {
            throw new IllegalArgumentException("pageSize must be at most " + config.maxPageSize()
                    + " (maxPageSize of search index '" + config.name() + "'), was " + pageSize);
        }
        String binding = query.fingerprint();
        Ranking.RecencyDecay recency = query.ranking().recency();
        boolean fromClock = recency != null && recency.origin() == null;
        long origin = recency == null || recency.origin() == null ? 0L : recency.origin().toEpochMilli();
        String cursor = query.cursor();
        List<@Nullable Object> after = null;
        if (cursor != null) {
            List<@Nullable Object> values = decode(cursor, binding);
            after = values.subList(0, values.size() - 1);
            if (fromClock) {
                origin = (Long) values.get(values.size() - 1); // the walk keeps its first page's "now"
            }
        } else if (fromClock) {
            origin = clock.millis();
        }
        return new ResolvedQuery(query, pageSize, origin, after, binding);
    }

    /**
     * Issues the cursor of the page after the one ending at a hit.
     *
     * @param query the resolved query of the current page
     * @param sortValues the backend's sort values of the page's last hit, each {@code null}, a {@link Boolean},
     *     {@link Long}, {@link Double} or {@link String}
     * @return the opaque cursor
     * @throws IllegalArgumentException when an argument is {@code null} or a value cannot be encoded
     */
    public String nextCursor(ResolvedQuery query, List<@Nullable Object> sortValues) {
        Arguments.notNull(query, "query");
        Arguments.notNull(sortValues, "sortValues");
        List<@Nullable Object> values = new ArrayList<>(sortValues.size() + 1);
        values.addAll(sortValues);
        values.add(query.recencyOriginMillis());
        return codec.encode(new CursorPosition(values, PageDirection.FORWARD, false), SORT,
                Map.of("query", query.binding()));
    }

    private List<@Nullable Object> decode(String cursor, String binding) {
        CursorPosition p;
        try {
            p = codec.decode(cursor, SORT, Map.of("query", binding));
        } catch (InvalidCursorException e) {
            throw invalid(reason(e), e);
        }
        List<@Nullable Object> values = p.values();
        if (values.size() < 2 || p.direction() != PageDirection.FORWARD || p.inclusive()
                || !(values.get(values.size() - 1) instanceof Long)) {
            throw invalid("is malformed", null);
        }
        return values;
    }

    // the codec speaks of paginators; say the same in the words of search
    private String reason(InvalidCursorException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = "cursor for paginator '" + codecName + "' ";
        String why = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        return why.startsWith("was issued for another query") ? "was issued for another query or index" : why;
    }

    private InvalidSearchCursorException invalid(String why, @Nullable Throwable cause) {
        return new InvalidSearchCursorException("search index '" + config.name() + "': cursor " + why, cause);
    }

    /**
     * Validates a sort value type for {@link #nextCursor}; a helper for backends converting engine values.
     *
     * @param value an engine's sort value (a float score becomes a double, an int a long)
     * @return the value in a type a cursor holds
     * @throws IllegalArgumentException when the value has no cursor representation
     */
    public static @Nullable Object cursorValue(@Nullable Object value) {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Double
                || value instanceof String) {
            return value;
        }
        if (value instanceof Float f) {
            return (double) f;
        }
        if (value instanceof Integer i) {
            return (long) i;
        }
        throw new IllegalArgumentException("sort value of type " + value.getClass().getName()
                + " has no cursor representation");
    }
}
