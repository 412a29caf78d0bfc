package io.headroom.search;

import io.headroom.internal.Arguments;
import io.headroom.page.CursorKeys;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, validated configuration of a {@link SearchIndex}: its name, page sizes, its {@link SearchSchema},
 * call timeouts, how cursors are protected, and the outage policy.
 *
 * <p>Defaults ({@link #ofDefaults()}): name {@code "default"}; default page size {@value #DEFAULT_PAGE_SIZE},
 * maximum page size {@value SearchQuery#MAX_PAGE_SIZE}; schema {@link SearchSchema#ofDefaults()}; read
 * timeout 2 s (searches), write timeout 10 s (upserts, deletes, refreshes); cursors encrypted and signed with a
 * {@linkplain CursorKeys#random() random per-process key}, without expiry; outage policy
 * {@link SearchOutagePolicy#FAIL_FAST}.
 *
 * <p>Cursors: every search cursor is a {@link io.headroom.page.CursorCodec} cursor (AES-GCM encrypted, HMAC-SHA256
 * signed, rotatable keys; it reveals no document id or score) bound to the index name and the query. With the
 * default random key a cursor is valid only in the process that issued it; for cursors that survive a restart and
 * are accepted by every instance of a service, configure {@link Builder#cursorKeys(CursorKeys)} from a shared
 * secret. Immutable and thread-safe; build with {@link #builder()} or {@link #named(String)}.
 */
public final class SearchConfig {

    /** The default {@link #defaultPageSize()}. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** The longest allowed read or write timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** The longest allowed cursor lifetime. */
    public static final Duration MAX_CURSOR_TTL = Duration.ofDays(366);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private final String name;
    private final int defaultPageSize;
    private final int maxPageSize;
    private final SearchSchema schema;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final CursorKeys cursorKeys;
    private final @Nullable Duration cursorTtl;
    private final SearchOutagePolicy outagePolicy;

    private SearchConfig(Builder b, CursorKeys keys) {
        this.name = b.name;
        this.defaultPageSize = b.defaultPageSize;
        this.maxPageSize = b.maxPageSize;
        this.schema = b.schema;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.cursorKeys = keys;
        this.cursorTtl = b.cursorTtl;
        this.outagePolicy = b.outagePolicy;
    }

    /**
     * Returns the configuration with every setting at its default (a random cursor key).
     *
     * @return the default configuration
     */
    public static SearchConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder with every setting at its default.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder with every setting at its default but the name.
     *
     * @param name the index name (validated by {@link Builder#build()})
     * @return a builder; not thread-safe
     */
    public static Builder named(String name) {
        return new Builder().name(name);
    }

    /**
     * Returns a builder holding this configuration's settings (the same cursor keys), to derive a variant.
     *
     * @return a builder initialised from this configuration
     */
    public Builder toBuilder() {
        return new Builder().name(name).defaultPageSize(defaultPageSize).maxPageSize(maxPageSize).schema(schema)
                .readTimeout(readTimeout).writeTimeout(writeTimeout).cursorKeys(cursorKeys).cursorTtl(cursorTtl)
                .outagePolicy(outagePolicy);
    }

    /**
     * The index name: bound into every cursor (a cursor of one index is invalid in another), used in metrics tags,
     * log lines, exception messages and by remote backends to name their index.
     *
     * @return the name, 1 to 64 characters of {@code [a-z0-9_.-]} starting with a letter or digit
     */
    public String name() {
        return name;
    }

    /**
     * The page size of queries that set none ({@link SearchQuery#pageSize()} empty).
     *
     * @return the default page size, {@value #DEFAULT_PAGE_SIZE} unless set
     */
    public int defaultPageSize() {
        return defaultPageSize;
    }

    /**
     * The largest page size a query may ask for; a larger one is refused with {@link IllegalArgumentException}
     * before any I/O.
     *
     * @return the maximum, {@value SearchQuery#MAX_PAGE_SIZE} unless set
     */
    public int maxPageSize() {
        return maxPageSize;
    }

    /**
     * The fields of the index; documents and queries are checked against it before any I/O.
     *
     * @return the schema, {@link SearchSchema#ofDefaults()} (one text field {@code "text"}) unless set
     */
    public SearchSchema schema() {
        return schema;
    }

    /**
     * The longest a search may take, queueing included; past it the call fails with
     * {@link io.headroom.BackendUnavailableException} (see {@link #outagePolicy()}). Also how long
     * {@link SearchIndex#close()} waits for searches in flight.
     *
     * @return the read timeout, 2 s unless set
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /**
     * The longest an upsert, delete or refresh may take, queueing included; past it the call fails with
     * {@link io.headroom.BackendUnavailableException}. Also how long {@link SearchIndex#close()} waits for writes
     * in flight.
     *
     * @return the write timeout, 10 s unless set
     */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * The keys that encrypt and sign cursors; the current key signs new cursors, every key verifies.
     *
     * @return the key set
     */
    public CursorKeys cursorKeys() {
        return cursorKeys;
    }

    /**
     * How long a cursor stays valid after it was issued, by the index's clock, or {@code null} for ever.
     *
     * @return the lifetime, or {@code null} (the default)
     */
    public @Nullable Duration cursorTtl() {
        return cursorTtl;
    }

    /**
     * What happens when the backend cannot serve a call.
     *
     * @return the policy, {@link SearchOutagePolicy#FAIL_FAST} unless set
     */
    public SearchOutagePolicy outagePolicy() {
        return outagePolicy;
    }

    @Override
    public String toString() {
        return "SearchConfig[name=" + name + ", defaultPageSize=" + defaultPageSize + ", maxPageSize=" + maxPageSize
                + ", schema=" + schema
                + ", readTimeout=" + readTimeout + ", writeTimeout=" + writeTimeout + ", keys=" + cursorKeys
                + ", cursorTtl=" + cursorTtl + ", outagePolicy=" + outagePolicy + "]";
    }

    /** Builds a {@link SearchConfig}; {@link #build()} validates and copies. Not thread-safe. */
    public static final class Builder {
        private String name = "default";
        private int defaultPageSize = DEFAULT_PAGE_SIZE;
        private int maxPageSize = SearchQuery.MAX_PAGE_SIZE;
        private SearchSchema schema = SearchSchema.ofDefaults();
        private Duration readTimeout = Duration.ofSeconds(2);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private @Nullable CursorKeys cursorKeys;
        private @Nullable Duration cursorTtl;
        private SearchOutagePolicy outagePolicy = SearchOutagePolicy.FAIL_FAST;

        private Builder() {
        }

        /**
         * Sets the index name: 1 to 64 characters of {@code [a-z0-9_.-]}, starting with a letter or digit (so it
         * can name an OpenSearch index as it is). Default {@code "default"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the page size of queries that set none, in {@code [1, maxPageSize]}. Default
         * {@value SearchConfig#DEFAULT_PAGE_SIZE}.
         *
         * @param size the size
         * @return this builder
         */
        public Builder defaultPageSize(int size) {
            this.defaultPageSize = size;
            return this;
        }

        /**
         * Sets the largest page size, in {@code [1, }{@value SearchQuery#MAX_PAGE_SIZE}{@code ]}. Default
         * {@value SearchQuery#MAX_PAGE_SIZE}.
         *
         * @param size the maximum
         * @return this builder
         */
        public Builder maxPageSize(int size) {
            this.maxPageSize = size;
            return this;
        }

        /**
         * Sets the schema. Default {@link SearchSchema#ofDefaults()}.
         *
         * @param value the schema
         * @return this builder
         */
        public Builder schema(SearchSchema value) {
            this.schema = value;
            return this;
        }

        /**
         * Sets the search timeout, positive and at most {@link SearchConfig#MAX_TIMEOUT}. Default 2 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Sets the upsert, delete and refresh timeout, positive and at most {@link SearchConfig#MAX_TIMEOUT}.
         * Default 10 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        /**
         * Sets the cursor keys; every instance that must accept another's cursors (and every restart) needs the
         * same keys. Default {@link CursorKeys#random()}, made at {@link #build()}.
         *
         * @param keys the key set
         * @return this builder
         */
        public Builder cursorKeys(CursorKeys keys) {
            this.cursorKeys = keys;
            return this;
        }

        /**
         * Sets the cursor lifetime, positive and at most {@link SearchConfig#MAX_CURSOR_TTL}, or {@code null} for
         * none. Default {@code null}.
         *
         * @param ttl the lifetime, or {@code null}
         * @return this builder
         */
        public Builder cursorTtl(@Nullable Duration ttl) {
            this.cursorTtl = ttl;
            return this;
        }

        /**
         * Sets the outage policy. Default {@link SearchOutagePolicy#FAIL_FAST}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder outagePolicy(SearchOutagePolicy policy) {
            this.outagePolicy = policy;
            return this;
        }

        /**
         * Validates the settings and returns an immutable configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a setting breaks its rule; the message names the setting and the rule
         */
        public SearchConfig build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be 1 to 64 characters of [a-z0-9_.-] starting with a"
                        + " letter or digit, was " + (name == null ? "null" : "'" + name + "'"));
            }
            Arguments.inRange(maxPageSize, 1, SearchQuery.MAX_PAGE_SIZE, "maxPageSize", "");
            Arguments.inRange(defaultPageSize, 1, maxPageSize, "defaultPageSize", "at most maxPageSize");
            Arguments.notNull(schema, "schema");
            timeout(readTimeout, "readTimeout");
            timeout(writeTimeout, "writeTimeout");
            if (cursorTtl != null) {
                Arguments.positive(cursorTtl, "cursorTtl");
                if (cursorTtl.compareTo(MAX_CURSOR_TTL) > 0) {
                    throw new IllegalArgumentException("cursorTtl must be at most " + MAX_CURSOR_TTL.toDays()
                            + " days, was " + cursorTtl);
                }
            }
            Arguments.notNull(outagePolicy, "outagePolicy");
            return new SearchConfig(this, cursorKeys != null ? cursorKeys : CursorKeys.random());
        }

        private static void timeout(@Nullable Duration d, String name) {
            if (Arguments.positive(d, name).compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be at most " + MAX_TIMEOUT + ", was " + d);
            }
        }
    }
}
