package io.headroom.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds the key a request's permits are counted under (a user, a client address, an API key). Define one as a bean
 * and name it in {@code @RateLimited(key = "bean:<name>")} or a path rule's {@code key}. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface RateLimitKeyResolver {

    /**
     * The key of {@code request}.
     *
     * @param request the request
     * @return the key (non-empty, at most 512 characters), or {@code null} to count the request under its client
     *     address
     */
    @Nullable String resolve(HttpServletRequest request);
}
