package io.headroom.opensearch;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CallSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The immutable, validated settings of an {@link OpenSearchBackend}: which nodes to talk to, the timeouts of every
 * HTTP call, how failed calls are retried, the circuit breaker, the refresh policy and bulk size of writes, and the
 * shape of the indexes it creates.
 *
 * <p>Defaults ({@link #defaults()}): host {@code http://127.0.0.1:9200}; connect timeout 1 s; call timeout 5 s (one
 * HTTP call, each retry attempt included; a search or write as a whole is still bounded by
 * {@link io.headroom.search.SearchConfig#readTimeout()} and {@code writeTimeout()}); up to 3 attempts per call,
 * 50 ms before the first retry, doubling; the circuit breaker of {@link BackendGuard#defaultCircuitBreakerConfig()};
 * refresh policy {@link OpenSearchRefreshPolicy#NONE}; at most 1,000 documents per bulk request; index name prefix
 * {@code ""} (the index of {@code SearchConfig.named("people")} is {@code people}); 1 shard and 1 replica per
 * created index; point-in-time keep-alive 5 minutes; no credentials.
 *
 * <p>Retried: HTTP 429, 502, 503 and 504, connections refused or reset, and calls that time out (every Headroom
 * call to OpenSearch is idempotent: writes carry their document id). Never retried: bad requests, a missing index,
 * a mapping conflict, and calls refused by the open circuit breaker. Immutable and thread-safe; build with
 * {@link #builder()}.
 */
public final class OpenSearchSettings {

    /** The longest allowed connect or call timeout. */
    public static final Duration MAX_TIMEOUT = CallSettings.MAX_TIMEOUT;
    /** The most attempts a call may be given. */
    public static final int MAX_ATTEMPTS = 10;
    /** The largest allowed {@link #bulkSize()}. */
    public static final int MAX_BULK_SIZE = 10_000;

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9_.-]{0,64}");

    private final List<URI> hosts;
    private final Duration connectTimeout;
    private final CallSettings calls;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final OpenSearchRefreshPolicy refreshPolicy;
    private final int bulkSize;
    private final String indexPrefix;
    private final int numberOfShards;
    private final int numberOfReplicas;
    private final @Nullable String username;
    private final @Nullable String password;
    private final Duration pointInTimeKeepAlive;

    private OpenSearchSettings(Builder b, List<URI> hosts, CallSettings calls) {
        this.hosts = hosts;
        this.connectTimeout = b.connectTimeout;
        this.calls = calls;
        this.maxAttempts = b.maxAttempts;
        this.retryBackoff = b.retryBackoff;
        this.refreshPolicy = b.refreshPolicy;
        this.bulkSize = b.bulkSize;
        this.indexPrefix = b.indexPrefix;
        this.numberOfShards = b.numberOfShards;
        this.numberOfReplicas = b.numberOfReplicas;
        this.username = b.username;
        this.password = b.password;
        this.pointInTimeKeepAlive = b.pointInTimeKeepAlive;
    }

    /**
     * Returns the settings with every value at its default (one node at {@code http://127.0.0.1:9200}).
     *
     * @return the defaults
     */
    public static OpenSearchSettings defaults() {
        return builder().build();
    }

    /**
     * Returns a builder with every value at its default.
     *
     * @return a builder; not thread-safe
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these settings, to derive a variant.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hosts.clear();
        b.hosts.addAll(hosts);
        b.connectTimeout = connectTimeout;
        b.callTimeout = calls.timeout();
        b.circuitBreakerConfig = calls.circuitBreakerConfig();
        b.maxAttempts = maxAttempts;
        b.retryBackoff = retryBackoff;
        b.refreshPolicy = refreshPolicy;
        b.bulkSize = bulkSize;
        b.indexPrefix = indexPrefix;
        b.numberOfShards = numberOfShards;
        b.numberOfReplicas = numberOfReplicas;
        b.username = username;
        b.password = password;
        b.pointInTimeKeepAlive = pointInTimeKeepAlive;
        return b;
    }

    /**
     * The nodes' HTTP endpoints ({@code http} or {@code https}, host and port); the client spreads calls over them
     * and skips a node that failed for a while.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<URI> hosts() {
        return hosts;
    }

    /**
     * How long opening a connection may take.
     *
     * @return the connect timeout, 1 s unless set
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The longest one HTTP call (one attempt) may take before it fails and is retried.
     *
     * @return the call timeout, 5 s unless set
     */
    public Duration callTimeout() {
        return calls.timeout();
    }

    /**
     * The circuit breaker around calls (one breaker per backend, shared by its indexes).
     *
     * @return the breaker settings
     */
    public CircuitBreakerConfig circuitBreakerConfig() {
        return calls.circuitBreakerConfig();
    }

    /** The call timeout and breaker as the house's shared call settings (for the backend's guard). */
    CallSettings calls() {
        return calls;
    }

    /**
     * How many times a call is tried in all, the first attempt included.
     *
     * @return 1 (no retry) to {@value #MAX_ATTEMPTS}; 3 unless set
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before the first retry; each later retry waits twice as long as the one before.
     *
     * @return the backoff, 50 ms unless set
     */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /**
     * When bulk writes become visible.
     *
     * @return the policy, {@link OpenSearchRefreshPolicy#NONE} unless set
     */
    public OpenSearchRefreshPolicy refreshPolicy() {
        return refreshPolicy;
    }

    /**
     * The most documents in one bulk request; writes queued beyond it go in the next request.
     *
     * @return 1 to {@value #MAX_BULK_SIZE}; 1,000 unless set
     */
    public int bulkSize() {
        return bulkSize;
    }

    /**
     * What every index (and alias) name of this backend starts with, before the search index's name: lets several
     * environments share one cluster ({@code "staging-"}).
     *
     * @return the prefix, {@code ""} unless set
     */
    public String indexPrefix() {
        return indexPrefix;
    }

    /**
     * The primary shards of each index this backend creates. One shard gives the same relevance statistics as the
     * embedded Lucene index; more shards spread a large index but score with per-shard statistics.
     *
     * @return 1 to 1024; 1 unless set
     */
    public int numberOfShards() {
        return numberOfShards;
    }

    /**
     * The replicas of each shard of each index this backend creates.
     *
     * @return 0 to 16; 1 unless set (a single-node cluster stays yellow with 1; use 0 there)
     */
    public int numberOfReplicas() {
        return numberOfReplicas;
    }

    /**
     * The user of HTTP basic authentication, or {@code null} for none.
     *
     * @return the user name
     */
    public @Nullable String username() {
        return username;
    }

    /**
     * How long the point in time of a search walk lives after each page: a walk whose next page comes later than
     * this fails with {@link io.headroom.search.InvalidSearchCursorException}.
     *
     * @return the keep-alive, 5 minutes unless set
     */
    public Duration pointInTimeKeepAlive() {
        return pointInTimeKeepAlive;
    }

    /** The password of HTTP basic authentication (never printed). */
    @Nullable String password() {
        return password;
    }

    @Override
    public String toString() {
        return "OpenSearchSettings[hosts=" + hosts + ", connectTimeout=" + connectTimeout + ", callTimeout="
                + calls.timeout() + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff
                + ", refreshPolicy=" + refreshPolicy + ", bulkSize=" + bulkSize + ", indexPrefix=" + indexPrefix
                + ", shards=" + numberOfShards + ", replicas=" + numberOfReplicas
                + ", pointInTimeKeepAlive=" + pointInTimeKeepAlive
                + (username == null ? "" : ", username=" + username + ", password=***") + "]";
    }

    /** Builds {@link OpenSearchSettings}; {@link #build()} validates and copies. Not thread-safe. */
    public static final class Builder {
        private final List<URI> hosts = new ArrayList<>(List.of(URI.create("http://127.0.0.1:9200")));
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration callTimeout = Duration.ofSeconds(5);
        private CircuitBreakerConfig circuitBreakerConfig = BackendGuard.defaultCircuitBreakerConfig();
        private int maxAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(50);
        private OpenSearchRefreshPolicy refreshPolicy = OpenSearchRefreshPolicy.NONE;
        private int bulkSize = 1_000;
        private String indexPrefix = "";
        private int numberOfShards = 1;
        private int numberOfReplicas = 1;
        private @Nullable String username;
        private @Nullable String password;
        private Duration pointInTimeKeepAlive = Duration.ofMinutes(5);

        private Builder() {
        }

        /**
         * Sets the nodes to talk to, replacing the default.
         *
         * @param uris one or more {@code http://host:port} or {@code https://host:port} endpoints
         * @return this builder
         * @throws IllegalArgumentException when none is given or one is not an http(s) URI with a host and port
         */
        public Builder hosts(String... uris) {
            Arguments.notNull(uris, "hosts");
            if (uris.length == 0) {
                throw new IllegalArgumentException("hosts must name at least one node");
            }
            List<URI> parsed = new ArrayList<>(uris.length);
            for (String u : uris) {
                parsed.add(host(u));
            }
            hosts.clear();
            hosts.addAll(parsed);
            return this;
        }

        private static URI host(@Nullable String uri) {
            Arguments.notNull(uri, "hosts[]");
            URI u;
            try {
                u = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hosts must be http(s)://host:port URIs, was '" + uri + "'", e);
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getPort() < 1) {
                throw new IllegalArgumentException("hosts must be http(s)://host:port URIs, was '" + uri + "'");
            }
            return u;
        }

        /**
         * Sets how long opening a connection may take. Default 1 s.
         *
         * @param timeout positive, at most {@link #MAX_TIMEOUT}
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the longest one HTTP call may take. Default 5 s.
         *
         * @param timeout positive, at most {@link #MAX_TIMEOUT}
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = timeout;
            return this;
        }

        /**
         * Sets the circuit breaker. Default {@link BackendGuard#defaultCircuitBreakerConfig()}.
         *
         * @param config the breaker settings
         * @return this builder
         */
        public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
            this.circuitBreakerConfig = config;
            return this;
        }

        /**
         * Sets how many times a call is tried in all. Default 3.
         *
         * @param attempts 1 (no retry) to {@value #MAX_ATTEMPTS}
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * Sets the wait before the first retry (doubling after). Default 50 ms.
         *
         * @param backoff positive, at most 10 s
         * @return this builder
         */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * Sets when bulk writes become visible. Default {@link OpenSearchRefreshPolicy#NONE}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder refreshPolicy(OpenSearchRefreshPolicy policy) {
            this.refreshPolicy = policy;
            return this;
        }

        /**
         * Sets the most documents per bulk request. Default 1,000.
         *
         * @param documents 1 to {@value #MAX_BULK_SIZE}
         * @return this builder
         */
        public Builder bulkSize(int documents) {
            this.bulkSize = documents;
            return this;
        }

        /**
         * Sets what every index and alias name starts with. Default {@code ""}.
         *
         * @param prefix 0 to 64 characters of {@code [a-z0-9_.-]}
         * @return this builder
         */
        public Builder indexPrefix(String prefix) {
            this.indexPrefix = prefix;
            return this;
        }

        /**
         * Sets the primary shards of created indexes. Default 1.
         *
         * @param shards 1 to 1024
         * @return this builder
         */
        public Builder numberOfShards(int shards) {
            this.numberOfShards = shards;
            return this;
        }

        /**
         * Sets the replicas of created indexes. Default 1.
         *
         * @param replicas 0 to 16
         * @return this builder
         */
        public Builder numberOfReplicas(int replicas) {
            this.numberOfReplicas = replicas;
            return this;
        }

        /**
         * Sets HTTP basic authentication. Default none.
         *
         * @param user the user name, non-empty
         * @param secret the password
         * @return this builder
         */
        public Builder credentials(String user, String secret) {
            this.username = Arguments.key(user, "username");
            this.password = Arguments.notNull(secret, "password");
            return this;
        }

        /**
         * Sets how long a search walk's point in time lives after each page. Default 5 minutes.
         *
         * @param keepAlive at least 1 s, at most 1 day
         * @return this builder
         */
        public Builder pointInTimeKeepAlive(Duration keepAlive) {
            this.pointInTimeKeepAlive = keepAlive;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the setting that breaks its rule
         */
        public OpenSearchSettings build() {
            timeout(connectTimeout, "connectTimeout");
            timeout(callTimeout, "callTimeout");
            Arguments.inRange(maxAttempts, 1, MAX_ATTEMPTS, "maxAttempts", "attempts per call, the first included");
            Arguments.positive(retryBackoff, "retryBackoff");
            if (retryBackoff.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("retryBackoff must be at most PT10S, was " + retryBackoff);
            }
            Arguments.notNull(refreshPolicy, "refreshPolicy");
            Arguments.positive(pointInTimeKeepAlive, "pointInTimeKeepAlive");
            if (pointInTimeKeepAlive.compareTo(Duration.ofSeconds(1)) < 0
                    || pointInTimeKeepAlive.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("pointInTimeKeepAlive must be between PT1S and P1D, was "
                        + pointInTimeKeepAlive);
            }
            Arguments.inRange(bulkSize, 1, MAX_BULK_SIZE, "bulkSize", "documents per bulk request");
            Arguments.notNull(indexPrefix, "indexPrefix");
            if (!PREFIX.matcher(indexPrefix).matches()) {
                throw new IllegalArgumentException("indexPrefix must be 0 to 64 characters of [a-z0-9_.-], was '"
                        + indexPrefix + "'");
            }
            Arguments.inRange(numberOfShards, 1, 1024, "numberOfShards", "primary shards per index");
            Arguments.inRange(numberOfReplicas, 0, 16, "numberOfReplicas", "replicas per shard");
            CallSettings calls = new CallSettings(callTimeout, Arguments.notNull(circuitBreakerConfig,
                    "circuitBreakerConfig"));
            return new OpenSearchSettings(this, List.copyOf(hosts), calls);
        }

        private static void timeout(@Nullable Duration timeout, String name) {
            Arguments.positive(timeout, name);
            if (timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(name + " must be at most " + MAX_TIMEOUT + ", was " + timeout);
            }
        }
    }
}
