package io.headroom.testkit.contract;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.KeyListing;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain, single-threaded reference model of {@link RateLimitAlgorithm}'s documented semantics, written
 * straight from the Javadoc and independently of any backend; the contract suite compares every backend's
 * decisions with it. Not thread-safe.
 */
public final class RateLimitModel {

    private RateLimitConfig config;
    private final Map<String, List<Slot>> keys = new HashMap<>();
    private final Map<String, long[]> listings = new HashMap<>(); // {0 = deny | 1 = allow, end in us}

    /** What the model remembers of one bandwidth of one key. */
    private static final class Slot {
        long tat = Long.MIN_VALUE;   // GCRA: theoretical arrival time, MIN_VALUE = never charged
        long window = Long.MIN_VALUE; // sliding window: index of the current window
        long current;
        long previous;
    }

    /**
     * Creates a model of a limiter with this configuration.
     *
     * @param config the configuration
     */
    public RateLimitModel(RateLimitConfig config) {
        this.config = config;
    }

    /**
     * Decides a request exactly as the documentation says a limiter must.
     *
     * @param key the key
     * @param nowMicros the time in microseconds
     * @param permits the permits asked for
     * @return the decision a conforming limiter returns
     */
    public RateLimitDecision acquire(String key, long nowMicros, long permits) {
        long[] listing = listings.get(key);
        if (listing != null && nowMicros < listing[1]) {
            List<Bandwidth> bws = config.bandwidths();
            return listing[0] == 0 ? RateLimitDecision.of(false, 0, listing[1] - nowMicros, 0, bws.get(0), bws)
                    : RateLimitDecision.of(true, config.minCapacity(), 0, 0, bws.get(0), bws);
        }
        List<Slot> slots = keys.computeIfAbsent(key, k -> {
            List<Slot> l = new ArrayList<>();
            config.bandwidths().forEach(b -> l.add(new Slot()));
            return l;
        });
        return config.algorithm() == RateLimitAlgorithm.GCRA
                ? gcra(slots, nowMicros, permits) : slidingWindow(slots, nowMicros, permits);
    }

    /**
     * What {@link #acquire} would decide, changing nothing.
     *
     * @param key the key
     * @param nowMicros the time in microseconds
     * @param permits the permits the hypothetical request asks for
     * @return the decision a conforming limiter's peek returns
     */
    public RateLimitDecision peek(String key, long nowMicros, long permits) {
        // decide on a copy of the key's slots, then put the originals back
        List<Slot> saved = keys.remove(key);
        if (saved != null) {
            List<Slot> copy = new ArrayList<>();
            for (Slot s : saved) {
                Slot c = new Slot();
                c.tat = s.tat;
                c.window = s.window;
                c.current = s.current;
                c.previous = s.previous;
                copy.add(c);
            }
            keys.put(key, copy);
        }
        RateLimitDecision d = acquire(key, nowMicros, permits);
        if (saved == null) {
            keys.remove(key);
        } else {
            keys.put(key, saved);
        }
        return d;
    }

    /**
     * Changes the bandwidths as {@code RateLimiter.updateLimits} does: same number, every key's state kept
     * bandwidth by bandwidth.
     *
     * @param bandwidths the new bandwidths
     */
    public void updateLimits(List<Bandwidth> bandwidths) {
        if (bandwidths.size() != config.bandwidths().size()) {
            throw new IllegalArgumentException("the number of bandwidths must stay " + config.bandwidths().size());
        }
        RateLimitConfig.Builder b = RateLimitConfig.builder().name(config.name()).algorithm(config.algorithm());
        bandwidths.forEach(b::bandwidth);
        config = b.build();
    }

    /**
     * The configuration the model decides with now.
     *
     * @return the configuration
     */
    public RateLimitConfig config() {
        return config;
    }

    /**
     * Lists a key, as {@code RateLimiter.list} does.
     *
     * @param key the key
     * @param listing the list
     * @param nowMicros the time in microseconds
     * @param ttlMicros how long
     */
    public void list(String key, KeyListing listing, long nowMicros, long ttlMicros) {
        listings.put(key, new long[] {listing == KeyListing.DENY ? 0 : 1, nowMicros + ttlMicros});
    }

    /**
     * Takes a key off its list.
     *
     * @param key the key
     */
    public void unlist(String key) {
        listings.remove(key);
    }

    /**
     * Forgets a key's charges, as a reset does (its listing stays).
     *
     * @param key the key
     */
    public void reset(String key) {
        keys.remove(key);
    }

    private RateLimitDecision gcra(List<Slot> slots, long now, long n) {
        List<Bandwidth> bws = config.bandwidths();
        boolean admitAll = true;
        for (int i = 0; i < bws.size(); i++) {
            long t = ceilDiv(bws.get(i).periodMicros(), bws.get(i).capacity());
            long after = Math.max(slots.get(i).tat, now) + n * t;
            admitAll &= after - now <= t * bws.get(i).capacity();
        }
        Figures f = new Figures(bws.size());
        for (int i = 0; i < bws.size(); i++) {
            Slot s = slots.get(i);
            long t = ceilDiv(bws.get(i).periodMicros(), bws.get(i).capacity());
            long tolerance = t * bws.get(i).capacity();
            long base = Math.max(s.tat, now);
            long after = base + n * t;
            if (admitAll) {
                s.tat = after;
            }
            long tat = admitAll ? after : base;
            f.remaining[i] = Math.max(0, Math.floorDiv(tolerance - (tat - now), t));
            f.retry[i] = after - now > tolerance ? after - tolerance - now : 0;
            f.full[i] = tat - now;
        }
        return f.decide(admitAll);
    }

    private RateLimitDecision slidingWindow(List<Slot> slots, long nowMicros, long n) {
        List<Bandwidth> bws = config.bandwidths();
        long nowMs = Math.floorDiv(nowMicros, 1000);
        long[] curr = new long[bws.size()];
        long[] prev = new long[bws.size()];
        boolean admitAll = true;
        for (int i = 0; i < bws.size(); i++) {
            Slot s = slots.get(i);
            long p = bws.get(i).period().toMillis();
            long w = Math.floorDiv(nowMs, p);
            curr[i] = s.window == w ? s.current : 0;
            prev[i] = s.window == w ? s.previous : s.window == w - 1 ? s.current : 0;
            long elapsed = nowMs - w * p;
            admitAll &= prev[i] * (p - elapsed) + (curr[i] + n) * p <= bws.get(i).capacity() * p;
        }
        Figures f = new Figures(bws.size());
        for (int i = 0; i < bws.size(); i++) {
            Slot s = slots.get(i);
            long c = bws.get(i).capacity();
            long p = bws.get(i).period().toMillis();
            long w = Math.floorDiv(nowMs, p);
            long elapsed = nowMs - w * p;
            boolean ok = prev[i] * (p - elapsed) + (curr[i] + n) * p <= c * p;
            if (!ok) {
                // the first millisecond at which the same request passes, nothing else consuming
                long at = curr[i] + n <= c
                        ? (w + 1) * p - Math.floorDiv((c - curr[i] - n) * p, prev[i])
                        : (w + 1) * p + Math.max(0, p - Math.floorDiv((c - n) * p, curr[i]));
                f.retry[i] = at * 1000 - nowMicros;
            }
            long count = admitAll ? curr[i] + n : curr[i];
            if (admitAll) {
                s.window = w;
                s.current = count;
                s.previous = prev[i];
            }
            f.remaining[i] = Math.max(0, Math.floorDiv(c * p - prev[i] * (p - elapsed), p) - count);
            f.full[i] = count > 0 ? (w + 2) * p * 1000 - nowMicros : prev[i] > 0 ? (w + 1) * p * 1000 - nowMicros : 0;
        }
        return f.decide(admitAll);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Per-bandwidth figures, combined as RateLimitDecision documents. */
    private final class Figures {
        final long[] remaining;
        final long[] retry;
        final long[] full;

        Figures(int k) {
            remaining = new long[k];
            retry = new long[k];
            full = new long[k];
        }

        RateLimitDecision decide(boolean allowed) {
            int decider = 0;
            for (int i = 1; i < remaining.length; i++) {
                if (allowed ? remaining[i] < remaining[decider] : retry[i] > retry[decider]) {
                    decider = i;
                }
            }
            long rem = Long.MAX_VALUE;
            long ret = 0;
            long ful = 0;
            for (int i = 0; i < remaining.length; i++) {
                rem = Math.min(rem, remaining[i]);
                ret = Math.max(ret, retry[i]);
                ful = Math.max(ful, full[i]);
            }
            return RateLimitDecision.of(allowed, rem, ret, ful, config.bandwidths().get(decider), config.bandwidths());
        }
    }
}
