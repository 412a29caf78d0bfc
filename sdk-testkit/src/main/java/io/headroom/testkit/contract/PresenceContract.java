package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.presence.Presence;
import io.headroom.presence.PresenceChange;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.PresenceState;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.PresenceWatch;
import io.headroom.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contract every {@link Presence} backend must pass, unchanged: extend it, implement {@link #instances}, run it
 * with the jqwik engine. It checks, under a {@link ManualClock} and several instances sharing one state, that a
 * user is online iff some device heartbeated within the TTL and nobody stays online past it (properties over
 * random heartbeat/offline/crash schedules, for reads and for watchers on every instance, whose final state is
 * never hidden by coalescing); that watchers get a snapshot, then every change in order, on every
 * instance, with crashed devices reported by the sweep; that heartbeats which change nothing produce no event;
 * bad input and calls after close.
 */
public abstract class PresenceContract {

    /** The TTL the contract configures. */
    protected static final Duration TTL = Duration.ofSeconds(10);

    /**
     * Creates {@code count} instances of the presence under test sharing one fresh state (as application
     * instances sharing one backend would); an embedded backend may return one instance {@code count} times.
     * The contract closes them.
     *
     * @param config the configuration
     * @param clock the time source every instance must read
     * @param count how many instances
     * @return the instances
     */
    protected abstract List<Presence> instances(PresenceConfig config, ManualClock clock, int count);

    /**
     * The configuration the contract uses: {@link #TTL}, a 20 ms sweep interval.
     *
     * @return the configuration
     */
    protected PresenceConfig config() {
        return PresenceConfig.builder().name("contract").ttl(TTL).sweepInterval(Duration.ofMillis(20))
                .lastSeenRetention(Duration.ofHours(1)).maxBulk(100).build();
    }

    private static ManualClock clock() {
        return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static void closeAll(List<Presence> ps) {
        ps.forEach(Presence::close);
    }

    /** One step of a schedule: a heartbeat or offline of one device through one instance, then a clock move. */
    record Step(boolean offline, int instance, int user, int device, long advanceMillis) {
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 9).map(i -> i == 0),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 3_000),
                        Arbitraries.longs().between(9_990, 10_010), Arbitraries.just(0L)))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 40)
    void onlineIffAHeartbeatWithinTheTtlAndNobodyStaysOnline(@ForAll("schedules") List<Step> schedule) {
        ManualClock clock = clock();
        List<Presence> ps = instances(config(), clock, 3);
        try {
            List<String> users = IntStream.range(0, 4).mapToObj(i -> "u" + i).collect(Collectors.toList());
            Map<String, Long> expiry = new HashMap<>(); // "user/device" -> epoch ms it expires at
            Map<String, Long> lastBeat = new HashMap<>();
            int reader = 0;
            for (Step s : schedule) {
                String user = "u" + s.user();
                String device = "d" + s.device();
                Presence p = ps.get(s.instance());
                if (s.offline()) {
                    p.offline(user, device);
                    expiry.remove(user + "/" + device);
                } else {
                    p.heartbeat(user, device);
                    expiry.put(user + "/" + device, clock.millis() + TTL.toMillis());
                    lastBeat.put(user, clock.millis());
                }
                clock.advance(Duration.ofMillis(s.advanceMillis()));
                long now = clock.millis();
                reader = (reader + 1) % ps.size();
                Map<String, PresenceStatus> read = ps.get(reader).statusOf(users);
                for (String u : users) {
                    boolean expected = expiry.entrySet().stream()
                            .anyMatch(e -> e.getKey().startsWith(u + "/") && e.getValue() > now);
                    assertThat(read.get(u).state()).as("%s at +%d ms after %s", u, now, s)
                            .isEqualTo(expected ? PresenceState.ONLINE : PresenceState.OFFLINE);
                    Instant seen = read.get(u).lastSeen();
                    if (lastBeat.containsKey(u)) {
                        assertThat(seen).as("lastSeen of %s", u).isNotNull();
                        assertThat(seen.toEpochMilli()).isBetween(lastBeat.get(u), now);
                    }
                }
            }
            // crash everything: nobody stays online one TTL after their last heartbeat, on any instance
            clock.advance(TTL);
            for (Presence p : ps) {
                assertThat(p.statusOf(users).values()).allMatch(st -> st.state() == PresenceState.OFFLINE);
            }
        } finally {
            closeAll(ps);
        }
    }

    @Property(tries = 10)
    void watchersOnEveryInstanceEndInTheTrueStateAndNobodyStaysOnline(@ForAll("schedules") List<Step> schedule) {
        ManualClock clock = clock();
        List<Presence> ps = instances(config(), clock, 3);
        List<PresenceWatch> watches = new ArrayList<>();
        try {
            List<String> users = IntStream.range(0, 4).mapToObj(i -> "u" + i).collect(Collectors.toList());
            List<List<PresenceChange>> seen = new ArrayList<>();
            for (Presence p : ps) {
                List<PresenceChange> events = new CopyOnWriteArrayList<>();
                seen.add(events);
                watches.add(p.watch(users, events::add));
            }
            for (Step s : schedule) {
                Presence p = ps.get(s.instance());
                if (s.offline()) {
                    p.offline("u" + s.user(), "d" + s.device());
                } else {
                    p.heartbeat("u" + s.user(), "d" + s.device());
                }
                clock.advance(Duration.ofMillis(s.advanceMillis()));
            }
            Map<String, PresenceStatus> truth = ps.get(0).statusOf(users);
            for (List<PresenceChange> events : seen) {
                for (String u : users) {
                    eventually(() -> last(events, u) == truth.get(u).state(),
                            () -> u + " should end " + truth.get(u).state() + ": " + events);
                }
            }
            clock.advance(TTL);
            for (List<PresenceChange> events : seen) {
                for (String u : users) {
                    eventually(() -> last(events, u) == PresenceState.OFFLINE, () -> u + " stuck online: " + events);
                }
            }
        } finally {
            watches.forEach(PresenceWatch::close);
            closeAll(ps);
        }
    }

    @Example
    void aTtlIsExactAndAnyDeviceKeepsTheUserOnline() {
        ManualClock clock = clock();
        List<Presence> ps = instances(config(), clock, 2);
        try {
            Presence a = ps.get(0);
            Presence b = ps.get(1);
            assertThat(b.status("ann").state()).isEqualTo(PresenceState.OFFLINE);
            assertThat(b.status("ann").lastSeen()).isNull();
            a.heartbeat("ann", "phone");
            Instant beat = clock.instant();
            clock.advance(TTL.minusMillis(5));
            b.heartbeatAsync("ann", "laptop").toCompletableFuture().join();
            clock.advance(Duration.ofMillis(4));
            assertThat(b.status("ann").online()).isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(a.statusAsync("ann").toCompletableFuture().join().online()).as("laptop still live").isTrue();
            b.offline("ann", "laptop");
            PresenceStatus s = a.status("ann");
            assertThat(s.state()).isEqualTo(PresenceState.OFFLINE);
            assertThat(s.lastSeen()).isAfter(beat);
            assertThat(a.statusOfAsync(List.of("ann", "bob", "ann")).toCompletableFuture().join())
                    .containsOnlyKeys("ann", "bob");
        } finally {
            closeAll(ps);
        }
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

    private static List<PresenceState> states(List<PresenceChange> events, String user, boolean snapshots) {
        List<PresenceState> out = new ArrayList<>();
        for (PresenceChange c : events) {
            if (c.userId().equals(user) && c.snapshot() == snapshots) {
                out.add(c.state());
            }
        }
        return out;
    }

    private static PresenceState last(List<PresenceChange> events, String user) {
        PresenceState s = null;
        for (PresenceChange c : events) {
            if (c.userId().equals(user)) {
                s = c.state();
            }
        }
        return s;
    }

    @Example
    void watchersGetASnapshotThenEveryChangeOnEveryInstanceAndCrashesAreSwept() {
        ManualClock clock = clock();
        List<Presence> ps = instances(config(), clock, 2);
        try {
            Presence a = ps.get(0);
            Presence b = ps.get(1);
            a.heartbeat("cat", "web");
            List<PresenceChange> seen = new CopyOnWriteArrayList<>();
            List<PresenceChange> local = new CopyOnWriteArrayList<>();
            try (PresenceWatch w = b.watch(List.of("cat", "dan"), seen::add);
                 PresenceWatch w2 = a.watch(List.of("dan"), local::add)) {
                assertThat(w.userIds()).containsExactly("cat", "dan");
                assertThat(w2.userIds()).containsExactly("dan");
                eventually(() -> seen.size() == 2, () -> "snapshot: " + seen);
                assertThat(states(seen, "cat", true)).containsExactly(PresenceState.ONLINE);
                assertThat(states(seen, "dan", true)).containsExactly(PresenceState.OFFLINE);
                eventually(() -> local.size() == 1, () -> "snapshot on a: " + local);

                a.heartbeat("dan", "ios");
                eventually(() -> last(seen, "dan") == PresenceState.ONLINE, () -> "dan online: " + seen);
                eventually(() -> last(local, "dan") == PresenceState.ONLINE, () -> "dan online on a: " + local);
                // heartbeats that change nothing produce nothing
                for (int i = 0; i < 5; i++) {
                    clock.advance(Duration.ofSeconds(1));
                    a.heartbeat("dan", "ios");
                    b.heartbeat("dan", "ios");
                }
                b.offline("dan", "ios");
                eventually(() -> last(seen, "dan") == PresenceState.OFFLINE, () -> "dan offline: " + seen);
                assertThat(states(seen, "dan", false))
                        .containsExactly(PresenceState.ONLINE, PresenceState.OFFLINE);
                eventually(() -> last(local, "dan") == PresenceState.OFFLINE, () -> "dan offline on a: " + local);

                // cat's device crashes: no offline call; the sweep reports it after the TTL
                clock.advance(TTL);
                eventually(() -> last(seen, "cat") == PresenceState.OFFLINE, () -> "cat swept: " + seen);
                assertThat(states(seen, "cat", false)).containsExactly(PresenceState.OFFLINE);
            }
        } finally {
            closeAll(ps);
        }
    }

    @Example
    void rapidFlipsNeverHideTheFinalStateAndManyLocalWatchersAreServed() {
        ManualClock clock = clock();
        List<Presence> ps = instances(config(), clock, 2);
        try {
            Presence a = ps.get(0);
            Presence b = ps.get(1);
            List<List<PresenceChange>> watchers = new ArrayList<>();
            List<PresenceWatch> watches = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                List<PresenceChange> events = Collections.synchronizedList(new ArrayList<>());
                watchers.add(events);
                watches.add(b.watch(List.of("eve"), events::add));
            }
            eventually(() -> watchers.stream().allMatch(e -> !e.isEmpty()), () -> "snapshots");
            for (int i = 0; i < 20; i++) {
                a.heartbeat("eve", "d");
                a.offline("eve", "d");
            }
            a.heartbeat("eve", "d");
            for (List<PresenceChange> events : watchers) {
                eventually(() -> last(events, "eve") == PresenceState.ONLINE, () -> "final state: " + events);
            }
            // a closed watch hears nothing more
            watches.get(0).close();
            int before = watchers.get(0).size();
            a.offline("eve", "d");
            eventually(() -> last(watchers.get(1), "eve") == PresenceState.OFFLINE, () -> "offline");
            assertThat(watchers.get(0)).hasSize(before);
            watches.forEach(PresenceWatch::close);
        } finally {
            closeAll(ps);
        }
    }

    @Example
    void badInputFailsBeforeAnyIoAndClosedInstancesRefuseCalls() {
        ManualClock clock = clock();
        List<Presence> ps = instances(config(), clock, 1);
        Presence p = ps.get(0);
        try {
            String tooLong = "x".repeat(1025);
            assertThatThrownBy(() -> p.heartbeat(null, "d")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("userId");
            assertThatThrownBy(() -> p.heartbeatAsync("u", "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deviceId");
            assertThatThrownBy(() -> p.offlineAsync(tooLong, "d")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("userId");
            assertThatThrownBy(() -> p.statusAsync("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.statusOf(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("userIds");
            assertThatThrownBy(() -> p.statusOfAsync(Collections.nCopies(1, (String) null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userIds");
            List<String> many = IntStream.range(0, 101).mapToObj(i -> "u" + i).collect(Collectors.toList());
            assertThatThrownBy(() -> p.statusOf(many)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 100");
            assertThatThrownBy(() -> p.watch(many, c -> { })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.watch(List.of("u"), null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("listener");
            assertThatThrownBy(() -> PresenceConfig.builder().ttl(Duration.ZERO).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
            assertThatThrownBy(() -> PresenceConfig.builder().name("a b").build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
            assertThatThrownBy(() -> PresenceConfig.builder().sweepInterval(Duration.ofMinutes(5)).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweepInterval");
        } finally {
            closeAll(ps);
        }
        p.close();
        assertThatThrownBy(() -> p.heartbeat("u", "d")).isInstanceOf(ClosedException.class)
                .hasMessageContaining("contract");
        assertThatThrownBy(() -> p.statusOfAsync(List.of("u"))).isInstanceOf(ClosedException.class);
        assertThatThrownBy(() -> p.watch(List.of("u"), c -> { })).isInstanceOf(ClosedException.class);
    }
}
