package io.headroom.spring.web;

import io.headroom.ratelimit.RateLimitDecision;

/**
 * The RFC 9457 Problem Details body ({@code application/problem+json}) of a rate-limit denial, shared by the
 * servlet and the reactive integration (this class names no web-stack type). Stateless and thread-safe.
 */
public final class RateLimitProblem {

    /** The media type of the body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private RateLimitProblem() {
    }

    /**
     * The body: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code limiter},
     * {@code retryAfterSeconds}.
     *
     * @param limiter the limiter's name
     * @param decision the denial
     * @param instance the request path
     * @return the JSON text
     */
    public static String json(String limiter, RateLimitDecision decision, String instance) {
        return "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\""
                + escape("Rate limit '" + limiter + "' exceeded; retry after " + decision.retryAfterSeconds() + " s")
                + "\",\"instance\":\"" + escape(instance) + "\",\"limiter\":\"" + escape(limiter)
                + "\",\"retryAfterSeconds\":" + decision.retryAfterSeconds() + "}";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
