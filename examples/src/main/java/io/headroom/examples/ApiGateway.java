package io.headroom.examples;

import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import java.util.Map;

/**
 * The front door of the Social Connect API: every request passes the per-user rate limiter (the seed's rule:
 * 100 requests per minute per user) before it reaches a handler. Thread-safe.
 */
final class ApiGateway {

    /** What the gateway answers: an HTTP status and headers. */
    record Response(int status, Map<String, String> headers) {
    }

    private final RateLimiter perUser;
    private final LatencyRecorder decisionLatency;

    ApiGateway(RateLimiter perUser, LatencyRecorder decisionLatency) {
        this.perUser = perUser;
        this.decisionLatency = decisionLatency;
    }

    /**
     * Handles one API request of a user.
     *
     * @param userId the caller
     * @return 200, or 429 with {@code Retry-After} and the IETF {@code RateLimit} headers
     */
    Response handle(String userId) {
        long start = System.nanoTime();
        RateLimitDecision d = perUser.tryAcquire("user:" + userId);
        decisionLatency.record(System.nanoTime() - start);
        return new Response(d.allowed() ? 200 : 429, d.headers());
    }
}
