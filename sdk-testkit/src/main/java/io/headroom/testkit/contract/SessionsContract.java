package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.presence.NewSession;
import io.headroom.presence.Session;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract every {@link Sessions} backend must pass, unchanged: extend it, implement {@link #instances}, run
 * it with the jqwik engine. Under a {@link ManualClock} and several instances sharing one store: sliding idle
 * expiry and the absolute lifetime are exact; revoked or expired tokens are unusable on every instance; a
 * forged or truncated token is rejected; revoke-all, list and the per-user cap; tokens never in
 * {@code toString} or the stored form ({@link #storedText()}); bad input and calls after close.
 */
public abstract class SessionsContract {

    /** The idle timeout the contract configures. */
    protected static final Duration IDLE = Duration.ofMinutes(30);
    /** The absolute lifetime the contract configures. */
    protected static final Duration LIFETIME = Duration.ofHours(2);

    /**
     * Creates {@code count} instances sharing one fresh store; an embedded backend may return one instance
     * {@code count} times. The contract closes them.
     *
     * @param config the configuration
     * @param clock the time source
     * @param count how many
     * @return the instances
     */
    protected abstract List<Sessions> instances(SessionConfig config, ManualClock clock, int count);

    /**
     * Everything the backend stored for the most recent {@link #instances} call (keys and values as text), to
     * check that no token is stored; an embedded backend that keeps no text may return {@code null} to skip.
     *
     * @return the stored text, or {@code null}
     */
    protected List<String> storedText() {
        return null;
    }

    private static SessionConfig config(int cap) {
        return SessionConfig.builder().name("contract").idleTimeout(IDLE).maxLifetime(LIFETIME).maxPerUser(cap)
                .maxDataEntries(4).build();
    }

    private static ManualClock clock() {
        return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Example
    void slidingExpiryAbsoluteLifetimeAndRevocationOnEveryInstance() {
        ManualClock clock = clock();
        List<Sessions> ss = instances(config(5), clock, 2);
        try {
            Sessions a = ss.get(0);
            Sessions b = ss.get(1);
            NewSession s = a.create("ann", Map.of("device", "ios"));
            assertThat(s.token()).hasSize(43);
            assertThat(s.session().id()).isNotEqualTo(s.token());
            assertThat(s.toString()).doesNotContain(s.token());
            assertThat(s.session().toString()).doesNotContain(s.token());
            Optional<Session> v = b.validate(s.token());
            assertThat(v).isPresent();
            assertThat(v.get().userId()).isEqualTo("ann");
            assertThat(v.get().data()).containsEntry("device", "ios");
            assertThat(v.get().id()).isEqualTo(s.session().id());
            // sliding: used every 29 minutes, it lives on, until the absolute lifetime
            for (int i = 0; i < 4; i++) {
                clock.advance(IDLE.minusMinutes(1));
                assertThat(a.validateAsync(s.token()).toCompletableFuture().join()).as("use %d", i).isPresent();
            }
            clock.advance(Duration.ofMinutes(4));  // 2 h after creation
            assertThat(b.validate(s.token())).as("past the absolute lifetime").isEmpty();

            NewSession idle = a.create("ann", Map.of());
            clock.advance(IDLE.minusMillis(1));
            assertThat(b.list("ann")).extracting(Session::id).containsExactly(idle.session().id());
            clock.advance(Duration.ofMillis(1));
            assertThat(b.validate(idle.token())).as("idle for exactly the timeout").isEmpty();
            assertThat(a.list("ann")).isEmpty();

            NewSession r = a.create("ann", Map.of());
            assertThat(b.revoke(r.token())).isTrue();
            assertThat(a.validate(r.token())).as("revoked on another instance").isEmpty();
            assertThat(a.revokeAsync(r.token()).toCompletableFuture().join()).isFalse();
        } finally {
            ss.forEach(Sessions::close);
        }
    }

    @Example
    void forgedTruncatedAndMalformedTokensAreRejected() {
        List<Sessions> ss = instances(config(5), clock(), 1);
        Sessions s = ss.get(0);
        try {
            NewSession real = s.create("bob", Map.of());
            String t = real.token();
            char last = t.charAt(42);
            List<String> fakes = List.of(t.substring(0, 42), t + "A", t.substring(0, 41) + (t.charAt(41) == 'A' ? 'B' : 'A') + last,
                    "A".repeat(43), "", " ".repeat(43), t.toUpperCase().equals(t) ? t.toLowerCase() : t.toUpperCase(),
                    t.substring(0, 42) + "!", real.session().id());
            for (String fake : fakes) {
                assertThat(s.validate(fake)).as("a forged token").isEmpty();
                assertThat(s.revoke(fake)).isFalse();
            }
            assertThat(s.validate(t)).isPresent();
            List<String> stored = storedText();
            if (stored != null) {
                assertThat(stored).isNotEmpty().noneMatch(x -> x.contains(t));
            }
        } finally {
            ss.forEach(Sessions::close);
        }
    }

    @Property(tries = 10)
    void capListRevokeSessionAndRevokeAll(@ForAll @IntRange(min = 1, max = 4) int cap,
                                          @ForAll @IntRange(min = 1, max = 7) int created) {
        ManualClock clock = clock();
        List<Sessions> ss = instances(config(cap), clock, 2);
        try {
            Sessions a = ss.get(0);
            Sessions b = ss.get(1);
            List<NewSession> made = new ArrayList<>();
            for (int i = 0; i < created; i++) {
                made.add((i % 2 == 0 ? a : b).createAsync("cat", Map.of("n", "" + i)).toCompletableFuture().join());
                clock.advance(Duration.ofSeconds(1));
            }
            b.create("dan", Map.of());
            int kept = Math.min(cap, created);
            List<NewSession> newest = made.subList(created - kept, created);
            assertThat(a.listAsync("cat").toCompletableFuture().join()).extracting(Session::id)
                    .as("the newest %d of %d, oldest first", kept, created)
                    .containsExactlyElementsOf(newest.stream().map(n -> n.session().id()).toList());
            for (NewSession old : made.subList(0, created - kept)) {
                assertThat(b.validate(old.token())).as("evicted by the cap").isEmpty();
            }
            String first = newest.get(0).session().id();
            assertThat(b.revokeSession("dan", first)).as("another user's session").isFalse();
            assertThat(b.revokeSessionAsync("cat", first).toCompletableFuture().join()).isTrue();
            assertThat(a.validate(newest.get(0).token())).isEmpty();
            assertThat(a.revokeAllAsync("cat").toCompletableFuture().join()).isEqualTo(kept - 1);
            for (NewSession n : made) {
                assertThat(b.validate(n.token())).isEmpty();
            }
            assertThat(b.list("cat")).isEmpty();
            assertThat(a.list("dan")).hasSize(1);
            assertThat(b.revokeAll("cat")).isZero();
        } finally {
            ss.forEach(Sessions::close);
        }
    }

    @Example
    void badInputFailsBeforeAnyIoAndClosedStoresRefuseCalls() {
        Sessions s = instances(config(3), clock(), 1).get(0);
        try {
            assertThatThrownBy(() -> s.create(null, Map.of())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("userId");
            assertThatThrownBy(() -> s.createAsync("u", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("data");
            Map<String, String> big = new HashMap<>();
            for (int i = 0; i < 5; i++) {
                big.put("k" + i, "v");
            }
            assertThatThrownBy(() -> s.create("u", big)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 4");
            assertThatThrownBy(() -> s.create("u", Map.of("k", "v".repeat(1025))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
            assertThatThrownBy(() -> s.create("u", Map.of("", "v"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.validate(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token");
            assertThatThrownBy(() -> s.revokeAsync(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.revokeSession("u", "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sessionId");
            assertThatThrownBy(() -> s.revokeAllAsync("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.listAsync(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SessionConfig.builder().idleTimeout(Duration.ofDays(100)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
            assertThatThrownBy(() -> SessionConfig.builder().maxPerUser(0).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPerUser");
        } finally {
            s.close();
        }
        assertThatThrownBy(() -> s.validate("x")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> s.create("u", Map.of())).isInstanceOf(ClosedException.class);
    }
}
