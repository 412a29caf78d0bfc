package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.BackendUnavailableException;
import io.headroom.counter.CounterBufferFullException;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounterMetrics;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Redis counter promises beyond the contract: one round trip per increment, the key layout and TTL, a
 * write applied after its timeout counted once, resets retried with their token, the bounded outage buffer.
 */
class RedisShardedCounterIT {

    private FaultProxy proxy;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> admin;
    private RedisBackend backend;

    @BeforeEach
    void connect() {
        RedisServer server = RedisServer.shared();
        proxy = FaultProxy.start(server.host(), server.port());
        client = RedisClient.create(RedisURI.create(proxy.uri()));
        connection = client.connect();
        admin = RedisClient.create(server.uri()).connect().sync();
        backend = RedisBackend.of(connection);
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
        proxy.close();
    }

    private RedisShardedCounter counter(CounterConfig config, Duration timeout) {
        return RedisShardedCounter.create(backend, config, RedisOptions.builder()
                .keyPrefix("it:" + UUID.randomUUID() + ":").timeout(timeout).build());
    }

    private static CounterConfig.Builder quickRetries() {
        return CounterConfig.builder().retryBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                int at = line.indexOf("calls=") + 6;
                calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
            }
        }
        return calls;
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void everyIncrementIsExactlyOneRoundTripAndTheKeyHoldsValueAndToken() {
        try (RedisShardedCounter counter = counter(CounterConfig.builder().name("unread").build(),
                Duration.ofSeconds(5))) {
            counter.increment("warm-up", 1); // may load the script once (NOSCRIPT -> EVAL)
            admin.configResetstat();
            for (int i = 0; i < 300; i++) {
                counter.increment("chat:9:user:" + (i % 7), 1);
            }
            Map<String, Long> calls = commandCalls();
            // Redis also counts the commands run inside the script (HGET, HINCRBY, HSET): no round trips
            assertThat(calls).containsEntry("evalsha", 300L).doesNotContainKey("eval");
            assertThat(calls.keySet()).isSubsetOf("evalsha", "hget", "hincrby", "hset", "info", "config",
                    "config|resetstat");
            String key = counter.key("chat:9:user:3", 0);
            assertThat(key).endsWith("counter:unread:{chat%3A9%3Auser%3A3}"); // RedisKeys escapes the delimiters
            assertThat(admin.hkeys(key)).hasSize(2).contains("v").anyMatch(f -> f.startsWith("w:"));
            assertThat(admin.pttl(key)).as("no TTL configured").isEqualTo(-1);
            assertThat(counter.stats().writes()).isEqualTo(301);
        }
    }

    @Test
    void withATtlEveryWriteSetsTheExpiry() {
        try (RedisShardedCounter counter = counter(CounterConfig.builder().ttl(Duration.ofMinutes(10)).build(),
                Duration.ofSeconds(5))) {
            counter.increment("k", 4);
            assertThat(admin.pttl(counter.key("k", 0))).isBetween(590_000L, 600_000L);
            assertThat(counter.reset("k")).isEqualTo(4);
            assertThat(admin.pttl(counter.key("k", 0))).isPositive();
        }
    }

    @Test
    void aWriteAppliedAfterItsTimeoutIsRetriedButCountedOnce() {
        try (RedisShardedCounter counter = counter(quickRetries().build(), Duration.ofMillis(100))) {
            counter.increment("k", 1);
            // every write now reaches Redis and is applied, but its reply comes too late: the client retries
            proxy.latency(Duration.ofMillis(250));
            counter.increment("k", 10);
            counter.increment("k", 100);
            assertThat(counter.stats().pendingIncrements()).isPositive();
            proxy.latency(Duration.ZERO);
            counter.flush();
            assertThat(counter.stats().retries()).as("writes were retried").isPositive();
            assertThat(counter.get("k")).isEqualTo(111);
            assertThat(counter.stats().pendingIncrements()).isZero();
        }
    }

    @Test
    void theScriptsApplyAWriteOrAResetOncePerToken() {
        RedisShardedCounter counter = counter(CounterConfig.ofDefaults(), Duration.ofSeconds(5));
        String[] key = {counter.key("k", 0)};
        // a write and its retry (same writer, same sequence number): applied once
        assertThat(eval(RedisShardedCounter.INCREMENT, key, "w:a", "1", "7", "0")).isEqualTo(1L);
        assertThat(eval(RedisShardedCounter.INCREMENT, key, "w:a", "1", "7", "0")).as("duplicate").isEqualTo(0L);
        assertThat(eval(RedisShardedCounter.INCREMENT, key, "w:b", "1", "5", "0")).as("another writer").isEqualTo(1L);
        assertThat(admin.hget(key[0], "v")).isEqualTo("12");
        // a reset and its retry after another increment: the retry answers what the first took, takes nothing
        assertThat(evalValue(key, "r:a", "9")).isEqualTo("12");
        assertThat(eval(RedisShardedCounter.INCREMENT, key, "w:a", "2", "3", "0")).isEqualTo(1L);
        assertThat(evalValue(key, "r:a", "9")).as("retried reset").isEqualTo("12");
        assertThat(admin.hget(key[0], "v")).isEqualTo("3");
        assertThat(evalValue(key, "r:a", "10")).as("a new reset").isEqualTo("3");
        assertThat(admin.hget(key[0], "v")).isEqualTo("0");
        // HINCRBY refuses to overflow; the script reports it and records nothing
        assertThat(eval(RedisShardedCounter.INCREMENT, key, "w:a", "3", Long.toString(Long.MAX_VALUE), "0"))
                .isEqualTo(1L);
        assertThat(eval(RedisShardedCounter.INCREMENT, key, "w:a", "4", "1", "0")).isEqualTo(-1L);
        assertThat(admin.hget(key[0], "w:a")).isEqualTo("3");
        counter.close();
    }

    private Long eval(io.headroom.redis.internal.LuaScript script, String[] keys, String... args) {
        return backend.<Long>eval(script, io.lettuce.core.ScriptOutputType.INTEGER, keys, args).join();
    }

    private String evalValue(String[] keys, String field, String token) {
        return backend.<String>eval(RedisShardedCounter.RESET, io.lettuce.core.ScriptOutputType.VALUE, keys, field,
                token, "0").join();
    }

    @Test
    void duringAnOutageIncrementsBufferUpToTheBoundThenAreRefusedAndLandAfterwards() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisShardedCounter counter = counter(quickRetries().name("outage").maxPendingIncrements(20).build(),
                Duration.ofMillis(100))) {
            ShardedCounterMetrics.bind(counter, registry);
            counter.increment("k", 1);
            proxy.down();
            for (int i = 0; i < 20; i++) {
                counter.increment(i % 2 == 0 ? "k" : "other", 1); // accepted: buffered for retry
            }
            assertThatThrownBy(() -> counter.increment("k", 1)).isInstanceOf(CounterBufferFullException.class)
                    .hasMessageContaining("outage").hasMessageContaining("\"k\"").hasMessageContaining("20");
            assertThat(registry.get("headroom.counter.pending").tag("counter", "outage").gauge().value())
                    .isEqualTo(20);
            assertThatThrownBy(() -> counter.get("k")).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("cannot read");
            proxy.up();
            eventually(() -> counter.stats().pendingIncrements() == 0, "the buffer drains once Redis is back");
            counter.flush();
            // the circuit breaker may still be half-open for a moment: reads are refused until its probes pass
            eventually(() -> {
                try {
                    return counter.get("k") == 11 && counter.get("other") == 10;
                } catch (BackendUnavailableException stillRecovering) {
                    return false;
                }
            }, "the buffered increments are all applied, once");
            assertThat(registry.get("headroom.counter.retries").functionCounter().count()).isPositive();
            assertThat(registry.get("headroom.counter.writes").functionCounter().count()).isPositive();
            assertThat(registry.get("headroom.counter.shards").gauge().value()).isEqualTo(1);
            // every backend call is timed, by outcome: the writes and reads that timed out, and those that passed
            assertThat(registry.get("headroom.counter.backend.calls").tag("counter", "outage").tag("result", "failure")
                    .timer().count()).isPositive();
            assertThat(registry.get("headroom.counter.backend.calls").tag("counter", "outage").tag("result", "success")
                    .timer().count()).isPositive();
        }
    }

    @Test
    void closingDuringAnOutageReportsWhatIsDropped() {
        RedisShardedCounter counter = counter(quickRetries().flushTimeout(Duration.ofMillis(500)).build(),
                Duration.ofMillis(100));
        proxy.down();
        counter.increment("k", 1);
        counter.increment("k", 2);
        counter.increment("j", 3);
        assertThatThrownBy(counter::close).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("3 accepted increments not durable; they were dropped");
        assertThatThrownBy(() -> counter.increment("k", 1)).isInstanceOf(io.headroom.ClosedException.class);
        proxy.up();
    }

    @Test
    void aResetMakesThisInstancesEarlierIncrementsDurableFirst() throws InterruptedException {
        try (RedisShardedCounter counter = counter(quickRetries().coalescingWindow(Duration.ofMinutes(1)).build(),
                Duration.ofSeconds(5))) {
            counter.increment("k", 1); // written at once (first write of the lane)
            counter.increment("k", 2); // held by the one-minute coalescing window
            counter.increment("k", 3);
            // the first write is asynchronous: on a loaded machine it may still be in flight here
            eventually(() -> counter.stats().pendingIncrements() == 2, "the first write lands, the other two wait");
            assertThat(counter.reset("k")).isEqualTo(6);
            assertThat(counter.get("k")).isZero();
        }
    }
}
