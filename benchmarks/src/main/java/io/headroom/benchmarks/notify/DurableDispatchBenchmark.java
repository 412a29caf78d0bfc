package io.headroom.benchmarks.notify;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.DispatchListener;
import io.headroom.notify.Notification;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisDurableOptions;
import io.headroom.redis.RedisNotificationDispatcher;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import io.headroom.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable queue on a real redis-server (started by the test kit) to a no-op provider.
 *
 * <ul>
 *   <li>{@code throughput}: submit 1 000 notifications (each an {@code XADD} round trip), then flush (read,
 *       send, {@code XACK}); score: notifications per second, end to end;</li>
 *   <li>{@code endToEndLatency}: one notification from {@code submit} until the provider's delivery is reported
 *       ({@code onDelivered}), with a 1 ms poll interval; sample mode gives p50/p99.</li>
 * </ul>
 * The "worker killed" figure of the issue is not measured here (the {@code RedisDurableQueueIT} covers the
 * behaviour; its cost is the claim idle time, 30 s by default, by design).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class DurableDispatchBenchmark {

    static final int PER_INVOCATION = 1_000;

    RedisServer server;
    RedisClient client;
    StatefulRedisConnection<String, String> connection;
    RedisNotificationDispatcher dispatcher;
    List<Notification> notifications;
    final ConcurrentHashMap<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    final AtomicLong seq = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        server = RedisServer.start();
        client = RedisClient.create(RedisURI.create(server.uri()));
        connection = client.connect();
        PushProvider noop = batch -> {
            List<SendResult> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(SendResult.delivered(""));
            }
            return CompletableFuture.completedFuture(out);
        };
        dispatcher = RedisNotificationDispatcher.create(RedisBackend.of(connection), DispatchConfig.builder()
                .name("bench").collapseWindow(Duration.ZERO).maxBatchDelay(Duration.ZERO)
                .perRecipientRate(Bandwidth.of(1_000_000, Duration.ofSeconds(1)))
                .providerRate(Bandwidth.of(1_000_000, Duration.ofSeconds(1)))
                .bufferCapacity(1_000_000).listener(new DispatchListener() {
                    @Override
                    public void onDelivered(Notification n) {
                        CompletableFuture<Void> f = waiting.remove(n.title());
                        if (f != null) {
                            f.complete(null);
                        }
                    }
                }).build(), noop, RedisDurableOptions.builder().keyPrefix("bench:" + UUID.randomUUID() + ":")
                .pollInterval(Duration.ofMillis(1)).build());
        notifications = new ArrayList<>(PER_INVOCATION);
        for (int i = 0; i < PER_INVOCATION; i++) {
            notifications.add(Notification.to("device-token-" + i).title("Chat").body("message " + i).build());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        dispatcher.close();
        connection.close();
        client.shutdown();
        server.close();
    }

    /**
     * Submits {@value #PER_INVOCATION} notifications durably and flushes them through the provider.
     *
     * @return the pending count after the flush
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(PER_INVOCATION)
    public int throughput() {
        for (Notification n : notifications) {
            dispatcher.submit(n);
        }
        dispatcher.flush();
        return dispatcher.stats().pending();
    }

    /**
     * One notification from submit to its reported delivery.
     *
     * @throws Exception when it is not delivered within 10 s
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void endToEndLatency() throws Exception {
        String id = "m" + seq.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.put(id, done);
        dispatcher.submit(Notification.to("latency-device").title(id).build());
        done.get(10, TimeUnit.SECONDS);
    }
}
