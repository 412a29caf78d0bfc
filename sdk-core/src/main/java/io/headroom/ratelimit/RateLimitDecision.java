package io.headroom.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable outcome of {@link RateLimiter#tryAcquire(String, long)}: admitted or not, what is left, when to
 * retry, and which {@link Bandwidth} decided; plus the HTTP header values a handler returns with it.
 *
 * <p>With several bandwidths, {@link #remaining()} is the smallest remainder, {@link #retryAfter()} and
 * {@link #timeUntilFull()} the largest wait, and {@link #limit()} is the bandwidth that denied the request (the
 * one with the longest wait) or, when admitted, the one with the smallest remainder. Durations have microsecond
 * precision. Instances are immutable and thread-safe.
 */
public final class RateLimitDecision {

    private final boolean allowed;
    private final long remaining;
    private final long retryAfterMicros;
    private final long timeUntilFullMicros;
    private final Bandwidth limit;
    private final List<Bandwidth> policy;
    private final boolean cached;

    private RateLimitDecision(boolean allowed, long remaining, long retryAfterMicros, long timeUntilFullMicros,
                              Bandwidth limit, List<Bandwidth> policy, boolean cached) {
        this.cached = cached;
        this.allowed = allowed;
        this.remaining = remaining;
        this.retryAfterMicros = retryAfterMicros;
        this.timeUntilFullMicros = timeUntilFullMicros;
        this.limit = limit;
        this.policy = policy;
    }

    /**
     * Creates a decision; for backend implementations (the SPI) and tests.
     *
     * @param allowed whether the permits were granted
     * @param remaining permits still available right after this decision, at least 0
     * @param retryAfterMicros microseconds until a denied request would pass; 0 when allowed
     * @param timeUntilFullMicros microseconds until every bandwidth is full again, at least 0
     * @param limit the deciding bandwidth, one of {@code policy}
     * @param policy every bandwidth of the limiter, in configuration order (kept by reference; pass an
     *     unmodifiable list such as {@link RateLimitConfig#bandwidths()})
     * @return the decision
     * @throws IllegalArgumentException when a number is negative, {@code allowed} comes with a wait, or
     *     {@code limit} is not in {@code policy}
     */
    public static RateLimitDecision of(boolean allowed, long remaining, long retryAfterMicros,
                                       long timeUntilFullMicros, Bandwidth limit, List<Bandwidth> policy) {
        if (remaining < 0 || retryAfterMicros < 0 || timeUntilFullMicros < 0) {
            throw new IllegalArgumentException("remaining, retryAfterMicros and timeUntilFullMicros must be >= 0, were "
                    + remaining + ", " + retryAfterMicros + ", " + timeUntilFullMicros);
        }
        if (allowed && retryAfterMicros != 0) {
            throw new IllegalArgumentException("retryAfterMicros must be 0 when allowed, was " + retryAfterMicros);
        }
        if (limit == null || policy == null || !contains(policy, limit)) {
            throw new IllegalArgumentException("limit must be one of policy, was " + limit + " not in " + policy);
        }
        return new RateLimitDecision(allowed, remaining, retryAfterMicros, timeUntilFullMicros, limit, policy, false);
    }

    /**
     * Creates a denial answered by a remote limiter's local {@link BlockedKeyCache} instead of its backend; for
     * backend implementations and tests. Its figures repeat the backend's denial, aged by the time since.
     *
     * @param remaining permits the backend reported as left, at least 0
     * @param retryAfterMicros microseconds until the cached denial ends, positive
     * @param timeUntilFullMicros microseconds until full as of the backend's denial, aged; at least 0
     * @param limit the deciding bandwidth, one of {@code policy}
     * @param policy every bandwidth of the limiter, in configuration order (kept by reference)
     * @return the decision, {@link #cached()} {@code true}
     * @throws IllegalArgumentException when a number is out of range or {@code limit} is not in {@code policy}
     */
    public static RateLimitDecision cachedDenial(long remaining, long retryAfterMicros, long timeUntilFullMicros,
                                                 Bandwidth limit, List<Bandwidth> policy) {
        if (retryAfterMicros <= 0) {
            throw new IllegalArgumentException("retryAfterMicros of a cached denial must be positive, was "
                    + retryAfterMicros);
        }
        RateLimitDecision d = of(false, remaining, retryAfterMicros, timeUntilFullMicros, limit, policy);
        return new RateLimitDecision(false, d.remaining, d.retryAfterMicros, d.timeUntilFullMicros, limit, policy,
                true);
    }

    /**
     * Whether this denial was answered by the local {@link BlockedKeyCache} without asking the backend. Then
     * {@link #retryAfter()} ends no later than the backend's denial would (it may end earlier, by
     * {@link BlockedKeyCache#maxBlock()}), {@link #timeUntilFull()} is the backend's figure aged by the time since,
     * and {@link #remaining()} is the backend's figure at that denial.
     *
     * @return {@code true} for a cached denial; always {@code false} for an admission
     */
    public boolean cached() {
        return cached;
    }

    // backends pass the very instance from the policy list: an identity check first keeps the hot path cheap
    private static boolean contains(List<Bandwidth> policy, Bandwidth limit) {
        for (int i = 0; i < policy.size(); i++) {
            if (policy.get(i) == limit) {
                return true;
            }
        }
        return policy.contains(limit);
    }

    /**
     * Whether every decision of a {@link RateLimiter#tryAcquireAll multi-key request} admits it.
     *
     * @param decisions the decisions
     * @return {@code true} when all are allowed (and for an empty list)
     */
    public static boolean allAllowed(List<RateLimitDecision> decisions) {
        for (RateLimitDecision d : decisions) {
            if (!d.allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the requested permits were granted.
     *
     * @return {@code true} when admitted
     */
    public boolean allowed() {
        return allowed;
    }

    /**
     * Permits that could still be acquired right after this decision (the smallest over all bandwidths).
     *
     * @return at least 0
     */
    public long remaining() {
        return remaining;
    }

    /**
     * How long until the same request would be admitted, if nothing else consumed meanwhile.
     *
     * @return {@link Duration#ZERO} when allowed, otherwise a positive duration
     */
    public Duration retryAfter() {
        return retryAfterMicros == 0 ? Duration.ZERO : Duration.ofNanos(retryAfterMicros * 1_000);
    }

    /**
     * {@link #retryAfter()} in microseconds, without allocating.
     *
     * @return microseconds, 0 when allowed
     */
    public long retryAfterMicros() {
        return retryAfterMicros;
    }

    /**
     * How long until every bandwidth of this key is full again, if nothing consumes meanwhile.
     *
     * @return at least {@link Duration#ZERO}
     */
    public Duration timeUntilFull() {
        return timeUntilFullMicros == 0 ? Duration.ZERO : Duration.ofNanos(timeUntilFullMicros * 1_000);
    }

    /**
     * {@link #timeUntilFull()} in microseconds, without allocating.
     *
     * @return microseconds, at least 0
     */
    public long timeUntilFullMicros() {
        return timeUntilFullMicros;
    }

    /**
     * The bandwidth that decided: the one that denied (longest wait) or, when admitted, the tightest one.
     *
     * @return the deciding bandwidth
     */
    public Bandwidth limit() {
        return limit;
    }

    /**
     * Every bandwidth of the limiter that decided, in configuration order.
     *
     * @return an unmodifiable list
     */
    public List<Bandwidth> policy() {
        return policy;
    }

    /**
     * The HTTP {@code Retry-After} value in whole seconds, rounded up.
     *
     * @return 0 when allowed, otherwise at least 1
     */
    public long retryAfterSeconds() {
        return ceilSeconds(retryAfterMicros);
    }

    /**
     * The IETF {@code RateLimit} header value (draft-ietf-httpapi-ratelimit-headers) for the deciding bandwidth,
     * e.g. {@code "100-per-60s";r=0;t=42}: {@code r} the remaining permits, {@code t} seconds until full.
     *
     * @return the header value
     */
    public String rateLimitHeader() {
        return '"' + limit.name() + "\";r=" + remaining + ";t=" + ceilSeconds(timeUntilFullMicros);
    }

    /**
     * The IETF {@code RateLimit-Policy} header value listing every bandwidth, e.g.
     * {@code "100-per-60s";q=100;w=60, "10-per-1s";q=10;w=1}; {@code w} is the period in seconds, rounded up.
     *
     * @return the header value
     */
    public String rateLimitPolicyHeader() {
        StringBuilder sb = new StringBuilder();
        for (Bandwidth bw : policy) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('"').append(bw.name()).append("\";q=").append(bw.capacity())
                    .append(";w=").append(ceilSeconds(bw.periodMicros()));
        }
        return sb.toString();
    }

    /**
     * The response headers for this decision: {@code RateLimit-Policy}, {@code RateLimit} and, when denied,
     * {@code Retry-After}; so a handler answers 429 in one line.
     *
     * @return an unmodifiable map in that order
     */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>(4);
        h.put("RateLimit-Policy", rateLimitPolicyHeader());
        h.put("RateLimit", rateLimitHeader());
        if (!allowed) {
            h.put("Retry-After", Long.toString(retryAfterSeconds()));
        }
        return java.util.Collections.unmodifiableMap(h);
    }

    private static long ceilSeconds(long micros) {
        return (micros + 999_999) / 1_000_000;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitDecision d && allowed == d.allowed && remaining == d.remaining
                && retryAfterMicros == d.retryAfterMicros && timeUntilFullMicros == d.timeUntilFullMicros
                && cached == d.cached && limit.equals(d.limit) && policy.equals(d.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, remaining, retryAfterMicros, timeUntilFullMicros, limit, cached);
    }

    @Override
    public String toString() {
        return "RateLimitDecision[" + (allowed ? "allowed" : "denied") + ", remaining=" + remaining
                + ", retryAfterMicros=" + retryAfterMicros + ", timeUntilFullMicros=" + timeUntilFullMicros
                + ", limit=" + limit.name() + (cached ? ", cached" : "") + "]";
    }
}
