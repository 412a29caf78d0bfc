package io.headroom.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Typed failures: who is blamed, what pauses the provider, the provider-wide quota, the breaker, validation. */
class DispatcherFailureHandlingTest {

    final NotifyTestClock clock = new NotifyTestClock();
    final List<String> events = new ArrayList<>();
    final List<Long> sendTimes = new ArrayList<>();

    final DispatchListener listener = new DispatchListener() {
        @Override
        public void onDelivered(Notification n) {
            events.add("delivered " + n.token());
        }

        @Override
        public void onTokenInvalid(Notification n, String detail) {
            events.add("tokenInvalid " + n.token());
        }

        @Override
        public void onFailed(Notification n, FailureReason reason, String detail) {
            events.add("failed " + n.token() + " " + reason);
        }

        @Override
        public void onProviderPaused(FailureReason reason, Duration pause, String detail) {
            events.add("paused " + reason + " " + pause.toMillis());
        }
    };

    PushProvider answering(Function<Notification, SendResult> answer) {
        return batch -> {
            sendTimes.add(clock.read());
            List<SendResult> out = new ArrayList<>();
            batch.forEach(n -> out.add(answer.apply(n)));
            return CompletableFuture.completedFuture(out);
        };
    }

    NotificationDispatcher dispatcher(DispatchConfig.Builder b, PushProvider p) {
        return NotificationDispatcher.inMemory(b.collapseWindow(Duration.ZERO).maxBatchDelay(Duration.ZERO)
                .jitter(0).listener(listener).build(), p, clock, clock);
    }

    @Test
    void onlyATokenVerdictReachesOnTokenInvalid() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxAttempts(1), answering(n -> switch (n.token()) {
            case "dead" -> SendResult.failed(FailureReason.TOKEN_INVALID, "UNREGISTERED");
            case "big" -> SendResult.failed(FailureReason.MESSAGE_INVALID, "INVALID_ARGUMENT");
            case "flaky" -> SendResult.failed(FailureReason.UNAVAILABLE, "UNAVAILABLE");
            default -> SendResult.delivered("x");
        }));
        for (String t : List.of("dead", "big", "flaky", "fine")) {
            d.submit(Notification.to(t).build());
        }
        assertThat(events).containsExactlyInAnyOrder("tokenInvalid dead", "failed big MESSAGE_INVALID",
                "failed flaky UNAVAILABLE", "delivered fine");
        assertThat(d.stats().tokenInvalid()).isEqualTo(1);
        assertThat(d.stats().permanentFailures()).isEqualTo(1);
        assertThat(d.stats().undeliverable()).isEqualTo(1);
    }

    @Test
    void aQuotaAnswerPausesTheWholeProviderForRetryAfterAndIsAnnouncedOnce() {
        boolean[] quota = {true};
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxBatchSize(1), answering(n -> {
            if (quota[0]) {
                quota[0] = false;
                return SendResult.failed(FailureReason.QUOTA_EXCEEDED, "QUOTA_EXCEEDED", Duration.ofSeconds(3));
            }
            return SendResult.delivered("x");
        }));
        d.submit(Notification.to("a").build());
        d.submit(Notification.to("b").build()); // another token: it waits for the pause too
        assertThat(sendTimes).hasSize(1);
        clock.advance(Duration.ofMillis(2_999));
        assertThat(sendTimes).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(sendTimes).hasSize(3);
        assertThat(events).containsExactly("paused QUOTA_EXCEEDED 3000", "delivered b", "delivered a");
        assertThat(d.stats().providerPauses()).isEqualTo(1);
    }

    @Test
    void brokenCredentialsPauseTheProviderAndBlameNoToken() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxAttempts(2)
                .credentialsPause(Duration.ofSeconds(10)), answering(n ->
                SendResult.failed(FailureReason.CREDENTIALS, "THIRD_PARTY_AUTH_ERROR")));
        d.submit(Notification.to("a").build());
        d.submit(Notification.to("b").build());
        assertThat(sendTimes).hasSize(1);
        clock.advance(Duration.ofSeconds(9));
        assertThat(sendTimes).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(sendTimes).hasSize(2);
        assertThat(events).filteredOn(e -> e.startsWith("tokenInvalid")).isEmpty();
        assertThat(events).startsWith("paused CREDENTIALS 10000", "failed a CREDENTIALS");
        clock.advance(Duration.ofSeconds(10));
        assertThat(events).contains("failed b CREDENTIALS");
        assertThat(d.stats().pending()).isZero();
    }

    @Test
    void theProviderWideRateHoldsBatchesBackWithoutDroppingAny() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxBatchSize(2)
                .perRecipientRate(Bandwidth.of(1000, Duration.ofSeconds(1)))
                .providerRate(Bandwidth.of(2, Duration.ofSeconds(1))), answering(n -> SendResult.delivered("x")));
        for (int i = 0; i < 6; i++) {
            d.submit(Notification.to("t" + i).build());
        }
        assertThat(sendTimes).hasSize(2); // the burst of 2, one submit each
        for (int k = 0; k < 30; k++) {
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(d.stats().delivered()).isEqualTo(6);
        assertThat(d.stats().rateDeferred()).isPositive();
        assertThat(sendTimes.get(sendTimes.size() - 1) - sendTimes.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void theCircuitBreakerOpensOnAFailingProviderAndStopsCallingIt() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().maxAttempts(100).maxBatchSize(1)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)),
                answering(n -> SendResult.failed(FailureReason.UNAVAILABLE, "UNAVAILABLE")));
        for (int i = 0; i < 10; i++) {
            d.submit(Notification.to("t" + i).build());
        }
        int before = sendTimes.size();
        assertThat(before).isEqualTo(10); // the breaker opens after 10 failed calls
        clock.advance(Duration.ofMillis(500));
        assertThat(sendTimes).hasSize(before); // open: nothing sent
        clock.advance(Duration.ofMillis(600));
        assertThat(sendTimes.size()).isGreaterThan(before); // half-open probes
    }

    @Test
    void aDedupIdIsAcceptedOncePerTokenWithinTheWindow() {
        NotificationDispatcher d = dispatcher(DispatchConfig.builder().dedupWindow(Duration.ofMinutes(10)),
                answering(n -> SendResult.delivered("x")));
        assertThat(d.submit(Notification.to("a").dedupId("msg-1").build()).duplicate()).isFalse();
        assertThat(d.submit(Notification.to("a").dedupId("msg-1").build()).duplicate()).isTrue();
        assertThat(d.submit(Notification.to("b").dedupId("msg-1").build()).duplicate()).isFalse();
        clock.advance(Duration.ofMinutes(10));
        assertThat(d.submit(Notification.to("a").dedupId("msg-1").build()).duplicate()).isFalse();
        assertThat(events).containsExactly("delivered a", "delivered b", "delivered a");
        assertThat(d.stats().duplicates()).isEqualTo(1);
    }

    @Test
    void notificationsThePushServiceWouldRefuseFailWhenBuilt() {
        assertThatThrownBy(() -> Notification.to("t").data("from", "x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data key 'from' is reserved");
        assertThatThrownBy(() -> Notification.to("t").data("google.c.a", "x").build())
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Notification.to("t").data("gcm.n.e", "x").build()).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Notification.to("t").data("message_type", "x").build())
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Notification.to("t").body("x".repeat(3000)).data("k", "é".repeat(600)).build())
                .hasMessageContaining("must be at most 4096 bytes");
        assertThatThrownBy(() -> Notification.to("bad token").build())
                .hasMessageContaining("token must consist of [A-Za-z0-9_.:-], has ' ' at index 3");
        assertThatThrownBy(() -> Notification.to("t").ttl(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("ttl must be between");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> raw = (Map) new LinkedHashMap<>(Map.of("n", 5));
        assertThatThrownBy(() -> new Notification("t", null, "", "", raw, Notification.Priority.HIGH,
                Duration.ZERO, 1, null)).hasMessageContaining("data value of key 'n' must be a string, was java.lang.Integer");
        assertThat(Notification.to("fcm-Token_1:APA91b.x").data("kind", "chat").build().data())
                .containsEntry("kind", "chat");
    }
}
