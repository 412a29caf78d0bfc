package io.headroom.spring.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits a Spring MVC handler (or every handler of a controller) with a named rate limiter. A permitted request
 * gets the {@code RateLimit} and {@code RateLimit-Policy} headers; a denied one gets {@code 429 Too Many Requests}
 * with those and {@code Retry-After}, and a Problem Details ({@code application/problem+json}) body; the handler is
 * not called.
 *
 * <pre>{@code
 * @RateLimited(limiter = "api-per-user", key = "principal")
 * @GetMapping("/feed")
 * Feed feed(Principal user) { ... }
 * }</pre>
 *
 * A method's annotation replaces its class's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    /**
     * The limiter: a name under {@code headroom.rate-limit.limiters}, or a {@code RateLimiter} bean's name.
     *
     * @return the limiter name
     */
    String limiter();

    /**
     * Whose permits the request takes: {@code ip} (the client address, believing {@code X-Forwarded-For} only from
     * {@code headroom.web.trusted-proxies}), {@code principal} (the authenticated user, else the client address),
     * {@code header:<Name>} (a request header, else the client address), or {@code bean:<name>} (a
     * {@link RateLimitKeyResolver} bean).
     *
     * @return the key specification; default {@code ip}
     */
    String key() default "ip";

    /**
     * The permits one request takes.
     *
     * @return at least 1; default 1
     */
    long permits() default 1;
}
