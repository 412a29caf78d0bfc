package io.headroom.spring.web;

import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.spring.HeadroomRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The path rules of {@code headroom.web.rules}: each request whose path (without the context path) matches a rule
 * takes a permit from the rule's limiter; the first denial answers 429 (see {@link RateLimitResponses}) and the
 * request goes no further. Thread-safe.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

    /**
     * A compiled rule.
     *
     * @param patterns the path patterns
     * @param limiterName the limiter's name
     * @param limiter the limiter
     * @param key the key specification
     */
    public record Rule(List<PathPattern> patterns, String limiterName, RateLimiter limiter, String key) {

        /**
         * Compiles a rule, checking its limiter and key.
         *
         * @param paths the path patterns ({@code PathPattern} syntax)
         * @param limiter the limiter's name
         * @param key the key specification
         * @param registry where the limiter is found
         * @param keys where the key specification is checked
         * @return the rule
         * @throws IllegalArgumentException when a pattern, the limiter or the key is bad
         */
        public static Rule of(List<String> paths, String limiter, String key, HeadroomRegistry registry,
                              RateLimitKeys keys) {
            if (paths == null || paths.isEmpty()) {
                throw new IllegalArgumentException("a rule needs at least one path pattern");
            }
            keys.resolver(key);
            List<PathPattern> patterns = paths.stream().map(PathPatternParser.defaultInstance::parse).toList();
            return new Rule(patterns, limiter, registry.rateLimiter(limiter), key);
        }

        boolean matches(PathContainer path) {
            for (PathPattern p : patterns) {
                if (p.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Rule> rules;
    private final RateLimitKeys keys;

    /**
     * Creates the filter.
     *
     * @param rules the rules, in order
     * @param keys how request keys are found
     */
    public RateLimitFilter(List<Rule> rules, RateLimitKeys keys) {
        this.rules = List.copyOf(rules);
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        PathContainer path = PathContainer.parsePath(context != null && uri.startsWith(context)
                ? uri.substring(context.length()) : uri);
        for (Rule rule : rules) {
            if (rule.matches(path)) {
                RateLimitDecision d = rule.limiter().tryAcquire(keys.key(rule.key(), request));
                if (!d.allowed()) {
                    RateLimitResponses.deny(request, response, rule.limiterName(), d);
                    return;
                }
                RateLimitResponses.headers(response, d);
            }
        }
        chain.doFilter(request, response);
    }
}
