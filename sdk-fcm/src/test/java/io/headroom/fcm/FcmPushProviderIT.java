package io.headroom.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.notify.Notification;
import io.headroom.spi.SendResult;
import io.headroom.testkit.FcmEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FcmPushProvider} against the FCM emulator: request shape, error mapping, Retry-After, concurrency. */
class FcmPushProviderIT {

    static final FcmEmulator EMULATOR = FcmEmulator.start("proj-1");
    final AtomicInteger tokenCalls = new AtomicInteger();
    final FcmPushProvider provider = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> {
        tokenCalls.incrementAndGet();
        return "ya29.secret";
    }).endpoint(EMULATOR.endpoint()).maxConcurrentRequests(2).build());

    @BeforeEach
    void reset() {
        EMULATOR.reset();
    }

    @AfterAll
    static void stop() {
        EMULATOR.close();
    }

    private List<SendResult> send(Notification... ns) {
        return provider.sendBatch(List.of(ns)).toCompletableFuture().join();
    }

    @Test
    void sendsTheFcmV1MessageShapeWithBearerToken() {
        Notification n = Notification.to("tok-1").collapseKey("chat:7").title("Ann \"quoted\"").body("hi\nthere")
                .data("chatId", "7").priority(Notification.Priority.NORMAL).ttl(Duration.ofMinutes(5)).build()
                .withCollapsedCount(3);
        List<SendResult> r = send(n);
        assertThat(r).singleElement().isInstanceOfSatisfying(SendResult.Delivered.class,
                d -> assertThat(d.messageId()).startsWith("projects/proj-1/messages/"));
        FcmEmulator.Received got = EMULATOR.received().get(0);
        assertThat(got.token()).isEqualTo("tok-1");
        assertThat(got.collapseKey()).isEqualTo("chat:7");
        assertThat(got.title()).isEqualTo("Ann \"quoted\"");
        assertThat(got.body()).isEqualTo("hi\nthere");
        assertThat(got.data()).containsEntry("chatId", "7").containsEntry("headroom_collapsed_count", "3");
        assertThat(got.collapsedCount()).isEqualTo(3);
        assertThat(got.priority()).isEqualTo("NORMAL");
        assertThat(got.ttl()).isEqualTo("300s");
        assertThat(got.authorization()).isEqualTo("Bearer ya29.secret");
        assertThat(tokenCalls).hasValue(1);
    }

    @Test
    void mapsFcmErrorsToPermanentAndRetryableResults() {
        EMULATOR.unregister("gone");
        EMULATOR.invalidate("bad");
        List<SendResult> r = send(Notification.to("gone").build(), Notification.to("bad").build(),
                Notification.to("ok").build());
        assertThat(r.get(0)).isEqualTo(SendResult.permanent("UNREGISTERED"));
        assertThat(r.get(1)).isEqualTo(SendResult.permanent("INVALID_ARGUMENT"));
        assertThat(r.get(2)).isInstanceOf(SendResult.Delivered.class);

        EMULATOR.quotaExceeded(1, Duration.ofSeconds(7));
        assertThat(send(Notification.to("ok").build()))
                .containsExactly(SendResult.retryable(Duration.ofSeconds(7), "QUOTA_EXCEEDED"));
        EMULATOR.unavailable(1);
        assertThat(send(Notification.to("ok").build()))
                .containsExactly(SendResult.retryable(Duration.ZERO, "UNAVAILABLE"));
        EMULATOR.internalError(1);
        assertThat(send(Notification.to("ok").build()))
                .containsExactly(SendResult.retryable(Duration.ZERO, "INTERNAL"));
        EMULATOR.down();
        assertThat(send(Notification.to("ok").build()).get(0)).isInstanceOf(SendResult.Retryable.class);
        EMULATOR.up();
        assertThat(send(Notification.to("ok").build()).get(0)).isInstanceOf(SendResult.Delivered.class);
    }

    @Test
    void timeoutsAndRefusedConnectionsAreRetryable() {
        EMULATOR.latency(Duration.ofMillis(800));
        FcmPushProvider impatient = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> "t")
                .endpoint(EMULATOR.endpoint()).requestTimeout(Duration.ofMillis(100)).build());
        SendResult r = impatient.sendBatch(List.of(Notification.to("x").build())).toCompletableFuture().join().get(0);
        assertThat(r).isInstanceOfSatisfying(SendResult.Retryable.class,
                rt -> assertThat(rt.reason()).startsWith("TIMEOUT"));

        FcmPushProvider nowhere = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> "t")
                .endpoint(URI.create("http://127.0.0.1:1")).build());
        SendResult refused = nowhere.sendBatch(List.of(Notification.to("x").build())).toCompletableFuture().join().get(0);
        assertThat(refused).isInstanceOfSatisfying(SendResult.Retryable.class,
                rt -> assertThat(rt.reason()).startsWith("IO"));

        FcmPushProvider noToken = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> {
            throw new IllegalStateException("no credentials");
        }).endpoint(EMULATOR.endpoint()).build());
        assertThat(noToken.sendBatch(List.of(Notification.to("x").build())).toCompletableFuture().join().get(0))
                .isInstanceOf(SendResult.Retryable.class);
        assertThat(EMULATOR.requests()).isEqualTo(1);
    }

    @Test
    void aLargeBatchIsSentInFullWithBoundedConcurrency() {
        EMULATOR.latency(Duration.ofMillis(5));
        Notification[] many = new Notification[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = Notification.to("tok-" + i).title("m" + i).build();
        }
        List<SendResult> r = send(many);
        assertThat(r).hasSize(40).allSatisfy(x -> assertThat(x).isInstanceOf(SendResult.Delivered.class));
        // (a request the timeout test gave up on may still land here: count only this test's tokens)
        assertThat(EMULATOR.received()).extracting(FcmEmulator.Received::token).filteredOn(t -> t.startsWith("tok-"))
                .hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void closeAnswersQueuedNotificationsRetryableAndRejectsLaterBatches() {
        EMULATOR.latency(Duration.ofMillis(300));
        FcmPushProvider one = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> "t")
                .endpoint(EMULATOR.endpoint()).maxConcurrentRequests(1).build());
        var answer = one.sendBatch(List.of(Notification.to("close-1").build(), Notification.to("close-2").build(),
                Notification.to("close-3").build())).toCompletableFuture();
        one.close();
        List<SendResult> r = answer.join();
        assertThat(r.get(0)).isInstanceOf(SendResult.Delivered.class); // already sent: it finishes
        assertThat(r.subList(1, 3)).allSatisfy(x -> assertThat(x).isInstanceOfSatisfying(SendResult.Retryable.class,
                rt -> assertThat(rt.reason()).startsWith("CLOSED")));
        assertThat(EMULATOR.received()).extracting(FcmEmulator.Received::token).containsExactly("close-1");
        assertThatThrownBy(() -> one.sendBatch(List.of(Notification.to("x").build())))
                .isInstanceOf(io.headroom.ClosedException.class);
    }
}
