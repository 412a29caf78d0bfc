package io.headroom.fcm;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import io.headroom.internal.Arguments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bearer-token supplier for {@link FcmOptions} from Google credentials (a service account key, workload
 * identity, or application-default credentials) via {@code google-auth-library-oauth2-http}: the token is cached
 * and refreshed by the library shortly before it expires ({@link GoogleCredentials#refreshIfExpired()}), so a
 * send costs a token request only about once an hour.
 *
 * <pre>{@code
 * FcmPushProvider fcm = FcmPushProvider.create(FcmOptions.of("my-project", GoogleAccessTokens.applicationDefault()));
 * }</pre>
 *
 * <p>A failure to obtain a token is thrown from {@link #get()} as {@link UncheckedIOException}; the provider answers
 * such a send {@link io.headroom.notify.FailureReason#CREDENTIALS} (the dispatcher pauses, no token is blamed).
 * Thread-safe (the library synchronizes refreshes).
 */
public final class GoogleAccessTokens implements Supplier<String> {

    /** The OAuth2 scope FCM's HTTP v1 API requires. */
    public static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final GoogleCredentials credentials;

    private GoogleAccessTokens(GoogleCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * Uses {@code credentials}, scoped to {@link #SCOPE} when they need a scope.
     *
     * @param credentials e.g. {@code GoogleCredentials.fromStream(serviceAccountJson)}
     * @return the supplier
     * @throws IllegalArgumentException when {@code credentials} is {@code null}
     */
    public static GoogleAccessTokens of(GoogleCredentials credentials) {
        Arguments.notNull(credentials, "credentials");
        return new GoogleAccessTokens(credentials.createScopedRequired()
                ? credentials.createScoped(List.of(SCOPE)) : credentials);
    }

    /**
     * Uses the application-default credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, the metadata server, or
     * gcloud's user credentials).
     *
     * @return the supplier
     * @throws UncheckedIOException when no default credentials are found
     */
    public static GoogleAccessTokens applicationDefault() {
        try {
            return of(GoogleCredentials.getApplicationDefault());
        } catch (IOException e) {
            throw new UncheckedIOException("no Google application-default credentials: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the credentials in use (scoped).
     *
     * @return the credentials
     */
    public GoogleCredentials credentials() {
        return credentials;
    }

    /**
     * Returns a valid access token, refreshing it first when it expired or is about to.
     *
     * @return the token value
     * @throws UncheckedIOException when the token cannot be obtained
     */
    @Override
    public String get() {
        try {
            credentials.refreshIfExpired();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the FCM access token: " + e.getMessage(), e);
        }
        AccessToken token = credentials.getAccessToken();
        if (token == null) {
            throw new UncheckedIOException(new IOException("the credentials produced no access token"));
        }
        return token.getTokenValue();
    }

    @Override
    public String toString() {
        return "GoogleAccessTokens[" + credentials.getClass().getSimpleName() + "]";
    }
}
