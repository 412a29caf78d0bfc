package io.headroom.presence;

import io.headroom.internal.Arguments;

/**
 * A session just created: the token to hand to the client (once; the store keeps only its hash) and the stored
 * session. {@link #toString()} never shows the token. Immutable.
 *
 * @param token the secret: 256 random bits from {@link java.security.SecureRandom}, base64url without padding
 *     (43 characters); send it to the client (a cookie, a header) and never log it
 * @param session the stored session
 */
public record NewSession(String token, Session session) {

    /**
     * Validates.
     *
     * @param token the token
     * @param session the session
     * @throws IllegalArgumentException when a component is {@code null}
     */
    public NewSession {
        Arguments.notNull(token, "token");
        Arguments.notNull(session, "session");
    }

    /**
     * Shows the session, with the token redacted.
     *
     * @return a description without the token
     */
    @Override
    public String toString() {
        return "NewSession[token=<redacted>, session=" + session + "]";
    }
}
