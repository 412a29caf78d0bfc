package io.headroom.fcm;

import io.headroom.internal.Arguments;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The immutable, validated settings of an {@link FcmPushProvider}.
 *
 * <p>Defaults: {@code endpoint} {@value #DEFAULT_ENDPOINT}, {@code maxConcurrentRequests} 16 (1 to 1024),
 * {@code requestTimeout} 10 s (positive, at most 5 minutes), {@code connectTimeout} 5 s, {@code clock}
 * {@link Clock#systemUTC()} (reads HTTP-date {@code Retry-After} headers). The access token
 * supplier is called once per HTTP request and should cache (Google's OAuth2 tokens live an hour); it runs on the
 * provider's threads and must be thread-safe. Instances are immutable and thread-safe.
 */
public final class FcmOptions {

    /** FCM's production endpoint. */
    public static final String DEFAULT_ENDPOINT = "https://fcm.googleapis.com";

    private final String projectId;
    private final Supplier<String> accessToken;
    private final URI endpoint;
    private final int maxConcurrentRequests;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Clock clock;

    private FcmOptions(Builder b) {
        projectId = b.projectId;
        accessToken = b.accessToken;
        endpoint = b.endpoint;
        maxConcurrentRequests = b.maxConcurrentRequests;
        requestTimeout = b.requestTimeout;
        connectTimeout = b.connectTimeout;
        clock = b.clock;
    }

    /**
     * Returns the options for {@code projectId} with every other setting at its default.
     *
     * @param projectId the Firebase project id
     * @param accessToken supplies an OAuth2 bearer token with the {@code firebase.messaging} scope
     * @return the options
     * @throws IllegalArgumentException when an argument breaks its rule
     */
    public static FcmOptions of(String projectId, Supplier<String> accessToken) {
        return builder(projectId, accessToken).build();
    }

    /**
     * Returns a builder.
     *
     * @param projectId the Firebase project id: 1 to 128 characters of {@code [a-z0-9-]}
     * @param accessToken supplies the bearer token
     * @return a builder; not thread-safe
     */
    public static Builder builder(String projectId, Supplier<String> accessToken) {
        return new Builder(projectId, accessToken);
    }

    /**
     * Returns the Firebase project id.
     *
     * @return the project id
     */
    public String projectId() {
        return projectId;
    }

    /**
     * Returns the bearer token supplier.
     *
     * @return the supplier
     */
    public Supplier<String> accessToken() {
        return accessToken;
    }

    /**
     * Returns the base URI requests go to ({@code {endpoint}/v1/projects/{projectId}/messages:send}).
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Returns the most HTTP requests in flight at once.
     *
     * @return at least 1
     */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /**
     * Returns how long one HTTP request may take before it counts as a retryable timeout.
     *
     * @return the timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns the TCP connect timeout.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the wall clock an HTTP-date {@code Retry-After} is measured against.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "FcmOptions[projectId=" + projectId + ", endpoint=" + endpoint + ", maxConcurrentRequests="
                + maxConcurrentRequests + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builds {@link FcmOptions}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String projectId;
        private final Supplier<String> accessToken;
        private URI endpoint = URI.create(DEFAULT_ENDPOINT);
        private int maxConcurrentRequests = 16;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder(String projectId, Supplier<String> accessToken) {
            this.projectId = projectId;
            this.accessToken = accessToken;
        }

        /**
         * Sets the base URI, e.g. an emulator's {@code http://127.0.0.1:PORT}. Default {@value #DEFAULT_ENDPOINT}.
         *
         * @param endpoint an absolute http or https URI
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets the most HTTP requests in flight. Default 16.
         *
         * @param maxConcurrentRequests 1 to 1024
         * @return this builder
         */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /**
         * Sets the per-request timeout. Default 10 s.
         *
         * @param requestTimeout positive, at most 5 minutes
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Sets the connect timeout. Default 5 s.
         *
         * @param connectTimeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Sets the wall clock for HTTP-date {@code Retry-After} headers. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the options
         * @throws IllegalArgumentException naming the setting and its rule
         */
        public FcmOptions build() {
            if (projectId == null || projectId.isEmpty() || projectId.length() > 128
                    || !projectId.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("projectId must be 1 to 128 characters of [a-z0-9-], was "
                        + (projectId == null ? "null" : '"' + projectId + '"'));
            }
            Arguments.notNull(accessToken, "accessToken");
            Arguments.notNull(endpoint, "endpoint");
            if (!endpoint.isAbsolute() || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                    || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an absolute http or https URI with a host, was "
                        + endpoint);
            }
            Arguments.inRange(maxConcurrentRequests, 1, 1024, "maxConcurrentRequests", "");
            Arguments.positive(requestTimeout, "requestTimeout");
            if (requestTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("requestTimeout must be at most 5 minutes, was " + requestTimeout);
            }
            Arguments.positive(connectTimeout, "connectTimeout");
            Arguments.notNull(clock, "clock");
            return new FcmOptions(this);
        }
    }
}
