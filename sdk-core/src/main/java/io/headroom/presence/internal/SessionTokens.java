package io.headroom.presence.internal;

import io.headroom.internal.Arguments;
import io.headroom.presence.SessionConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Session tokens and their stored form, shared by every session store: 32 bytes from {@link SecureRandom},
 * base64url without padding (43 characters); stored and keyed only by the base64url SHA-256 of the token. Also
 * the data-map checks. Thread-safe (SecureRandom is).
 */
public final class SessionTokens {

    /** A token's length in characters. */
    public static final int TOKEN_LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private SessionTokens() {
    }

    /**
     * A fresh token.
     *
     * @return 256 random bits, base64url
     */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /**
     * Whether {@code token} has the shape of a token (length and alphabet); a malformed one is rejected
     * without I/O.
     *
     * @param token the token
     * @return {@code true} when well formed
     */
    public static boolean wellFormed(String token) {
        if (token.length() != TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        // the last character of 32 bytes in base64url carries 2 padding bits, which must be zero
        return "AEIMQUYcgkosw048".indexOf(token.charAt(TOKEN_LENGTH - 1)) >= 0;
    }

    /**
     * The stored form of a token (and the session's public id).
     *
     * @param token the token
     * @return base64url SHA-256 of the token's UTF-8 bytes
     */
    public static String hash(String token) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * Checks a token argument: only {@code null} is an argument error (a wrong shape is a rejected token).
     *
     * @param token the token
     * @return the token
     * @throws IllegalArgumentException when {@code null}; the message never contains a token
     */
    public static String notNull(@Nullable String token) {
        if (token == null) {
            throw new IllegalArgumentException("token must not be null");
        }
        return token;
    }

    /**
     * Checks a session's data map against the configuration's limits.
     *
     * @param data the map
     * @param config the store's configuration
     * @return an unmodifiable copy
     * @throws IllegalArgumentException naming {@code data} and the rule it breaks
     */
    public static Map<String, String> data(@Nullable Map<String, String> data, SessionConfig config) {
        Arguments.notNull(data, "data");
        if (data.size() > config.maxDataEntries()) {
            throw new IllegalArgumentException("data must hold at most " + config.maxDataEntries()
                    + " entries, held " + data.size());
        }
        for (Map.Entry<String, String> e : data.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k == null || k.isEmpty() || k.length() > SessionConfig.MAX_DATA_KEY_LENGTH) {
                throw new IllegalArgumentException("data keys must be 1 to " + SessionConfig.MAX_DATA_KEY_LENGTH
                        + " characters, was " + (k == null ? "null" : k.length() + " characters"));
            }
            if (v == null || v.length() > SessionConfig.MAX_DATA_VALUE_LENGTH) {
                throw new IllegalArgumentException("data value of '" + k + "' must be non-null and at most "
                        + SessionConfig.MAX_DATA_VALUE_LENGTH + " characters");
            }
        }
        return Map.copyOf(data);
    }
}
