package io.headroom.spring.web;

import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.spring.HeadroomRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies {@link RateLimited} to Spring MVC handlers: takes the permits before the handler runs and answers 429
 * (see {@link RateLimitResponses}) when they are denied. Thread-safe.
 */
public final class RateLimitInterceptor implements HandlerInterceptor {

    private final HeadroomRegistry registry;
    private final RateLimitKeys keys;

    /**
     * Creates the interceptor.
     *
     * @param registry where limiters are found by name
     * @param keys how request keys are found
     */
    public RateLimitInterceptor(HeadroomRegistry registry, RateLimitKeys keys) {
        this.registry = registry;
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RateLimited limit = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class);
        if (limit == null) {
            limit = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class);
        }
        if (limit == null) {
            return true;
        }
        RateLimitDecision d = registry.rateLimiter(limit.limiter())
                .tryAcquire(keys.key(limit.key(), request), limit.permits());
        if (d.allowed()) {
            RateLimitResponses.headers(response, d);
            return true;
        }
        RateLimitResponses.deny(request, response, limit.limiter(), d);
        return false;
    }

    @Override
    public String toString() {
        return "RateLimitInterceptor";
    }
}
