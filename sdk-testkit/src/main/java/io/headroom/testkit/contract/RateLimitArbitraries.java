package io.headroom.testkit.contract;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitAlgorithm;
import io.headroom.ratelimit.RateLimitConfig;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for rate-limiter properties: configurations with small capacities and short periods (so
 * properties reach denials, window edges and recovery quickly) and request sequences. Usable in users' own
 * property tests. Stateless and thread-safe.
 */
public final class RateLimitArbitraries {

    private RateLimitArbitraries() {
    }

    /**
     * One request of a generated sequence: advance the clock, then ask for permits on one of a few keys.
     *
     * @param advanceMicros how far to move the clock first, at least 0
     * @param key which key, a small index
     * @param permitsSeed turned into a valid permit count by {@link #permits(RateLimitConfig)}
     * @param async whether to use the asynchronous form
     */
    public record Request(long advanceMicros, int key, int permitsSeed, boolean async) {

        /**
         * The permit count for a config: in {@code [1, config.minCapacity()]}, mostly 1.
         *
         * @param config the limiter's configuration
         * @return the permits to ask for
         */
        public long permits(RateLimitConfig config) {
            return permitsSeed < 60 ? 1 : 1 + (permitsSeed % config.minCapacity());
        }
    }

    /**
     * Bandwidths with capacity 1 to 20 and periods from 1 ms to 3 s, including awkward ones (7 per 1000 ms).
     *
     * @return the arbitrary
     */
    public static Arbitrary<Bandwidth> bandwidths() {
        return Combinators.combine(Arbitraries.longs().between(1, 20),
                        Arbitraries.longs().between(1, 3_000).edgeCases(e -> e.includeOnly(1L, 1_000L, 3_000L)))
                .as((c, ms) -> Bandwidth.of(c, Duration.ofMillis(ms)));
    }

    /**
     * Configurations of either algorithm with one to three bandwidths, named {@code b0, b1, ...}.
     *
     * @return the arbitrary
     */
    public static Arbitrary<RateLimitConfig> configs() {
        return Combinators.combine(Arbitraries.of(RateLimitAlgorithm.class), bandwidths().list().ofMinSize(1).ofMaxSize(3))
                .as(RateLimitArbitraries::config);
    }

    /**
     * Builds a config with the given bandwidths renamed {@code b0, b1, ...}.
     *
     * @param algorithm the algorithm
     * @param bandwidths the bandwidths
     * @return the config
     */
    public static RateLimitConfig config(RateLimitAlgorithm algorithm, List<Bandwidth> bandwidths) {
        RateLimitConfig.Builder b = RateLimitConfig.builder().name("prop").algorithm(algorithm);
        for (int i = 0; i < bandwidths.size(); i++) {
            b.bandwidth(bandwidths.get(i).named("b" + i));
        }
        return b.build();
    }

    /**
     * Request sequences over three keys whose clock steps range from none (same microsecond) to a few seconds,
     * so they hit bursts, window edges and full recovery.
     *
     * @param maxLength the longest sequence
     * @return the arbitrary
     */
    public static Arbitrary<List<Request>> requests(int maxLength) {
        Arbitrary<Long> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(1, 2_000)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(2_000, 400_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(400_000, 4_000_000)));
        return Combinators.combine(advance, Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 99), Arbitraries.of(false, false, true))
                .as(Request::new)
                .list().ofMinSize(1).ofMaxSize(maxLength);
    }
}
