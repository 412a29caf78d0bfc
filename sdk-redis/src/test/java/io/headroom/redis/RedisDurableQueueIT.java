package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.DispatchListener;
import io.headroom.notify.FailureReason;
import io.headroom.notify.Notification;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.InProcessPushFixture;
import io.headroom.testkit.contract.PushFixture;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only a durable queue must survive, on a real redis-server and real time (short idle times; every wait is
 * bounded and polls a condition, nothing asserts a duration): a worker dying with a batch in flight, a dedup id
 * submitted through two workers, a spent retry budget (dead letter, replay), a Redis restart (append-only file)
 * with entries pending under a worker that went away, and trimming that respects another consumer group.
 */
class RedisDurableQueueIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisURI.create(RedisServer.shared().uri()));
        connection = client.connect();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    private final String prefix = "durable:" + UUID.randomUUID() + ":";
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    private DispatchConfig.Builder config() {
        return DispatchConfig.builder().name("durable").collapseWindow(Duration.ZERO).maxBatchDelay(Duration.ZERO)
                .closeTimeout(Duration.ofMillis(200)).listener(new DispatchListener() {
                    @Override
                    public void onFailed(Notification n, FailureReason reason, String detail) {
                        failures.add(n.token() + " " + reason + " " + detail);
                    }
                });
    }

    private RedisNotificationDispatcher worker(String consumer, DispatchConfig config, PushProvider provider) {
        return RedisNotificationDispatcher.create(RedisBackend.of(connection), config, provider,
                RedisDurableOptions.builder().keyPrefix(prefix).consumer(consumer).claimIdle(Duration.ofMillis(300))
                        .pollInterval(Duration.ofMillis(20)).build());
    }

    private static void await(String what, BooleanSupplier condition) {
        for (int k = 0; k < 500; k++) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    private static long pushedTo(PushFixture fx, String token) {
        return fx.accepted().stream().filter(p -> p.token().equals(token)).count();
    }

    @Test
    void aDeadWorkersBatchIsClaimedAndADedupIdIsNeverPushedTwice() {
        PushFixture fx = new InProcessPushFixture();
        List<Notification> hung = Collections.synchronizedList(new ArrayList<>());
        // worker A sends into a provider that never answers, then dies with its batch in flight
        PushProvider neverAnswers = batch -> {
            hung.addAll(batch);
            return new CompletableFuture<List<SendResult>>();
        };
        RedisNotificationDispatcher a = worker("a", config().maxConcurrentBatches(16).build(), neverAnswers);
        try {
            for (int i = 0; i < 6; i++) {
                a.submit(Notification.to("t" + i).title("m" + i).dedupId(i < 3 ? "msg-" + i : null).build());
            }
            await("worker a sent its batch", () -> hung.size() == 6);
        } finally {
            a.close(); // as good as dead: its entries stay pending under its name, nothing refreshes them
        }

        RedisNotificationDispatcher b = worker("b", config().build(), fx.provider());
        try {
            await("b claimed a's entries", () -> fx.accepted().size() == 3 && b.deadLetterCount() == 3);
            // without a dedup id: sent again (at least once); with one: a may have pushed it, so dead-lettered
            for (int i = 3; i < 6; i++) {
                assertThat(pushedTo(fx, "t" + i)).isEqualTo(1);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(pushedTo(fx, "t" + i)).isZero();
            }
            assertThat(failures).hasSize(3).allSatisfy(f -> assertThat(f).contains("worker a died while sending it"));
            // an operator who knows a never reached FCM replays them: each is then pushed exactly once
            assertThat(b.replayDeadLetters(10)).isEqualTo(3);
            await("replayed letters delivered", () -> fx.accepted().size() == 6);
            for (int i = 0; i < 6; i++) {
                assertThat(pushedTo(fx, "t" + i)).isEqualTo(1);
            }
            assertThat(b.deadLetterCount()).isZero();
        } finally {
            b.close();
        }
    }

    @Test
    void aDedupIdSubmittedThroughTwoWorkersIsAcceptedOnce() {
        PushFixture fx = new InProcessPushFixture();
        RedisNotificationDispatcher a = worker("a", config().build(), fx.provider());
        RedisNotificationDispatcher b = worker("b", config().build(), fx.provider());
        try {
            assertThat(a.submit(Notification.to("phone").title("hi").dedupId("chat-7:msg-1").build()).duplicate())
                    .isFalse();
            assertThat(b.submit(Notification.to("phone").title("hi").dedupId("chat-7:msg-1").build()).duplicate())
                    .isTrue();
            assertThat(b.submit(Notification.to("tablet").title("hi").dedupId("chat-7:msg-1").build()).duplicate())
                    .isFalse();
            await("both delivered", () -> fx.accepted().size() == 2);
            a.flush();
            b.flush();
            assertThat(pushedTo(fx, "phone")).isEqualTo(1);
            assertThat(b.stats().duplicates()).isEqualTo(1);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aSpentRetryBudgetIsDeadLetteredWithItsErrorAndReplays() {
        PushFixture fx = new InProcessPushFixture();
        fx.down();
        RedisNotificationDispatcher d = worker("solo", config().maxAttempts(2).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(10)).build(), fx.provider());
        try {
            d.submit(Notification.to("x").title("1").build());
            d.submit(Notification.to("y").title("2").build());
            await("dead-lettered", () -> d.deadLetterCount() == 2);
            List<StreamMessage<String, String>> letters = connection.sync().xrange(
                    new NotifyStreamKeys(prefix, "durable", 1).deadLetters(0), io.lettuce.core.Range.create("-", "+"));
            assertThat(letters).allSatisfy(m -> {
                assertThat(m.getBody()).containsEntry("x:reason", "UNAVAILABLE");
                assertThat(m.getBody().get("x:error")).contains("retry budget of 2");
            });
            assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f).contains("dead-lettered"));
            fx.up();
            assertThat(d.replayDeadLetters(10)).isEqualTo(2);
            await("replayed", () -> fx.accepted().size() == 2);
        } finally {
            d.close();
        }
    }

    @Test
    void acceptedNotificationsSurviveARedisRestartAndAreDeliveredOnce() throws Exception {
        // a private server with an append-only file (fsync always) in a directory that outlives it
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("headroom-durable-aof-");
        RedisServer.Options aof = RedisServer.Options.defaults().withExtraArgs("--appendonly", "yes",
                "--appendfsync", "always", "--dir", dir.toString());
        PushFixture fx = new InProcessPushFixture();
        fx.down();
        RedisServer first = RedisServer.start(aof);
        RedisClient c1 = RedisClient.create(RedisURI.create(first.uri()));
        StatefulRedisConnection<String, String> conn1 = c1.connect();
        RedisServer second = null;
        RedisClient c2 = null;
        try {
            RedisNotificationDispatcher a = RedisNotificationDispatcher.create(RedisBackend.of(conn1),
                    config().maxAttempts(100).build(), fx.provider(), RedisDurableOptions.builder().keyPrefix(prefix)
                            .consumer("a").pollInterval(Duration.ofMillis(20)).timeout(Duration.ofMillis(500))
                            .build());
            for (int i = 0; i < 5; i++) {
                a.submit(Notification.to("t" + i).title("m" + i).build());
            }
            await("a read them", () -> a.stats().sent() >= 5);
            first.stop(); // Redis goes away with the entries pending under worker a
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                    a.submit(Notification.to("late").build())))
                    .isInstanceOf(io.headroom.notify.ProviderUnavailableException.class)
                    .hasMessageContaining("Redis failed to add the notification");
            assertThat(a.submitAsync(Notification.to("late").build()).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(io.headroom.notify.ProviderUnavailableException.class);
            a.close();

            second = RedisServer.start(aof); // same directory: the stream and its group come back from the AOF
            c2 = RedisClient.create(RedisURI.create(second.uri()));
            StatefulRedisConnection<String, String> conn2 = c2.connect();
            fx.up();
            RedisNotificationDispatcher b = worker2(conn2, fx.provider());
            try {
                await("b delivered what a had accepted", () -> fx.accepted().size() == 5);
                b.flush();
                for (int i = 0; i < 5; i++) {
                    assertThat(pushedTo(fx, "t" + i)).isEqualTo(1);
                }
                assertThat(pushedTo(fx, "late")).isZero();
            } finally {
                b.close();
                conn2.close();
            }
        } finally {
            conn1.close();
            c1.shutdown();
            if (c2 != null) {
                c2.shutdown();
            }
            if (second != null) {
                second.close();
            }
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private RedisNotificationDispatcher worker2(StatefulRedisConnection<String, String> conn, PushProvider p) {
        return RedisNotificationDispatcher.create(RedisBackend.of(conn), config().build(), p,
                RedisDurableOptions.builder().keyPrefix(prefix).consumer("b").claimIdle(Duration.ofMillis(300))
                        .pollInterval(Duration.ofMillis(20)).build());
    }

    @Test
    void theStreamIsTrimmedOnlyBelowWhatEveryGroupAcknowledged() {
        PushFixture fx = new InProcessPushFixture();
        RedisNotificationDispatcher d = worker("solo", config().build(), fx.provider());
        String stream = new NotifyStreamKeys(prefix, "durable", 1).stream(0);
        RedisCommands<String, String> redis = connection.sync();
        redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "audit");
        try {
            for (int i = 0; i < 5; i++) {
                d.submit(Notification.to("t" + i).title("m" + i).build());
            }
            await("delivered", () -> fx.accepted().size() == 5);
            @SuppressWarnings("unchecked")
            List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from("audit", "c1"),
                    XReadArgs.Builder.count(10), XReadArgs.StreamOffset.lastConsumed(stream));
            assertThat(read).hasSize(5);
            redis.xack(stream, "audit", read.get(0).getId(), read.get(1).getId());
            await("trimmed to the audit group's oldest unacknowledged", () -> redis.xlen(stream) == 3);
            assertThat(redis.xrange(stream, io.lettuce.core.Range.create("-", "+")).get(0).getId())
                    .isEqualTo(read.get(2).getId());
        } finally {
            d.close();
        }
    }
}
