package io.headroom.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GoogleAccessTokensTest {

    /** Credentials that mint a numbered token valid for {@code lifetime}, and record the scope asked for. */
    static final class Minting extends GoogleCredentials {
        private static final long serialVersionUID = 1L;
        final AtomicInteger refreshes;
        final Duration lifetime;
        final boolean scoped;

        Minting(AtomicInteger refreshes, Duration lifetime, boolean scoped) {
            this.refreshes = refreshes;
            this.lifetime = lifetime;
            this.scoped = scoped;
        }

        @Override
        public AccessToken refreshAccessToken() {
            return new AccessToken("ya29." + refreshes.incrementAndGet(),
                    new Date(System.currentTimeMillis() + lifetime.toMillis()));
        }

        @Override
        public boolean createScopedRequired() {
            return !scoped;
        }

        @Override
        public GoogleCredentials createScoped(Collection<String> scopes) {
            assertThat(scopes).containsExactly(GoogleAccessTokens.SCOPE);
            return new Minting(refreshes, lifetime, true);
        }
    }

    @Test
    void aTokenIsScopedCachedAndRefreshedOnlyNearExpiry() {
        AtomicInteger refreshes = new AtomicInteger();
        GoogleAccessTokens tokens = GoogleAccessTokens.of(new Minting(refreshes, Duration.ofHours(1), false));
        assertThat(tokens.credentials()).isInstanceOfSatisfying(Minting.class, m -> assertThat(m.scoped).isTrue());
        assertThat(tokens.get()).isEqualTo("ya29.1");
        assertThat(tokens.get()).isEqualTo("ya29.1"); // cached: valid for an hour
        assertThat(refreshes).hasValue(1);

        AtomicInteger shortLived = new AtomicInteger();
        GoogleAccessTokens expiring = GoogleAccessTokens.of(new Minting(shortLived, Duration.ofSeconds(30), false));
        expiring.get();
        expiring.get(); // within the library's refresh margin: refreshed before it expires
        assertThat(shortLived.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailingRefreshIsAnUncheckedIoException() {
        GoogleAccessTokens broken = GoogleAccessTokens.of(new GoogleCredentials() {
            private static final long serialVersionUID = 1L;

            @Override
            public AccessToken refreshAccessToken() throws IOException {
                throw new IOException("invalid_grant");
            }
        });
        assertThatThrownBy(broken::get).isInstanceOf(UncheckedIOException.class).hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> GoogleAccessTokens.of(null)).hasMessageContaining("credentials must not be null");
    }
}
