package io.headroom.spring.autoconfigure;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Spring MVC integration ({@code headroom.web.*}): {@code @RateLimited} handlers and path rules.
 *
 * @param enabled whether {@code @RateLimited} and the path rules are applied; default true
 * @param trustedProxies the proxies (IP addresses or CIDR blocks, e.g. {@code 10.0.0.0/8}) whose
 *     {@code X-Forwarded-For} is believed by the client-IP key; default none (the socket's peer address is the
 *     client)
 * @param rules path rules, checked in order, each limiting every request whose path matches
 */
public record WebProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue List<Rule> rules) {

    /**
     * A path rule: requests to {@code paths} take a permit from {@code limiter}, keyed by {@code key}.
     *
     * @param paths the path patterns (Spring's {@code PathPattern} syntax, e.g. {@code /api/**}); at least one
     * @param limiter the name of the limiter ({@code headroom.rate-limit.limiters.<name>} or a {@code RateLimiter}
     *     bean of that name)
     * @param key the key: {@code ip}, {@code principal}, {@code header:<Name>} or {@code bean:<beanName>} (a
     *     {@code RateLimitKeyResolver} bean); default {@code ip}
     */
    public record Rule(
            @DefaultValue List<String> paths,
            String limiter,
            @DefaultValue("ip") String key) {
    }
}
