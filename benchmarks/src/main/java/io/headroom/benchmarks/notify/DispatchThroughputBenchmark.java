package io.headroom.benchmarks.notify;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.Notification;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded dispatcher's own cost: submit → collapse → batch → a no-op provider that answers every
 * notification delivered at once. One invocation submits {@value #PER_INVOCATION} pre-built notifications
 * (2 000 device tokens) and flushes; the score is notifications per second (target: 200 000/s).
 *
 * <ul>
 *   <li>{@code collapse=none}: no collapse key, every notification is pushed (batches of 500);</li>
 *   <li>{@code collapse=chat}: 5 notifications per (token, chat) collapse into one push.</li>
 * </ul>
 * The per-recipient and provider-wide rates are set far above the offered load so they never defer (they are
 * still consulted for every send, as in production); the default provider-wide quota (600 000/min) would
 * otherwise be the bottleneck, by design.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class DispatchThroughputBenchmark {

    static final int PER_INVOCATION = 10_000;
    static final int TOKENS = 2_000;

    /** Whether notifications collapse. */
    @Param({"none", "chat"})
    public String collapse;

    NotificationDispatcher dispatcher;
    List<Notification> notifications;

    @Setup(Level.Trial)
    public void start() {
        PushProvider noop = batch -> {
            List<SendResult> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(SendResult.delivered(""));
            }
            return CompletableFuture.completedFuture(out);
        };
        dispatcher = NotificationDispatcher.inMemory(DispatchConfig.builder().name("bench")
                .perRecipientRate(Bandwidth.of(1_000_000, Duration.ofSeconds(1)))
                .providerRate(Bandwidth.of(1_000_000, Duration.ofSeconds(1)))
                .bufferCapacity(1_000_000).build(), noop);
        notifications = new ArrayList<>(PER_INVOCATION);
        for (int i = 0; i < PER_INVOCATION; i++) {
            notifications.add(Notification.to("device-token-" + (i % TOKENS))
                    .collapseKey("chat".equals(collapse) ? "chat:" + (i % TOKENS) : null)
                    .title("Chat").body("message " + i).build());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        dispatcher.close();
    }

    /**
     * Submits {@value #PER_INVOCATION} notifications and flushes them to the provider.
     *
     * @return the pending count after the flush (0), so nothing is optimized away
     */
    @Benchmark
    @OperationsPerInvocation(PER_INVOCATION)
    public int submitCollapseBatch() {
        for (Notification n : notifications) {
            dispatcher.submit(n);
        }
        dispatcher.flush();
        return dispatcher.stats().pending();
    }
}
