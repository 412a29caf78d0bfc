package io.headroom.presence.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The per-user rate limit of watch deliveries: at most one change per key per interval goes out; a change that
 * comes sooner is held, replacing any older held change of that key (coalescing), and {@link #due} releases it
 * once the interval since the key's last delivery has passed. So the final state is never hidden, only delayed
 * by at most one interval. An interval of zero lets everything through. Time comes from the caller (nanoseconds
 * of one {@link io.headroom.Ticker}). Not thread-safe: the owner guards it.
 *
 * @param <T> the change type
 */
public final class ChangeGate<T> {

    private final long intervalNanos;
    private final Map<String, Long> sent = new HashMap<>();
    private final LinkedHashMap<String, T> held = new LinkedHashMap<>();

    /**
     * Creates a gate.
     *
     * @param intervalNanos the least time between two deliveries of one key; zero for no limit
     */
    public ChangeGate(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Offers the newest change of {@code key}.
     *
     * @param key the key
     * @param change the change
     * @param now the current time, nanoseconds
     * @return {@code change} when it may go out now (its time is recorded), or {@code null} when it is held
     */
    public @Nullable T offer(String key, T change, long now) {
        if (intervalNanos == 0) {
            return change;
        }
        Long last = sent.get(key);
        if (last != null && now - last < intervalNanos) {
            held.put(key, change);
            return null;
        }
        held.remove(key); // superseded by this newer change
        sent.put(key, now);
        return change;
    }

    /**
     * Releases the held changes whose interval has passed (recording their time) and forgets keys idle for longer
     * than one interval.
     *
     * @param now the current time, nanoseconds
     * @return the released changes, oldest held first
     */
    public List<T> due(long now) {
        if (intervalNanos == 0) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, T>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, T> e = it.next();
            if (now - sent.get(e.getKey()) >= intervalNanos) {
                out.add(e.getValue());
                sent.put(e.getKey(), now);
                it.remove();
            }
        }
        sent.entrySet().removeIf(e -> !held.containsKey(e.getKey()) && now - e.getValue() >= intervalNanos);
        return out;
    }

    /**
     * Whether changes are held.
     *
     * @return {@code true} when {@link #due} has something to release later
     */
    public boolean holding() {
        return !held.isEmpty();
    }

    /**
     * Forgets a key (nobody watches it any more).
     *
     * @param key the key
     */
    public void forget(String key) {
        held.remove(key);
        sent.remove(key);
    }
}
