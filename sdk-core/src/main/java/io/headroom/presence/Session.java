package io.headroom.presence;

import io.headroom.internal.Arguments;
import java.time.Instant;
import java.util.Map;

/**
 * One login session as stored: never the token. Immutable.
 *
 * @param id the session's public id (the SHA-256 of its token, base64url): what the store keys it by, safe to show
 *     in a "your devices" list and to pass to {@link Sessions#revokeSession}; the token cannot be derived from it
 * @param userId the user it belongs to
 * @param createdAt when it was created
 * @param lastUsedAt when it was last validated (or created)
 * @param expiresAt when it expires unless used again: the sooner of {@code lastUsedAt + idleTimeout} and
 *     {@code createdAt + maxLifetime}
 * @param data the small map given at creation, unmodifiable
 */
public record Session(String id, String userId, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                      Map<String, String> data) {

    /**
     * Validates the session and copies {@code data}.
     *
     * @param id the id
     * @param userId the user
     * @param createdAt creation time
     * @param lastUsedAt last use
     * @param expiresAt expiry
     * @param data the data
     * @throws IllegalArgumentException when a component is {@code null}
     */
    public Session {
        Arguments.notNull(id, "id");
        Arguments.notNull(userId, "userId");
        Arguments.notNull(createdAt, "createdAt");
        Arguments.notNull(lastUsedAt, "lastUsedAt");
        Arguments.notNull(expiresAt, "expiresAt");
        data = Map.copyOf(Arguments.notNull(data, "data"));
    }
}
