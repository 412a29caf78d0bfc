package io.headroom.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * Keys a request by its authenticated user, {@code user:<name>} ({@link HttpServletRequest#getUserPrincipal()},
 * which Spring Security fills); an anonymous request returns {@code null} and is counted under its client address.
 * Stateless and thread-safe.
 */
public final class PrincipalKeyResolver implements RateLimitKeyResolver {

    /** Creates the resolver. */
    public PrincipalKeyResolver() {
    }

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        Principal p = request.getUserPrincipal();
        return p == null || p.getName() == null || p.getName().isEmpty() ? null : "user:" + p.getName();
    }

    @Override
    public String toString() {
        return "PrincipalKeyResolver";
    }
}
