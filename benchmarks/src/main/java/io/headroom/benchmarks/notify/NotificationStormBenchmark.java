package io.headroom.benchmarks.notify;

import io.headroom.fcm.FcmOptions;
import io.headroom.fcm.FcmPushProvider;
import io.headroom.notify.DispatchConfig;
import io.headroom.notify.Notification;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.testkit.FcmEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A chat storm: 100 members, a burst of 10 messages in one chat, each message notifying the 99 other members
 * (990 notifications per operation), sent to {@link FcmEmulator} over real loopback HTTP.
 *
 * <ul>
 *   <li>{@code headroom}: a fresh {@link NotificationDispatcher} per storm (so per-recipient rate state starts
 *       empty), collapse key = the chat, {@link FcmPushProvider} with 16 concurrent requests; the burst ends with
 *       {@code flush()} and the dispatcher is closed (drained) before the operation ends.</li>
 *   <li>{@code naive}: what a user hand-rolls: one {@code send} per notification on a 16-thread
 *       {@link ExecutorService}, each blocking on one FCM request (the same JDK client and JSON), waiting for
 *       all.</li>
 * </ul>
 * Score: milliseconds per storm. At the end of each trial the forked JVM prints the emulator's HTTP requests and
 * accepted pushes per 1000 chat messages ({@code STORM ...} lines), which {@code NOTES-notify.md} records.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 3)
public class NotificationStormBenchmark {

    static final int MEMBERS = 100;
    static final int BURST = 10;

    /** Emulated FCM answer latency in milliseconds. */
    @Param({"0", "5"})
    public int latencyMs;

    FcmEmulator emulator;
    FcmPushProvider fcm;
    ExecutorService naivePool;
    List<String> tokens;
    long ops;
    long messages;

    @Setup(Level.Trial)
    public void start() {
        emulator = FcmEmulator.start("bench");
        emulator.latency(Duration.ofMillis(latencyMs));
        fcm = FcmPushProvider.create(FcmOptions.builder("bench", () -> "bench-token")
                .endpoint(emulator.endpoint()).maxConcurrentRequests(16).build());
        naivePool = Executors.newFixedThreadPool(16);
        tokens = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
            tokens.add("device-token-of-member-" + m);
        }
    }

    @Setup(Level.Iteration)
    public void resetCounts() {
        emulator.reset();
        emulator.latency(Duration.ofMillis(latencyMs));
        ops = 0;
        messages = 0;
    }

    @TearDown(Level.Iteration)
    public void report() {
        int requests = emulator.requests();
        long pushes = emulator.received().size();
        long represented = emulator.received().stream().mapToLong(FcmEmulator.Received::collapsedCount).sum();
        System.out.printf("STORM latencyMs=%d messages=%d providerHttpRequestsPer1000Messages=%.1f "
                        + "pushesDeliveredPer1000Messages=%.1f notificationsRepresentedPer1000Messages=%.1f%n",
                latencyMs, messages, 1000.0 * requests / messages, 1000.0 * pushes / messages,
                1000.0 * represented / messages);
    }

    @TearDown(Level.Trial)
    public void stop() {
        naivePool.shutdownNow();
        fcm.close();
        emulator.close();
    }

    private Notification notification(int member, int message) {
        return Notification.to(tokens.get(member)).collapseKey("chat:42").title("Group chat")
                .body("message " + message).data("chatId", "42").build();
    }

    @Benchmark
    public long headroom() {
        NotificationDispatcher d = NotificationDispatcher.inMemory(DispatchConfig.builder().name("storm")
                .collapseWindow(Duration.ofSeconds(2)).maxConcurrentBatches(4).build(), fcm);
        for (int msg = 0; msg < BURST; msg++) {
            int sender = msg % MEMBERS;
            for (int m = 0; m < MEMBERS; m++) {
                if (m != sender) {
                    d.submit(notification(m, msg));
                }
            }
        }
        d.flush();
        d.close();
        ops++;
        messages += BURST;
        return d.stats().delivered();
    }

    @Benchmark
    public long naive() throws Exception {
        List<Future<?>> sends = new ArrayList<>(BURST * MEMBERS);
        for (int msg = 0; msg < BURST; msg++) {
            int sender = msg % MEMBERS;
            for (int m = 0; m < MEMBERS; m++) {
                if (m != sender) {
                    Notification n = notification(m, msg);
                    sends.add(naivePool.submit(() -> fcm.sendBatch(List.of(n)).toCompletableFuture().join()));
                }
            }
        }
        for (Future<?> f : sends) {
            f.get();
        }
        ops++;
        messages += BURST;
        return sends.size();
    }
}
