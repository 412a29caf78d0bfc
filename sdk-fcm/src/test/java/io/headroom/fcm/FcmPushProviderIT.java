package io.headroom.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.notify.FailureReason;
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

    private static FailureReason reason(SendResult r) {
        return r instanceof SendResult.Failed f ? f.reason() : null;
    }

    @Test
    void mapsFcmErrorsToTypedReasonsAndBlamesTheTokenOnlyWhenFcmNamesIt() {
        EMULATOR.unregister("gone");
        EMULATOR.invalidate("bad");
        List<SendResult> r = send(Notification.to("gone").build(), Notification.to("bad").build(),
                Notification.to("ok").build());
        assertThat(reason(r.get(0))).isEqualTo(FailureReason.TOKEN_INVALID);
        assertThat(((SendResult.Failed) r.get(0)).detail()).startsWith("UNREGISTERED");
        assertThat(reason(r.get(1))).isEqualTo(FailureReason.TOKEN_INVALID);
        assertThat(r.get(2)).isInstanceOf(SendResult.Delivered.class);

        // every error class the emulator injects, read the way FCM means it
        for (FcmEmulator.Fault f : FcmEmulator.Fault.values()) {
            EMULATOR.fault("f-" + f, f, 1);
            assertThat(reason(send(Notification.to("f-" + f).build()).get(0))).as("%s", f).isEqualTo(f.reason());
        }

        EMULATOR.quotaExceeded(1, Duration.ofSeconds(7));
        assertThat(send(Notification.to("ok").build())).singleElement().isInstanceOfSatisfying(SendResult.Failed.class,
                f -> {
                    assertThat(f.reason()).isEqualTo(FailureReason.QUOTA_EXCEEDED);
                    assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
        EMULATOR.unavailable(1);
        assertThat(reason(send(Notification.to("ok").build()).get(0))).isEqualTo(FailureReason.UNAVAILABLE);
        EMULATOR.internalError(1);
        assertThat(reason(send(Notification.to("ok").build()).get(0))).isEqualTo(FailureReason.UNAVAILABLE);
        EMULATOR.down();
        assertThat(reason(send(Notification.to("ok").build()).get(0))).isEqualTo(FailureReason.UNAVAILABLE);
        EMULATOR.up();
        assertThat(send(Notification.to("ok").build()).get(0)).isInstanceOf(SendResult.Delivered.class);

        // a wrong project id is a 404 without UNREGISTERED: the project is broken, not the token
        FcmPushProvider wrongProject = FcmPushProvider.create(FcmOptions.builder("no-such-project", () -> "t")
                .endpoint(EMULATOR.endpoint()).build());
        assertThat(reason(wrongProject.sendBatch(List.of(Notification.to("ok").build())).toCompletableFuture().join()
                .get(0))).isEqualTo(FailureReason.CREDENTIALS);
    }

    @Test
    void classifiesByStatusAndCodeNeverBlamingTokensForProjectOrPayloadErrors() {
        assertThat(FcmPushProvider.classify(400, "INVALID_ARGUMENT", false)).isEqualTo(FailureReason.MESSAGE_INVALID);
        assertThat(FcmPushProvider.classify(400, "INVALID_ARGUMENT", true)).isEqualTo(FailureReason.TOKEN_INVALID);
        assertThat(FcmPushProvider.classify(401, "THIRD_PARTY_AUTH_ERROR", false)).isEqualTo(FailureReason.CREDENTIALS);
        assertThat(FcmPushProvider.classify(403, "PERMISSION_DENIED", false)).isEqualTo(FailureReason.CREDENTIALS);
        assertThat(FcmPushProvider.classify(401, "HTTP_401", false)).isEqualTo(FailureReason.CREDENTIALS);
        assertThat(FcmPushProvider.classify(404, "NOT_FOUND", false)).isEqualTo(FailureReason.CREDENTIALS);
        assertThat(FcmPushProvider.classify(404, "UNREGISTERED", false)).isEqualTo(FailureReason.TOKEN_INVALID);
        assertThat(FcmPushProvider.classify(413, "HTTP_413", false)).isEqualTo(FailureReason.MESSAGE_INVALID);
        assertThat(FcmPushProvider.classify(429, "RESOURCE_EXHAUSTED", false)).isEqualTo(FailureReason.QUOTA_EXCEEDED);
        assertThat(FcmPushProvider.classify(502, "HTTP_502", false)).isEqualTo(FailureReason.UNAVAILABLE);
    }

    @Test
    void timeoutsAndRefusedConnectionsAreRetryable() {
        EMULATOR.latency(Duration.ofMillis(800));
        FcmPushProvider impatient = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> "t")
                .endpoint(EMULATOR.endpoint()).requestTimeout(Duration.ofMillis(100)).build());
        SendResult r = impatient.sendBatch(List.of(Notification.to("x").build())).toCompletableFuture().join().get(0);
        assertThat(r).isInstanceOfSatisfying(SendResult.Failed.class,
                rt -> assertThat(rt.detail()).startsWith("TIMEOUT"));

        FcmPushProvider nowhere = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> "t")
                .endpoint(URI.create("http://127.0.0.1:1")).build());
        SendResult refused = nowhere.sendBatch(List.of(Notification.to("x").build())).toCompletableFuture().join().get(0);
        assertThat(refused).isInstanceOfSatisfying(SendResult.Failed.class,
                rt -> assertThat(rt.detail()).startsWith("IO"));

        FcmPushProvider noToken = FcmPushProvider.create(FcmOptions.builder("proj-1", () -> {
            throw new IllegalStateException("no credentials");
        }).endpoint(EMULATOR.endpoint()).build());
        assertThat(reason(noToken.sendBatch(List.of(Notification.to("x").build())).toCompletableFuture().join().get(0)))
                .isEqualTo(FailureReason.CREDENTIALS);
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
        assertThat(r.subList(1, 3)).allSatisfy(x -> assertThat(x).isInstanceOfSatisfying(SendResult.Failed.class,
                rt -> assertThat(rt.reason()).isEqualTo(FailureReason.CLOSED)));
        assertThat(EMULATOR.received()).extracting(FcmEmulator.Received::token).containsExactly("close-1");
        assertThatThrownBy(() -> one.sendBatch(List.of(Notification.to("x").build())))
                .isInstanceOf(io.headroom.ClosedException.class);
    }
}
