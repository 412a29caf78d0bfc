package io.headroom.spring.web;

import io.headroom.ratelimit.RateLimitDecision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a rate-limit decision to a servlet response: the {@code RateLimit} and {@code RateLimit-Policy} headers
 * always, and for a denial {@code 429 Too Many Requests}, {@code Retry-After} (seconds) and an RFC 9457 Problem
 * Details body ({@code application/problem+json}) naming the limiter and the wait. Stateless and thread-safe.
 */
public final class RateLimitResponses {

    private RateLimitResponses() {
    }

    /**
     * Adds the headers of {@code decision}.
     *
     * @param response the response, not yet committed
     * @param decision the decision
     */
    public static void headers(HttpServletResponse response, RateLimitDecision decision) {
        for (Map.Entry<String, String> h : decision.headers().entrySet()) {
            response.setHeader(h.getKey(), h.getValue());
        }
    }

    /**
     * Answers a denied request.
     *
     * @param request the request
     * @param response the response, not yet committed
     * @param limiter the limiter's name, shown in the body
     * @param decision the denial
     * @throws IOException when the body cannot be written
     */
    public static void deny(HttpServletRequest request, HttpServletResponse response, String limiter,
                            RateLimitDecision decision) throws IOException {
        headers(response, decision);
        response.setStatus(429);
        response.setContentType(RateLimitProblem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        String body = RateLimitProblem.json(limiter, decision, request.getRequestURI());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
