package io.headroom.presence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.presence.PresenceChange;
import io.headroom.presence.PresenceState;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.PresenceWatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The per-user watch rate limit under a manual clock: at most one change per user per interval reaches a
 * watcher, and coalescing plus rate limiting never hide the final state once the interval has passed.
 */
class WatchHubRateLimitTest {

    private static final long INTERVAL_MS = 100;
    private static final List<String> USERS = List.of("u0", "u1", "u2");

    record Step(int user, boolean online, long advanceMillis, boolean tick) {
    }

    record Event(long atMillis, PresenceChange change) {
    }

    @Provide
    Arbitrary<List<Step>> schedules() {
        return Combinators.combine(Arbitraries.integers().between(0, USERS.size() - 1), Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, 150), Arbitraries.of(true, false))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(60);
    }

    private static WatchHub hub(AtomicLong millis) {
        return new WatchHub(ids -> {
            Map<String, PresenceStatus> out = new LinkedHashMap<>();
            ids.forEach(id -> out.put(id, new PresenceStatus(id, PresenceState.OFFLINE, null)));
            return CompletableFuture.completedFuture(out);
        }, Runnable::run, () -> millis.get() * 1_000_000L, Duration.ofMillis(INTERVAL_MS));
    }

    @Property(tries = 300)
    void atMostOneChangePerUserPerIntervalAndTheFinalStateIsAlwaysDelivered(@ForAll("schedules") List<Step> steps) {
        AtomicLong millis = new AtomicLong(1_000);
        WatchHub hub = hub(millis);
        List<List<Event>> watchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<Event> events = new ArrayList<>();
            watchers.add(events);
            hub.watch(Set.copyOf(USERS), c -> events.add(new Event(millis.get(), c)));
        }
        Map<String, PresenceState> truth = new HashMap<>();
        USERS.forEach(u -> truth.put(u, PresenceState.OFFLINE));
        for (Step s : steps) {
            millis.addAndGet(s.advanceMillis());
            if (s.tick()) {
                hub.tick();
            }
            String user = USERS.get(s.user());
            PresenceState state = s.online() ? PresenceState.ONLINE : PresenceState.OFFLINE;
            truth.put(user, state);
            hub.onChange(user, state, Instant.ofEpochMilli(millis.get()));
        }
        millis.addAndGet(INTERVAL_MS);
        hub.tick();
        for (List<Event> events : watchers) {
            for (String user : USERS) {
                List<Event> mine = events.stream().filter(e -> e.change().userId().equals(user)).toList();
                assertThat(mine).as("snapshot of %s", user).isNotEmpty();
                assertThat(mine.get(mine.size() - 1).change().state()).as("final state of %s", user)
                        .isEqualTo(truth.get(user));
                List<Event> changes = mine.stream().filter(e -> !e.change().snapshot()).toList();
                for (int i = 1; i < changes.size(); i++) {
                    assertThat(changes.get(i).atMillis() - changes.get(i - 1).atMillis())
                            .as("time between two changes of %s", user).isGreaterThanOrEqualTo(INTERVAL_MS);
                }
            }
        }
    }

    @Example
    void aSoonerChangeIsHeldCoalescedAndReleasedAfterTheInterval() {
        AtomicLong millis = new AtomicLong(1_000);
        WatchHub hub = hub(millis);
        List<PresenceChange> events = new ArrayList<>();
        PresenceWatch w = hub.watch(Set.of("u"), events::add);
        hub.onChange("u", PresenceState.ONLINE, null);
        millis.addAndGet(10);
        hub.onChange("u", PresenceState.OFFLINE, null);
        hub.onChange("u", PresenceState.ONLINE, null);
        hub.onChange("u", PresenceState.OFFLINE, null);
        hub.tick();
        assertThat(events).extracting(PresenceChange::state).as("held within the interval")
                .containsExactly(PresenceState.OFFLINE, PresenceState.ONLINE);
        millis.addAndGet(INTERVAL_MS);
        hub.tick();
        assertThat(events).extracting(PresenceChange::state).as("the newest, once, after the interval")
                .containsExactly(PresenceState.OFFLINE, PresenceState.ONLINE, PresenceState.OFFLINE);
        w.close();
    }
}
