package io.headroom.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.BeanFactory;

/**
 * Turns a key specification ({@code ip}, {@code principal}, {@code header:<Name>}, {@code bean:<name>}) into the key
 * of a request, falling back to the client address when a resolver finds none. Specifications are parsed once and
 * cached. Thread-safe.
 */
public final class RateLimitKeys {

    /** Keys longer than this are cut (and marked), so a huge header cannot become a huge backend key. */
    static final int MAX_KEY_LENGTH = 512;

    private final ClientIpKeyResolver clientIp;
    private final BeanFactory beans;
    private final ConcurrentMap<String, RateLimitKeyResolver> resolvers = new ConcurrentHashMap<>();

    /**
     * Creates the keys.
     *
     * @param clientIp the client-address resolver (with the trusted proxies)
     * @param beans where {@code bean:<name>} resolvers are looked up
     */
    public RateLimitKeys(ClientIpKeyResolver clientIp, BeanFactory beans) {
        this.clientIp = clientIp;
        this.beans = beans;
        resolvers.put("ip", clientIp);
        resolvers.put("principal", new PrincipalKeyResolver());
    }

    /**
     * Checks a specification, for a startup failure instead of one per request.
     *
     * @param spec the key specification
     * @return the resolver
     * @throws IllegalArgumentException when the specification is unknown; the message lists the forms
     */
    public RateLimitKeyResolver resolver(String spec) {
        return resolvers.computeIfAbsent(spec == null ? "" : spec.trim(), this::parse);
    }

    /**
     * The key of {@code request} under {@code spec}.
     *
     * @param spec the key specification
     * @param request the request
     * @return the key, never empty
     * @throws IllegalArgumentException when the specification is unknown
     */
    public String key(String spec, HttpServletRequest request) {
        String key = resolver(spec).resolve(request);
        if (key == null || key.isEmpty()) {
            key = clientIp.resolve(request);
        }
        return key.length() <= MAX_KEY_LENGTH ? key
                : key.substring(0, MAX_KEY_LENGTH - 12) + "~" + Integer.toHexString(key.hashCode());
    }

    private RateLimitKeyResolver parse(String spec) {
        if (spec.startsWith("header:") && spec.length() > "header:".length()) {
            return new HeaderKeyResolver(spec.substring("header:".length()));
        }
        if (spec.startsWith("bean:") && spec.length() > "bean:".length()) {
            String name = spec.substring("bean:".length());
            return request -> beans.getBean(name, RateLimitKeyResolver.class).resolve(request);
        }
        throw new IllegalArgumentException("a rate-limit key is ip, principal, header:<Name> or bean:<name>, was \""
                + spec + '"');
    }
}
