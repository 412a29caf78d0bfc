package io.headroom.ratelimit.internal;

import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;

/**
 * The sliding-window counter exactly as documented on
 * {@link io.headroom.ratelimit.RateLimitAlgorithm#SLIDING_WINDOW}, in milliseconds. State per bandwidth: window
 * index, current count, previous count (three longs), all bandwidths in one immutable array swapped by CAS.
 */
final class SlidingWindow extends RateAlgorithm {

    private final long[] c;
    private final long[] p;

    SlidingWindow(RateLimitConfig config) {
        super(config);
        int k = bandwidths.size();
        c = new long[k];
        p = new long[k];
        for (int i = 0; i < k; i++) {
            c[i] = bandwidths.get(i).capacity();
            p[i] = bandwidths.get(i).period().toMillis();
        }
    }

    @Override
    public RateLimitDecision acquire(KeyState state, long nowMicros, long n) {
        return decide(state, nowMicros, n, true);
    }

    @Override
    public RateLimitDecision peek(KeyState state, long nowMicros, long n) {
        return decide(state, nowMicros, n, false);
    }

    private RateLimitDecision decide(KeyState state, long nowMicros, long n, boolean charge) {
        int k = c.length;
        long nowMs = Math.floorDiv(nowMicros, 1_000);
        long[] remaining = new long[k];
        long[] retry = new long[k];
        long[] full = new long[k];
        for (;;) {
            long[] old = state.words();
            long[] next = new long[3 * k];
            boolean allowed = true;
            for (int i = 0; i < k; i++) {
                long w = Math.floorDiv(nowMs, p[i]);
                long e = nowMs - w * p[i];
                long curr = 0;
                long prev = 0;
                if (old != null && old[3 * i] == w) {
                    curr = old[3 * i + 1];
                    prev = old[3 * i + 2];
                } else if (old != null && old[3 * i] == w - 1) {
                    prev = old[3 * i + 1];
                }
                long weighted = prev * (p[i] - e);
                boolean ok = weighted + (curr + n) * p[i] <= c[i] * p[i];
                next[3 * i] = w;
                next[3 * i + 1] = curr + n;
                next[3 * i + 2] = prev;
                if (!ok) {
                    allowed = false;
                    long atMs;
                    if (curr + n <= c[i]) {
                        // wait until the previous window's weight has shrunk enough
                        atMs = w * p[i] + p[i] - (c[i] - curr - n) * p[i] / prev;
                    } else {
                        // wait for the next window, where this window's count becomes the weighted one
                        atMs = (w + 1) * p[i] + Math.max(0, p[i] - (c[i] - n) * p[i] / curr);
                    }
                    retry[i] = atMs * 1_000 - nowMicros;
                } else {
                    retry[i] = 0;
                }
                remaining[i] = figures(i, w, e, curr, prev, nowMicros, full);
            }
            if (!allowed) {
                return combine(false, remaining, retry, full);
            }
            if (!charge || state.casWords(old, next)) {
                for (int i = 0; i < k; i++) {
                    long w = next[3 * i];
                    remaining[i] = figures(i, w, nowMs - w * p[i], next[3 * i + 1], next[3 * i + 2], nowMicros, full);
                }
                return combine(true, remaining, retry, full);
            }
        }
    }

    /** Remaining permits of bandwidth {@code i}; stores its time until full into {@code full[i]}. */
    private long figures(int i, long w, long e, long curr, long prev, long nowMicros, long[] full) {
        long endMs = curr > 0 ? (w + 2) * p[i] : prev > 0 ? (w + 1) * p[i] : Long.MIN_VALUE;
        full[i] = endMs == Long.MIN_VALUE ? 0 : endMs * 1_000 - nowMicros;
        return Math.max(0, (c[i] * p[i] - prev * (p[i] - e)) / p[i] - curr);
    }

    @Override
    public long idleExpiryMicros() {
        long max = 0;
        for (long v : p) {
            max = Math.max(max, 2 * v * 1_000);
        }
        return max;
    }
}
