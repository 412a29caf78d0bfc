package io.headroom.examples;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisRateLimiter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The Social Connect demo: the main job of the project. Simulated users call the chat/social API through
 * Headroom's primitives and the demo prints what happened.
 *
 * <p>Runs on embedded defaults (no server) unless given {@code --redis redis://host:port}, in which case the rate
 * limiter is shared through Redis. Options: {@code --users N} (default 2000), {@code --abusers N} (default 5),
 * {@code --rounds N} requests per normal user (default 5), {@code --flood N} requests per abusive client (default
 * 2000).
 */
public final class SocialConnectDemo {

    /** The seed's rule: 100 API requests per minute per user. */
    static final RateLimitConfig PER_USER = RateLimitConfig.builder()
            .name("api-per-user")
            .bandwidth(Bandwidth.of(100, Duration.ofMinutes(1)))
            .build();

    private SocialConnectDemo() {
    }

    /**
     * Runs the demo and exits 0.
     *
     * @param args options, see the class documentation
     * @throws Exception when the demo cannot run
     */
    public static void main(String[] args) throws Exception {
        run(Options.parse(args), System.out);
    }

    /**
     * Runs the demo, printing the report to {@code out}.
     *
     * @param options what to run
     * @param out where the report goes
     * @return the report's figures, for tests
     * @throws InterruptedException when interrupted
     */
    static Report run(Options options, PrintStream out) throws InterruptedException {
        RedisClient client = null;
        StatefulRedisConnection<String, String> connection = null;
        try {
            RateLimiter perUser;
            String backend;
            if (options.redisUri() == null) {
                perUser = RateLimiter.inMemory(PER_USER);
                backend = "embedded (in memory, no server)";
            } else {
                client = RedisClient.create(options.redisUri());
                connection = client.connect();
                perUser = RedisRateLimiter.create(RedisBackend.of(connection), PER_USER, RedisOptions.builder()
                        .keyPrefix("social-connect:" + System.nanoTime() + ":")
                        .timeout(Duration.ofMillis(500))
                        .build());
                backend = "Redis at " + options.redisUri();
            }
            LatencyRecorder latency = new LatencyRecorder(2_000_000);
            ApiGateway gateway = new ApiGateway(perUser, latency);
            long start = System.nanoTime();
            TrafficSimulator.Tally tally = new TrafficSimulator(gateway, options.users(), options.abusers(),
                    options.rounds(), options.flood(), 42).run();
            double seconds = (System.nanoTime() - start) / 1e9;
            // the flooder regains one permit every 600 ms, so on a slow backend the first retry may pass:
            // keep flooding (at most twice more) to show what a flooding client actually gets
            ApiGateway.Response sample = gateway.handle("abuser-0");
            for (int retry = 0; retry < 2 && sample.status() == 200; retry++) {
                sample = gateway.handle("abuser-0");
            }
            Report report = new Report(tally.normalAdmitted.sum(), tally.normalDenied.sum(),
                    tally.abusiveAdmitted.sum(), tally.abusiveDenied.sum(), latency.percentilesMicros(50, 99, 99.9),
                    sample.status(), sample.headers());
            print(out, backend, options, report, latency.count(), seconds);
            SocialFeeds.run(out, java.time.Clock.systemUTC()); // cursor pagination: chat/member lists, stories
            CachedProfiles.runDemo(client, options.users(), out); // cache-aside: hit rate, backend reads saved
            UnreadCounts.demo(connection, out); // unread counts per chat member on a sharded counter
            PushNotifications.demo(out); // batched, collapsed push notifications for a busy chat
            ChatPresence.demo(client, out); // online dots, typing indicators, login sessions
            PeopleSearch.run(out); // discovery: fuzzy, geo and interest-ranked people search
            return report;
        } finally {
            if (connection != null) {
                connection.close();
            }
            if (client != null) {
                client.shutdown();
            }
        }
    }

    private static void print(PrintStream out, String backend, Options o, Report r, int decisions, double seconds) {
        out.println("Social Connect demo");
        out.println("  backend: " + backend);
        out.println();
        out.println("Rate limiting (" + PER_USER.bandwidths().get(0).capacity() + " requests/min per user, GCRA)");
        out.printf(Locale.ROOT, "  normal users : %,d users x %d requests -> admitted %,d, denied %,d%n",
                o.users(), o.rounds(), r.normalAdmitted(), r.normalDenied());
        out.printf(Locale.ROOT, "  abusive users: %,d clients x %,d requests -> admitted %,d, denied %,d%n",
                o.abusers(), o.flood(), r.abusiveAdmitted(), r.abusiveDenied());
        out.printf(Locale.ROOT, "  decisions    : %,d in %.2f s; latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us%n",
                decisions, seconds, r.latencyMicros()[0], r.latencyMicros()[1], r.latencyMicros()[2]);
        out.println("  a flooding client now gets HTTP " + r.sampleStatus() + " with:");
        r.sampleHeaders().forEach((k, v) -> out.println("    " + k + ": " + v));
    }

    /** The figures the demo reports. */
    record Report(long normalAdmitted, long normalDenied, long abusiveAdmitted, long abusiveDenied,
                  double[] latencyMicros, int sampleStatus, Map<String, String> sampleHeaders) {
    }

    /** Command-line options. */
    record Options(String redisUri, int users, int abusers, int rounds, int flood) {

        static Options parse(String[] args) {
            String redis = null;
            int users = 2_000;
            int abusers = 5;
            int rounds = 5;
            int flood = 2_000;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--redis" -> redis = require(args[i], value);
                    case "--users" -> users = positive(args[i], value);
                    case "--abusers" -> abusers = positive(args[i], value);
                    case "--rounds" -> rounds = positive(args[i], value);
                    case "--flood" -> flood = positive(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --redis URI, --users N, --abusers N, --rounds N, --flood N");
                }
                i++;
            }
            return new Options(redis, users, abusers, rounds, flood);
        }

        private static String require(String option, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static int positive(String option, String value) {
            int n = Integer.parseInt(require(option, value));
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, was " + n);
            }
            return n;
        }
    }
}
