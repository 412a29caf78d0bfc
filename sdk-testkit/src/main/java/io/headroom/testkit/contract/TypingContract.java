package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.presence.Typing;
import io.headroom.presence.TypingChange;
import io.headroom.presence.TypingConfig;
import io.headroom.presence.TypingWatch;
import io.headroom.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import net.jqwik.api.Example;

/**
 * The contract every {@link Typing} backend must pass, unchanged: extend it, implement {@link #instances}, run it
 * with the jqwik engine. Under a {@link ManualClock}: the default TTL is 5 s and exact; the user's next message
 * ({@code stopped}) clears the indicator on every instance; typers are reported newest first up to the limit;
 * watchers on every instance get a snapshot, then every change in order, and end in the final state (cleared by
 * the next message and by expiry), and a refresh that changes nothing tells them nothing; bad input and calls
 * after close.
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
    void watchersOnEveryInstanceSeeEveryChangeInOrderAndEndInTheFinalState() {
        ManualClock clock = clock();
        TypingConfig config = TypingConfig.builder().name("contract").watchInterval(Duration.ofMillis(20)).build();
        List<Typing> ts = instances(config, clock, 2);
        List<TypingChange> onA = new CopyOnWriteArrayList<>();
        List<TypingChange> onB = new CopyOnWriteArrayList<>();
        List<TypingChange> late = new CopyOnWriteArrayList<>();
        Typing a = ts.get(0);
        Typing b = ts.get(1);
        try (TypingWatch wa = a.watch(List.of("chat"), onA::add);
             TypingWatch wb = b.watch(List.of("chat", "quiet", "chat"), onB::add)) {
            assertThat(wa.chatIds()).containsExactly("chat");
            assertThat(wb.chatIds()).containsExactly("chat", "quiet");
            eventually(() -> onA.size() == 1 && onB.size() == 2, () -> "snapshots: " + onA + " " + onB);
            assertThat(onB).allMatch(TypingChange::snapshot).allMatch(c -> c.typers().isEmpty());
            a.typing("chat", "ann");
            eventually(() -> both(onA, onB, List.of("ann")), () -> "ann typing: " + onA + " " + onB);
            clock.advance(Duration.ofSeconds(1));
            a.typing("chat", "ann"); // a refresh: changes nothing
            clock.advance(Duration.ofMillis(10));
            b.typing("chat", "bob");
            eventually(() -> both(onA, onB, List.of("bob", "ann")), () -> "bob typing: " + onB);
            TypingWatch wl = a.watch(List.of("chat"), late::add);
            eventually(() -> !late.isEmpty(), () -> "late snapshot");
            assertThat(late.get(0)).isEqualTo(new TypingChange("chat", List.of("bob", "ann"), true));
            wl.close();
            b.stopped("chat", "bob"); // bob's message was sent
            eventually(() -> both(onA, onB, List.of("ann")), () -> "bob's message: " + onB);
            clock.advance(Duration.ofSeconds(5));
            eventually(() -> both(onA, onB, List.of()), () -> "ann's indicator expired: " + onB);
            List<List<String>> expected = List.of(List.of("ann"), List.of("bob", "ann"), List.of("ann"), List.of());
            assertThat(changes(onA)).as("changes on the writer's instance").isEqualTo(expected);
            assertThat(changes(onB)).as("changes on the other instance").isEqualTo(expected);
            assertThat(onB).filteredOn(c -> c.chatId().equals("quiet")).hasSize(1);
        } finally {
            ts.forEach(Typing::close);
        }
    }

    private static boolean both(List<TypingChange> x, List<TypingChange> y, List<String> typers) {
        return last(x, "chat").equals(typers) && last(y, "chat").equals(typers);
    }

    private static List<String> last(List<TypingChange> events, String chat) {
        List<String> out = null;
        for (TypingChange c : events) {
            if (c.chatId().equals(chat)) {
                out = c.typers();
            }
        }
        return out == null ? List.of("<none>") : out;
    }

    private static List<List<String>> changes(List<TypingChange> events) {
        return events.stream().filter(c -> !c.snapshot() && c.chatId().equals("chat")).map(TypingChange::typers)
                .toList();
    }

    private static void eventually(Supplier<Boolean> condition, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 15 s: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
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
            assertThatThrownBy(() -> t.watch(null, c -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chatIds");
            assertThatThrownBy(() -> t.watch(List.of("c"), null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("listener");
            assertThatThrownBy(() -> TypingConfig.builder().watchInterval(Duration.ZERO).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("watchInterval");
        } finally {
            t.close();
        }
        assertThatThrownBy(() -> t.typing("c", "u")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> t.typingIn("c")).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> t.watch(List.of("c"), c -> { })).isInstanceOf(ClosedException.class);
    }
}
