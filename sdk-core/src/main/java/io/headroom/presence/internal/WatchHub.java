package io.headroom.presence.internal;

import io.headroom.presence.PresenceChange;
import io.headroom.presence.PresenceListener;
import io.headroom.presence.PresenceState;
import io.headroom.presence.PresenceStatus;
import io.headroom.presence.PresenceWatch;
import io.headroom.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchers of one presence instance: the instance-level fan-out shared by every backend. The backend feeds it
 * each change once ({@link #onChange}); the hub keeps the last known state of every locally watched user, drops
 * changes that change nothing, and delivers each real change to every local watcher of that user on one dispatch
 * executor. Changes of one user that arrive while the dispatcher is busy collapse into the newest (coalescing), so
 * a user watched by very many costs one delivery round per burst, and the final state is never hidden. On top,
 * an optional rate limit ({@link ChangeGate}) lets at most one change per user per interval out to watchers;
 * a sooner change is held (replacing an older held one) and released by the next delivery round or
 * {@link #tick()} after the interval, so the final state is delayed by at most one interval plus one tick.
 *
 * <p>Snapshots: a new watch reads the users no local watch covers yet through the backend's bulk read (the others
 * are current already) and merges the answer, where a change that arrived after the read was sent wins over it.
 * {@link #resync()} does the same for every
 * watched user (after the change stream was lost); {@link #markUnknown()} tells every watcher {@code UNKNOWN}.
 * Thread-safe: state is guarded by one lock, listeners are called outside it on the executor.
 */
public final class WatchHub {

    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);

    private final Function<Collection<String>, CompletionStage<Map<String, PresenceStatus>>> reader;
    private final Executor executor;
    private final Ticker ticker;
    private final ChangeGate<PresenceChange> gate;
    private final Object lock = new Object();
    private final Map<String, Watched> users = new HashMap<>();
    private final LinkedHashMap<String, PresenceChange> dirty = new LinkedHashMap<>();
    private final ArrayDeque<Runnable> direct = new ArrayDeque<>();
    private long seq;
    private long watchers;
    private boolean draining;
    private boolean releasing;

    /**
     * Creates a hub.
     *
     * @param reader the backend's bulk read, used for snapshots
     * @param executor runs deliveries; one at a time is assumed (a single-threaded executor)
     */
    public WatchHub(Function<Collection<String>, CompletionStage<Map<String, PresenceStatus>>> reader,
                    Executor executor) {
        this(reader, executor, Ticker.system(), Duration.ZERO);
    }

    /**
     * Creates a hub that rate limits each user's changes.
     *
     * @param reader the backend's bulk read, used for snapshots
     * @param executor runs deliveries; one at a time is assumed (a single-threaded executor)
     * @param ticker the time source of the rate limit
     * @param perUserInterval the least time between two changes of one user delivered to watchers; zero for none
     */
    public WatchHub(Function<Collection<String>, CompletionStage<Map<String, PresenceStatus>>> reader,
                    Executor executor, Ticker ticker, Duration perUserInterval) {
        this.reader = reader;
        this.executor = executor;
        this.ticker = ticker;
        this.gate = new ChangeGate<>(perUserInterval.toNanos());
    }

    /** The state of one locally watched user. */
    private static final class Watched {
        final Set<Watcher> watchers = new LinkedHashSet<>();
        @Nullable PresenceState last;
        @Nullable Instant at;
        long lastMessage;
        boolean reading;

        boolean known() {
            return last != null && last != PresenceState.UNKNOWN;
        }
    }

    /** One watch. */
    private final class Watcher implements PresenceWatch {
        final Set<String> ids;
        final PresenceListener listener;
        /** The users whose snapshot event this watch has not been given yet; guarded by the hub's lock. */
        final Set<String> awaiting;
        boolean closed;

        Watcher(Set<String> ids, PresenceListener listener) {
            this.ids = ids;
            this.listener = listener;
            this.awaiting = new LinkedHashSet<>(ids);
        }

        @Override
        public Set<String> userIds() {
            return ids;
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                watchers--;
                for (String id : ids) {
                    Watched w = users.get(id);
                    if (w != null && w.watchers.remove(this) && w.watchers.isEmpty()) {
                        users.remove(id);
                        gate.forget(id);
                    }
                }
            }
        }

        void deliver(PresenceChange change) {
            if (closed) {
                return;
            }
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.warn("presence listener failed on {} {}: {}", change.userId(), change.state(), e.toString());
            }
        }

        @Override
        public String toString() {
            return "PresenceWatch[" + ids.size() + " users]";
        }
    }

    /**
     * Registers a watch: users already watched here get their snapshot event from the hub's current state (the
     * change stream keeps it current, so a popular user's next watcher costs no backend call); the others are
     * read, at most one read in flight per user whatever the number of watches waiting for it.
     *
     * @param ids the users, already checked
     * @param listener the listener
     * @return the watch
     */
    public PresenceWatch watch(Set<String> ids, PresenceListener listener) {
        Watcher w = new Watcher(ids, listener);
        long since;
        List<String> toRead = new ArrayList<>();
        synchronized (lock) {
            watchers++;
            List<PresenceChange> known = new ArrayList<>();
            for (String id : ids) {
                Watched x = users.computeIfAbsent(id, k -> new Watched());
                x.watchers.add(w);
                if (x.known()) {
                    known.add(new PresenceChange(id, x.last, x.at, true));
                    w.awaiting.remove(id);
                } else if (!x.reading) {
                    x.reading = true;
                    toRead.add(id);
                }
            }
            if (!known.isEmpty()) {
                direct.add(() -> known.forEach(w::deliver));
                schedule();
            }
            since = seq;
        }
        read(toRead, since, false);
        return w;
    }

    private void read(Collection<String> ids, long since, boolean resync) {
        if (ids.isEmpty()) {
            return;
        }
        CompletionStage<Map<String, PresenceStatus>> stage;
        try {
            stage = reader.apply(ids);
        } catch (RuntimeException e) {
            merge(ids, since, null, resync);
            return;
        }
        stage.whenComplete((statuses, error) -> merge(ids, since, error == null ? statuses : null, resync));
    }

    private void merge(Collection<String> ids, long since, @Nullable Map<String, PresenceStatus> statuses,
                       boolean resync) {
        synchronized (lock) {
            Map<Watcher, List<PresenceChange>> events = new LinkedHashMap<>();
            for (String id : ids) {
                Watched x = users.get(id);
                if (x == null) {
                    continue;
                }
                x.reading = false;
                // a change that arrived after this read was sent is newer than what the read saw
                if (x.lastMessage <= since || x.last == null) {
                    PresenceStatus s = statuses == null ? null : statuses.get(id);
                    x.last = s == null ? PresenceState.UNKNOWN : s.state();
                    x.at = s == null ? null : s.lastSeen();
                }
                PresenceChange event = new PresenceChange(id, x.last, x.at, true);
                for (Watcher c : x.watchers) {
                    if (c.awaiting.remove(id) || resync) {
                        events.computeIfAbsent(c, k -> new ArrayList<>()).add(event);
                    }
                }
            }
            events.forEach((c, list) -> direct.add(() -> list.forEach(c::deliver)));
            schedule();
        }
    }

    /**
     * Feeds one change from the backend; ignored when no local watcher watches the user or the state is the one
     * already known.
     *
     * @param userId the user
     * @param state the new state
     * @param at when it changed, or {@code null}
     */
    public void onChange(String userId, PresenceState state, @Nullable Instant at) {
        synchronized (lock) {
            Watched w = users.get(userId);
            if (w == null) {
                return;
            }
            w.lastMessage = ++seq;
            if (w.last == state) {
                return;
            }
            w.last = state;
            w.at = at;
            dirty.remove(userId);
            dirty.put(userId, new PresenceChange(userId, state, at, false));
            schedule();
        }
    }

    /** Tells every watcher that every watched user is {@code UNKNOWN} (the change stream was lost). */
    public void markUnknown() {
        synchronized (lock) {
            for (Map.Entry<String, Watched> e : users.entrySet()) {
                Watched w = e.getValue();
                if (w.last != null && w.last != PresenceState.UNKNOWN) {
                    w.last = PresenceState.UNKNOWN;
                    w.at = null;
                    dirty.remove(e.getKey());
                    dirty.put(e.getKey(), new PresenceChange(e.getKey(), PresenceState.UNKNOWN, null, false));
                }
            }
            schedule();
        }
    }

    /** Reads every watched user again and delivers a fresh snapshot to every watch. */
    public void resync() {
        List<String> ids;
        long since;
        synchronized (lock) {
            ids = new ArrayList<>(users.keySet());
            users.values().forEach(x -> x.reading = true);
            since = seq;
        }
        read(ids, since, true);
    }

    /**
     * Whether some watched user's state is {@code UNKNOWN} (a snapshot read failed), so the owner should resync.
     *
     * @return {@code true} when a resync would help
     */
    public boolean hasUnknown() {
        synchronized (lock) {
            return users.values().stream().anyMatch(w -> w.last == PresenceState.UNKNOWN && !w.reading);
        }
    }

    /**
     * The locally watched users, for the owner's sweeps.
     *
     * @return a copy
     */
    public List<String> watchedUsers() {
        synchronized (lock) {
            return new ArrayList<>(users.keySet());
        }
    }

    /**
     * How many watches are open.
     *
     * @return the count
     */
    public long watches() {
        synchronized (lock) {
            return watchers;
        }
    }

    /** Releases rate-limited changes whose interval has passed; the owner calls it periodically (its sweep). */
    public void tick() {
        synchronized (lock) {
            if (gate.holding()) {
                releasing = true;
                schedule();
            }
        }
    }

    private void schedule() {
        if (!draining && (!dirty.isEmpty() || !direct.isEmpty() || releasing)) {
            draining = true;
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) { // executor shut down: the owner is closing
                draining = false;
            }
        }
    }

    private void drain() {
        while (true) {
            List<Runnable> snapshots;
            List<Map.Entry<PresenceChange, List<Watcher>>> changes;
            synchronized (lock) {
                if (dirty.isEmpty() && direct.isEmpty() && !releasing) {
                    draining = false;
                    return;
                }
                releasing = false;
                snapshots = new ArrayList<>(direct);
                direct.clear();
                changes = new ArrayList<>(dirty.size());
                long now = ticker.read();
                List<PresenceChange> out = new ArrayList<>(gate.due(now));
                for (PresenceChange c : dirty.values()) {
                    PresenceChange admitted = gate.offer(c.userId(), c, now);
                    if (admitted != null) {
                        out.add(admitted);
                    }
                }
                for (PresenceChange c : out) {
                    Watched w = users.get(c.userId());
                    if (w != null) {
                        List<Watcher> ready = new ArrayList<>(w.watchers.size());
                        for (Watcher x : w.watchers) {
                            if (!x.awaiting.contains(c.userId())) { // its snapshot event will carry the state
                                ready.add(x);
                            }
                        }
                        changes.add(Map.entry(c, ready));
                    }
                }
                dirty.clear();
            }
            snapshots.forEach(Runnable::run);
            for (Map.Entry<PresenceChange, List<Watcher>> e : changes) {
                for (Watcher w : e.getValue()) {
                    w.deliver(e.getKey());
                }
            }
        }
    }
}
