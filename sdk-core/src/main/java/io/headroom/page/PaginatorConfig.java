package io.headroom.page;

import io.headroom.internal.Arguments;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, validated configuration of a {@link Paginator}: its name, page sizes, how cursors are
 * protected, and what a remote paginator does during an outage.
 *
 * <p>Defaults ({@link #ofDefaults()}): name {@code "default"}, default page size 20, maximum page size 100,
 * cursors encrypted (AES-GCM) and signed (HMAC-SHA256) with a {@linkplain CursorKeys#random() random per-process
 * key}, no expiry, the UTC system clock, outage policy {@link PageOutagePolicy#FAIL_FAST}. Production set-ups
 * with more than one instance must configure {@link Builder#cursorKeys(CursorKeys)} from a shared secret.
 *
 * <p>Why encrypt by default: a keyset cursor holds the sort values of an item (a timestamp, a score, an id), which
 * an API should not leak; AES-GCM costs about a microsecond per cursor, nothing next to any backend read (see
 * the benchmarks). {@link Builder#encryptCursors(boolean) encryptCursors(false)} leaves the values readable
 * (base64) but still signed. Thread-safe.
 */
public final class PaginatorConfig {

    /** The largest allowed {@link #maxPageSize()}. */
    public static final int MAX_PAGE_SIZE_LIMIT = 10_000;

    private final String name;
    private final int defaultPageSize;
    private final int maxPageSize;
    private final CursorKeys cursorKeys;
    private final boolean encryptCursors;
    private final @Nullable Duration cursorTtl;
    private final Clock clock;
    private final PageOutagePolicy outagePolicy;

    private PaginatorConfig(Builder b) {
        this.name = b.name;
        this.defaultPageSize = b.defaultPageSize;
        this.maxPageSize = b.maxPageSize;
        this.cursorKeys = b.cursorKeys != null ? b.cursorKeys : CursorKeys.random();
        this.encryptCursors = b.encryptCursors;
        this.cursorTtl = b.cursorTtl;
        this.clock = b.clock;
        this.outagePolicy = b.outagePolicy;
    }

    /**
     * The default configuration, with a random per-process key.
     *
     * @return the defaults
     */
    public static PaginatorConfig ofDefaults() {
        return builder().build();
    }

    /**
     * A builder with every setting at its default.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's settings (the same keys), to derive a variant.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return builder().name(name).defaultPageSize(defaultPageSize).maxPageSize(maxPageSize)
                .cursorKeys(cursorKeys).encryptCursors(encryptCursors).cursorTtl(cursorTtl).clock(clock)
                .outagePolicy(outagePolicy);
    }

    /**
     * The paginator's name: bound into every cursor (a cursor of one paginator is invalid in another), used in
     * messages and backend resource names.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The page size of requests that name none.
     *
     * @return the default page size, 20 unless set
     */
    public int defaultPageSize() {
        return defaultPageSize;
    }

    /**
     * The largest page size a request may ask for.
     *
     * @return the maximum, 100 unless set
     */
    public int maxPageSize() {
        return maxPageSize;
    }

    /**
     * The keys that sign (and encrypt) cursors.
     *
     * @return the key set
     */
    public CursorKeys cursorKeys() {
        return cursorKeys;
    }

    /**
     * Whether cursors are encrypted so they reveal no sort value; they are always signed.
     *
     * @return {@code true} unless set otherwise
     */
    public boolean encryptCursors() {
        return encryptCursors;
    }

    /**
     * How long a cursor stays valid after it was issued, or {@code null} for ever (the default).
     *
     * @return the lifetime, or {@code null}
     */
    public @Nullable Duration cursorTtl() {
        return cursorTtl;
    }

    /**
     * The clock that stamps and checks cursor expiry.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * What a remote paginator does while its backend is unavailable; ignored by the in-memory paginator.
     *
     * @return the policy, {@link PageOutagePolicy#FAIL_FAST} unless set
     */
    public PageOutagePolicy outagePolicy() {
        return outagePolicy;
    }

    @Override
    public String toString() {
        return "PaginatorConfig[name=" + name + ", defaultPageSize=" + defaultPageSize + ", maxPageSize="
                + maxPageSize + ", keys=" + cursorKeys + ", encrypt=" + encryptCursors + ", ttl=" + cursorTtl
                + ", outagePolicy=" + outagePolicy + "]";
    }

    /** Builds a {@link PaginatorConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name = "default";
        private int defaultPageSize = 20;
        private int maxPageSize = 100;
        private @Nullable CursorKeys cursorKeys;
        private boolean encryptCursors = true;
        private @Nullable Duration cursorTtl;
        private Clock clock = Clock.systemUTC();
        private PageOutagePolicy outagePolicy = PageOutagePolicy.FAIL_FAST;

        private Builder() {
        }

        /**
         * Sets the name, 1 to 128 characters. Default {@code "default"}.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the page size of requests that name none, in [1, maxPageSize]. Default 20.
         *
         * @param size the size
         * @return this builder
         */
        public Builder defaultPageSize(int size) {
            this.defaultPageSize = size;
            return this;
        }

        /**
         * Sets the largest page size, in [1, {@value #MAX_PAGE_SIZE_LIMIT}]. Default 100.
         *
         * @param size the maximum
         * @return this builder
         */
        public Builder maxPageSize(int size) {
            this.maxPageSize = size;
            return this;
        }

        /**
         * Sets the signing keys. Default: {@link CursorKeys#random()}, made at {@link #build()}.
         *
         * @param keys the key set
         * @return this builder
         */
        public Builder cursorKeys(CursorKeys keys) {
            this.cursorKeys = keys;
            return this;
        }

        /**
         * Sets whether cursors are encrypted. Default {@code true}.
         *
         * @param encrypt {@code false} to leave the position readable (still signed)
         * @return this builder
         */
        public Builder encryptCursors(boolean encrypt) {
            this.encryptCursors = encrypt;
            return this;
        }

        /**
         * Sets the cursor lifetime, or {@code null} for none. Default {@code null}.
         *
         * @param ttl a positive duration of at most 366 days, or {@code null}
         * @return this builder
         */
        public Builder cursorTtl(@Nullable Duration ttl) {
            this.cursorTtl = ttl;
            return this;
        }

        /**
         * Sets the clock for cursor expiry. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets what a remote paginator does while its backend is unavailable. Default
         * {@link PageOutagePolicy#FAIL_FAST} (the only policy today).
         *
         * @param outagePolicy the policy
         * @return this builder
         */
        public Builder outagePolicy(PageOutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public PaginatorConfig build() {
            Arguments.notNull(name, "name");
            if (name.isEmpty() || name.length() > 128) {
                throw new IllegalArgumentException("name must be 1 to 128 characters, was '" + name + "'");
            }
            Arguments.wellFormed(name, "name");
            Arguments.inRange(maxPageSize, 1, MAX_PAGE_SIZE_LIMIT, "maxPageSize", "");
            Arguments.inRange(defaultPageSize, 1, maxPageSize, "defaultPageSize", "at most maxPageSize");
            if (cursorTtl != null) {
                Arguments.positive(cursorTtl, "cursorTtl");
                if (cursorTtl.compareTo(Duration.ofDays(366)) > 0) {
                    throw new IllegalArgumentException("cursorTtl must be at most 366 days, was " + cursorTtl);
                }
            }
            Arguments.notNull(clock, "clock");
            Arguments.notNull(outagePolicy, "outagePolicy");
            return new PaginatorConfig(this);
        }
    }
}
