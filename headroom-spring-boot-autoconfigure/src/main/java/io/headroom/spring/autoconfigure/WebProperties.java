package io.headroom.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Spring MVC integration (headroom.web.*): @RateLimited handlers and path rules.
 *
 * @param enabled whether @RateLimited and the path rules are applied; default true
 * @param trustedProxies the proxies (IP addresses or CIDR blocks, e.g. 10.0.0.0/8) whose
 *     X-Forwarded-For is believed by the client-IP key; default none (the socket's peer address is the
 *     client)
 * @param rules path rules, checked in order, each limiting every request whose path matches
 */
public record WebProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue List<Rule> rules) {

    /**
     * A path rule: requests to paths take a permit from limiter, keyed by key.
     *
     * @param paths the path patterns (Spring's PathPattern syntax, e.g. /api/**); at least one
     * @param limiter the name of the limiter (headroom.rate-limit.limiters.NAME or a RateLimiter
     *     bean of that name)
     * @param key the key: ip, principal, header:NAME or bean:BEANNAME (a
     *     RateLimitKeyResolver bean); default ip
     */
    public record Rule(
            @DefaultValue List<String> paths,
            String limiter,
            @DefaultValue("ip") String key) {
    }
}
