package io.headroom.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Keys a request by a header, {@code header:<Name>:<value>} (an API key, a tenant id); without the header the
 * request is counted under its client address. Only use a header a trusted component sets or checks: a client can
 * send any value. Thread-safe.
 */
public final class HeaderKeyResolver implements RateLimitKeyResolver {

    private final String header;

    /**
     * Creates the resolver.
     *
     * @param header the header name
     * @throws IllegalArgumentException when {@code header} is {@code null} or blank
     */
    public HeaderKeyResolver(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("header must be a header name, was " + header);
        }
        this.header = header.trim();
    }

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String v = request.getHeader(header);
        return v == null || v.isEmpty() ? null : "header:" + header + ":" + v;
    }

    @Override
    public String toString() {
        return "HeaderKeyResolver[" + header + "]";
    }
}
