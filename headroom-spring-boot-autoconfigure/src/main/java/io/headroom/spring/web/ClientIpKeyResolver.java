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
        String peer = request.getRemoteAddr();
        if (proxies.isEmpty() || !proxies.contains(peer)) {
            return peer;
        }
        java.util.List<String> hops = new java.util.ArrayList<>();
        Enumeration<String> headers = request.getHeaders("X-Forwarded-For");
        while (headers != null && headers.hasMoreElements()) {
            for (String hop : headers.nextElement().split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (TrustedProxies.literal(hop) == null) {
                // garbage in the chain: stop at the last address a trusted proxy vouched for
                break;
            }
            client = hop;
            if (!proxies.contains(hop)) {
                break;
            }
        }
        return client;
    }

    @Override
    public String toString() {
        return "ClientIpKeyResolver[" + proxies + "]";
    }
}
