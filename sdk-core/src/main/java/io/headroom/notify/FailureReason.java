package io.headroom.notify;

/**
 * Why a push provider did not deliver a notification, typed so that only a provider's explicit verdict on a
 * token can lead to deleting that token. A {@link io.headroom.spi.PushProvider} answers each failed notification
 * with one of these ({@link io.headroom.spi.SendResult.Failed}); the dispatcher acts on it and reports it to the
 * {@link DispatchListener}.
 *
 * <table>
 *   <caption>What the dispatcher does per reason</caption>
 *   <tr><th>reason</th><th>examples (FCM)</th><th>dispatcher</th></tr>
 *   <tr><td>{@link #TOKEN_INVALID}</td><td>{@code UNREGISTERED}, {@code SENDER_ID_MISMATCH}, an
 *       {@code INVALID_ARGUMENT} whose details name {@code message.token}</td>
 *       <td>never retried; {@link DispatchListener#onTokenInvalid}: the only signal to delete the token</td></tr>
 *   <tr><td>{@link #MESSAGE_INVALID}</td><td>another {@code INVALID_ARGUMENT}, 413, any other 4xx</td>
 *       <td>never retried; {@link DispatchListener#onFailed}</td></tr>
 *   <tr><td>{@link #CREDENTIALS}</td><td>{@code THIRD_PARTY_AUTH_ERROR}, {@code PERMISSION_DENIED}, 401, 403, a
 *       wrong project id (404 without {@code UNREGISTERED})</td>
 *       <td>pauses the whole provider for {@link DispatchConfig#credentialsPause()},
 *       {@link DispatchListener#onProviderPaused}, retries the notification afterwards</td></tr>
 *   <tr><td>{@link #QUOTA_EXCEEDED}</td><td>429, {@code QUOTA_EXCEEDED}</td>
 *       <td>pauses the whole provider for at least {@code Retry-After}, {@link DispatchListener#onProviderPaused},
 *       retries afterwards</td></tr>
 *   <tr><td>{@link #UNAVAILABLE}</td><td>500, 503, timeouts, connection resets</td>
 *       <td>retries this notification with exponential backoff and jitter, never before {@code Retry-After}</td></tr>
 *   <tr><td>{@link #CLOSED}</td><td>the provider or the dispatcher closed before sending</td>
 *       <td>retried while the dispatcher drains; reported by {@link DispatchListener#onFailed} when it could not
 *       be sent before the dispatcher closed</td></tr>
 * </table>
 */
public enum FailureReason {
    /** The provider said this token is dead (app uninstalled, token from another sender, malformed token). */
    TOKEN_INVALID,
    /** The provider refused this message (payload too large, a bad field); the token may be fine. */
    MESSAGE_INVALID,
    /** The project or the credentials are broken (auth error, missing permission, wrong project); not the token. */
    CREDENTIALS,
    /** The project's quota is spent; the provider asks every sender to wait ({@code Retry-After}). */
    QUOTA_EXCEEDED,
    /** A transient failure of the provider or the network. */
    UNAVAILABLE,
    /** The provider or the dispatcher closed before the notification could be sent. */
    CLOSED;

    /**
     * Whether retrying cannot help ({@link #TOKEN_INVALID}, {@link #MESSAGE_INVALID}).
     *
     * @return {@code true} for a permanent reason
     */
    public boolean permanent() {
        return this == TOKEN_INVALID || this == MESSAGE_INVALID;
    }

    /**
     * Whether this reason stops every send of the provider for a while ({@link #CREDENTIALS},
     * {@link #QUOTA_EXCEEDED}), rather than just this notification's.
     *
     * @return {@code true} when the whole provider pauses
     */
    public boolean pausesProvider() {
        return this == CREDENTIALS || this == QUOTA_EXCEEDED;
    }
}
