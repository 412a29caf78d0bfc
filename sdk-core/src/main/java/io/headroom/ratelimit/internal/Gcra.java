package io.headroom.ratelimit.internal;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;

/**
 * GCRA exactly as documented on {@link io.headroom.ratelimit.RateLimitAlgorithm#GCRA}: per bandwidth an emission
 * interval {@code T = ceil(P/C)} and tolerance {@code L = C*T}, state = theoretical arrival time (TAT).
 */
final class Gcra {

    private Gcra() {
    }

    static long emissionInterval(Bandwidth bw) {
        long p = bw.periodMicros();
        return (p + bw.capacity() - 1) / bw.capacity();
    }

    /** One bandwidth: the TAT lives in {@link KeyState#word()}; no allocation but the decision. */
    static final class Single extends RateAlgorithm {
        private final long t;
        private final long l;
        private final Bandwidth bw;

        Single(RateLimitConfig config) {
            super(config);
            this.bw = config.bandwidths().get(0);
            this.t = emissionInterval(bw);
            this.l = t * bw.capacity();
        }

        @Override
        public RateLimitDecision acquire(KeyState state, long now, long permits) {
            long cost = permits * t;
            for (;;) {
                long tat = state.word();
                long base = Math.max(tat, now);
                long next = base + cost;
                if (next - now > l) {
                    // denied: nothing is written, so a denied request cannot change what later requests see
                    return RateLimitDecision.of(false, Math.max(0, (l - (base - now)) / t), next - l - now, base - now,
                            bw, bandwidths);
                }
                if (state.casWord(tat, next)) {
                    return RateLimitDecision.of(true, (l - (next - now)) / t, 0, next - now, bw, bandwidths);
                }
            }
        }

        @Override
        public RateLimitDecision peek(KeyState state, long now, long permits) {
            long base = Math.max(state.word(), now);
            long next = base + permits * t;
            if (next - now > l) {
                return RateLimitDecision.of(false, Math.max(0, (l - (base - now)) / t), next - l - now, base - now,
                        bw, bandwidths);
            }
            return RateLimitDecision.of(true, (l - (next - now)) / t, 0, next - now, bw, bandwidths);
        }

        @Override
        public long idleExpiryMicros() {
            return l;
        }
    }

    /** Several bandwidths: one TAT per bandwidth in an immutable array swapped by CAS. */
    static final class Multi extends RateAlgorithm {
        private final long[] t;
        private final long[] l;

        Multi(RateLimitConfig config) {
            super(config);
            int k = bandwidths.size();
            t = new long[k];
            l = new long[k];
            for (int i = 0; i < k; i++) {
                t[i] = emissionInterval(bandwidths.get(i));
                l[i] = t[i] * bandwidths.get(i).capacity();
            }
        }

        @Override
        public RateLimitDecision acquire(KeyState state, long now, long permits) {
            return decide(state, now, permits, true);
        }

        @Override
        public RateLimitDecision peek(KeyState state, long now, long permits) {
            return decide(state, now, permits, false);
        }

        private RateLimitDecision decide(KeyState state, long now, long permits, boolean charge) {
            int k = t.length;
            long[] remaining = new long[k];
            long[] retry = new long[k];
            long[] full = new long[k];
            for (;;) {
                long[] tats = state.words();
                long[] next = new long[k];
                boolean allowed = true;
                for (int i = 0; i < k; i++) {
                    long base = tats == null ? now : Math.max(tats[i], now);
                    next[i] = base + permits * t[i];
                    if (next[i] - now > l[i]) {
                        allowed = false;
                        retry[i] = next[i] - l[i] - now;
                    } else {
                        retry[i] = 0;
                    }
                    // figures for a denial; replaced below when admitted
                    remaining[i] = Math.max(0, (l[i] - (base - now)) / t[i]);
                    full[i] = base - now;
                }
                if (!allowed) {
                    return combine(false, remaining, retry, full);
                }
                if (!charge || state.casWords(tats, next)) {
                    for (int i = 0; i < k; i++) {
                        remaining[i] = (l[i] - (next[i] - now)) / t[i];
                        full[i] = next[i] - now;
                    }
                    return combine(true, remaining, retry, full);
                }
            }
        }

        @Override
        public long idleExpiryMicros() {
            long max = 0;
            for (long v : l) {
                max = Math.max(max, v);
            }
            return max;
        }
    }
}
