package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingConfig;
import io.headroom.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Example;

/**
 * The contract every {@link Typing} backend must pass, unchanged: extend it, implement {@link #instances}, run it
 * with the jqwik engine. Under a {@link ManualClock}: the default TTL is 5 s and exact; the user's next message
 * ({@code stopped}) clears the indicator on every instance; typers are reported newest first up to the limit;
 * bad input and calls after close.
 */
public abstract class TypingContract {

    /**
     * Creates {@code count} instances sharing one fresh state; an embedded backend may return one instance
     * {@code count} times. The contract closes them.
     *
     * @param config the configuration
     * @param clock the time source
     * @param count how many
     * @return the instances
     */
    protected abstract List<Typing> instances(TypingConfig config, ManualClock clock, int count);

    private static ManualClock clock() {
        return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Example
    void anIndicatorLastsTheTtlAndTheNextMessageClearsIt() {
        ManualClock clock = clock();
        TypingConfig config = TypingConfig.builder().name("contract").maxTypers(2).build();
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(5));
        List<Typing> ts = instances(config, clock, 2);
        try {
            Typing a = ts.get(0);
            Typing b = ts.get(1);
            assertThat(b.typingIn("chat")).isEmpty();
            a.typing("chat", "ann");
            clock.advance(Duration.ofMillis(10));
            b.typingAsync("chat", "bob").toCompletableFuture().join();
            clock.advance(Duration.ofMillis(10));
            a.typing("other", "cat");
            assertThat(b.typingIn("chat")).containsExactly("bob", "ann");
            a.typing("chat", "dan");
            assertThat(a.typingInAsync("chat").toCompletableFuture().join()).as("newest first, at most 2")
                    .containsExactly("dan", "bob");
            a.stopped("chat", "dan"); // dan's message was sent
            assertThat(b.typingIn("chat")).containsExactly("bob", "ann");
            clock.advance(Duration.ofMillis(4_980));
            assertThat(b.typingIn("chat")).as("ann's indicator is exactly 5 s old").containsExactly("bob");
            b.stoppedAsync("chat", "bob").toCompletableFuture().join();
            assertThat(a.typingIn("chat")).isEmpty();
            assertThat(a.typingIn("other")).containsExactly("cat");
            clock.advance(Duration.ofSeconds(5));
            assertThat(a.typingIn("other")).isEmpty();
        } finally {
            ts.forEach(Typing::close);
        }
    }

    @Example
    void badInputFailsBeforeAnyIoAndClosedInstancesRefuseCalls() {
        Typing t = instances(TypingConfig.builder().name("contract").build(), clock(), 1).get(0);
        try {
            assertThatThrownBy(() -> t.typing(null, "u")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chatId");
            assertThatThrownBy(() -> t.typingAsync("c", "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("userId");
            assertThatThrownBy(() -> t.stoppedAsync("c", null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.typingInAsync("x".repeat(1025))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chatId");
            assertThatThrownBy(() -> TypingConfig.builder().ttl(Duration.ofMinutes(2)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
        } finally {
            t.close();
        }
        assertThatThrownBy(() -> t.typing("c", "u")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> t.typingIn("c")).isInstanceOf(ClosedException.class);
    }
}
