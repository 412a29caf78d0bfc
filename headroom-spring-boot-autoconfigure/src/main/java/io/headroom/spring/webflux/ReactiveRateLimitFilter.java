package io.headroom.spring.webflux;

import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.web.RateLimitProblem;
import io.headroom.spring.web.RateLimited;
import io.headroom.spring.web.TrustedProxies;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * {@link RateLimited} and the path rules of {@code headroom.web.rules} for Spring WebFlux: finds the handler method
 * through the application's handler mapping, takes the permits without blocking ({@code tryAcquireAsync}) and
 * answers a denial with 429, {@code Retry-After}, {@code RateLimit}, {@code RateLimit-Policy} and a Problem Details
 * body. Keys: {@code ip} (behind trusted proxies only), {@code principal} (the exchange's principal, else the client
 * address) and {@code header:<Name>} (else the client address). Thread-safe.
 */
public final class ReactiveRateLimitFilter implements WebFilter, Ordered {

    /**
     * A compiled path rule.
     *
     * @param patterns the path patterns
     * @param limiterName the limiter's name
     * @param limiter the limiter
     * @param key the key specification
     */
    public record Rule(List<PathPattern> patterns, String limiterName, RateLimiter limiter, String key) {

        /**
         * Compiles a rule.
         *
         * @param paths the path patterns
         * @param limiter the limiter's name
         * @param key the key specification
         * @param registry where the limiter is found
         * @return the rule
         * @throws IllegalArgumentException when a pattern, the limiter or the key is bad
         */
        public static Rule of(List<String> paths, String limiter, String key, HeadroomRegistry registry) {
            if (paths == null || paths.isEmpty()) {
                throw new IllegalArgumentException("a rule needs at least one path pattern");
            }
            checkKey(key);
            return new Rule(paths.stream().map(PathPatternParser.defaultInstance::parse).toList(), limiter,
                    registry.rateLimiter(limiter), key);
        }
    }

    private final HeadroomRegistry registry;
    private final Supplier<List<HandlerMapping>> mappingSource;
    private volatile @Nullable List<HandlerMapping> mappings;
    private final TrustedProxies proxies;
    private final List<Rule> rules;

    /**
     * Creates the filter.
     *
     * @param registry where limiters are found by name
     * @param mappings the handler mappings that find {@code @RateLimited} handler methods, asked for on the first
     *     request (they are created after this filter)
     * @param proxies the proxies whose {@code X-Forwarded-For} is believed
     * @param rules the path rules, in order
     */
    public ReactiveRateLimitFilter(HeadroomRegistry registry, Supplier<List<HandlerMapping>> mappings,
                                   TrustedProxies proxies, List<Rule> rules) {
        this.registry = registry;
        this.mappingSource = mappings;
        this.proxies = proxies;
        this.rules = List.copyOf(rules);
    }

    /**
     * Checks a key specification.
     *
     * @param key the specification
     * @throws IllegalArgumentException when it is not {@code ip}, {@code principal} or {@code header:<Name>}
     */
    public static void checkKey(String key) {
        if (!"ip".equals(key) && !"principal".equals(key)
                && !(key != null && key.startsWith("header:") && key.length() > "header:".length())) {
            throw new IllegalArgumentException("a rate-limit key on WebFlux is ip, principal or header:<Name>, was \""
                    + key + '"');
        }
    }

    /** Runs early, before security and the handler. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Mono<Boolean> allowed = Mono.just(true);
        for (Rule rule : rules) {
            if (rule.patterns().stream().anyMatch(p -> p.matches(exchange.getRequest().getPath()
                    .pathWithinApplication()))) {
                allowed = allowed.flatMap(ok -> ok ? take(exchange, rule.limiterName(), rule.limiter(), rule.key(), 1)
                        : Mono.just(false));
            }
        }
        return allowed.flatMap(ok -> ok ? annotated(exchange) : Mono.just(false))
                .flatMap(ok -> ok ? chain.filter(exchange) : Mono.<Void>empty());
    }

    private Mono<Boolean> annotated(ServerWebExchange exchange) {
        return handler(exchange).flatMap(h -> {
            if (!(h instanceof HandlerMethod method)) {
                return Mono.just(true);
            }
            RateLimited limit = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RateLimited.class);
            if (limit == null) {
                limit = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimited.class);
            }
            if (limit == null) {
                return Mono.just(true);
            }
            checkKey(limit.key());
            return take(exchange, limit.limiter(), registry.rateLimiter(limit.limiter()), limit.key(), limit.permits());
        }).defaultIfEmpty(true);
    }

    private Mono<Object> handler(ServerWebExchange exchange) {
        List<HandlerMapping> all = mappings;
        if (all == null) {
            all = List.copyOf(mappingSource.get());
            mappings = all;
        }
        Mono<Object> found = Mono.empty();
        for (HandlerMapping m : all) {
            found = found.switchIfEmpty(Mono.defer(() -> m.getHandler(exchange)));
        }
        return found;
    }

    private Mono<Boolean> take(ServerWebExchange exchange, String name, RateLimiter limiter, String key, long permits) {
        return key(exchange, key)
                .flatMap(k -> Mono.fromCompletionStage(limiter.tryAcquireAsync(k, permits)))
                .flatMap(d -> {
                    ServerHttpResponse response = exchange.getResponse();
                    for (Map.Entry<String, String> h : d.headers().entrySet()) {
                        response.getHeaders().set(h.getKey(), h.getValue());
                    }
                    return d.allowed() ? Mono.just(true) : deny(exchange, name, d).thenReturn(false);
                });
    }

    private Mono<Void> deny(ServerWebExchange exchange, String limiter, RateLimitDecision d) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set("Content-Type", RateLimitProblem.MEDIA_TYPE);
        byte[] body = RateLimitProblem.json(limiter, d, exchange.getRequest().getPath().value())
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private Mono<String> key(ServerWebExchange exchange, String spec) {
        String ip = "ip:" + clientAddress(exchange.getRequest());
        if (spec.startsWith("header:")) {
            String header = spec.substring("header:".length());
            String v = exchange.getRequest().getHeaders().getFirst(header);
            return Mono.just(v == null || v.isEmpty() ? ip : cap("header:" + header + ":" + v));
        }
        if ("principal".equals(spec)) {
            return exchange.getPrincipal().map(p -> p.getName() == null || p.getName().isEmpty() ? ip
                    : cap("user:" + p.getName())).defaultIfEmpty(ip);
        }
        return Mono.just(ip);
    }

    private static String cap(String key) {
        return key.length() <= 512 ? key : key.substring(0, 500) + "~" + Integer.toHexString(key.hashCode());
    }

    private String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
        List<String> forwarded = request.getHeaders().get("X-Forwarded-For");
        return proxies.clientAddress(peer, forwarded == null ? List.of() : forwarded);
    }
}
