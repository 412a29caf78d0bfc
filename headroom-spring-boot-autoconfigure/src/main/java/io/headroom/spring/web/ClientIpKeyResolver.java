package io.headroom.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Keys a request by its client address, {@code ip:<address>}. The socket's peer is the client unless it is a
 * trusted proxy; then {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first
 * untrusted address is the client (so a client cannot choose its key by sending the header itself). Thread-safe.
 */
public final class ClientIpKeyResolver implements RateLimitKeyResolver {

    private final TrustedProxies proxies;

    /**
     * Creates the resolver.
     *
     * @param proxies the proxies whose {@code X-Forwarded-For} is believed
     * @throws IllegalArgumentException when {@code proxies} is {@code null}
     */
    public ClientIpKeyResolver(TrustedProxies proxies) {
        if (proxies == null) {
            throw new IllegalArgumentException("proxies must not be null");
        }
        this.proxies = proxies;
    }

    @Override
    public String resolve(HttpServletRequest request) {
        return "ip:" + clientAddress(request);
    }

    /**
     * The client address of {@code request}, by the rule in the class documentation.
     *
     * @param request the request
     * @return the address
     */
    public String clientAddress(HttpServletRequest request) {
        java.util.List<String> headers = new java.util.ArrayList<>();
        Enumeration<String> values = request.getHeaders("X-Forwarded-For");
        while (values != null && values.hasMoreElements()) {
            headers.add(values.nextElement());
        }
        return proxies.clientAddress(request.getRemoteAddr(), headers);
    }

    @Override
    public String toString() {
        return "ClientIpKeyResolver[" + proxies + "]";
    }
}
