package io.headroom.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headroom.ClosedException;
import io.headroom.notify.Notification;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FcmOptionsTest {

    @Test
    void defaultsAndValidation() {
        FcmOptions o = FcmOptions.of("my-proj", () -> "t");
        assertThat(o.endpoint()).isEqualTo(URI.create("https://fcm.googleapis.com"));
        assertThat(o.maxConcurrentRequests()).isEqualTo(16);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> FcmOptions.of("My Proj", () -> "t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projectId must be 1 to 128 characters");
        assertThatThrownBy(() -> FcmOptions.of("p", null)).hasMessageContaining("accessToken must not be null");
        assertThatThrownBy(() -> FcmOptions.builder("p", () -> "t").endpoint(URI.create("ftp://x")).build())
                .hasMessageContaining("endpoint must be an absolute http or https URI");
        assertThatThrownBy(() -> FcmOptions.builder("p", () -> "t").maxConcurrentRequests(0).build())
                .hasMessageContaining("maxConcurrentRequests must be between 1 and 1024");
        assertThatThrownBy(() -> FcmOptions.builder("p", () -> "t").requestTimeout(Duration.ZERO).build())
                .hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> FcmPushProvider.create(null)).hasMessageContaining("options must not be null");
    }

    @Test
    void bodyIsEscapedJsonWithCollapseAndTtl() throws Exception {
        String body = FcmPushProvider.body(Notification.to("t:1").collapseKey("c\"1").title("a\u0001").body("")
                .ttl(Duration.ofMillis(1500)).build());
        assertThat(body).contains("\"token\":\"t:1\"").contains("\"title\":\"a\\u0001\"")
                .contains("\"ttl\":\"1.500000000s\"").contains("\"collapse_key\":\"c\\\"1\"")
                .contains("\"apns-collapse-id\":\"c\\\"1\"").contains("\"headroom_collapsed_count\":\"1\"");
        JsonNode tree = new ObjectMapper().readTree(body);
        assertThat(tree.at("/message/token").asText()).isEqualTo("t:1");
        assertThat(tree.at("/message/notification/title").asText()).isEqualTo("a\u0001");
        assertThat(tree.at("/message/data/headroom_collapsed_count").asText()).isEqualTo("1");
    }

    @Test
    void jsonEscapingRoundTripsEveryCharacterClass() throws Exception {
        String nasty = "\"\\/\b\f\n\r\t\u0000\u001f\u2028\u2029\ud83d\ude00é";
        String body = FcmPushProvider.body(Notification.to("token").title(nasty).body(nasty).data(nasty, nasty)
                .collapseKey(nasty).build());
        JsonNode m = new ObjectMapper().readTree(body).path("message");
        assertThat(m.path("token").asText()).isEqualTo("token"); // tokens have no such characters (Notification checks)
        assertThat(m.at("/notification/body").asText()).isEqualTo(nasty);
        assertThat(m.path("data").path(nasty).asText()).isEqualTo(nasty);
        assertThat(m.at("/android/collapse_key").asText()).isEqualTo(nasty);
        assertThat(m.at("/apns/headers/apns-collapse-id").asText()).isEqualTo(nasty);
    }

    @Test
    void retryAfterParsesSecondsAndDatesOnTheInjectedClock() {
        Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);
        assertThat(FcmPushProvider.retryAfter("30", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(FcmPushProvider.retryAfter(null, clock)).isEqualTo(Duration.ZERO);
        assertThat(FcmPushProvider.retryAfter("soon", clock)).isEqualTo(Duration.ZERO);
        assertThat(FcmPushProvider.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", clock)).isEqualTo(Duration.ofMinutes(1));
        assertThat(FcmPushProvider.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Clock.systemUTC()))
                .isEqualTo(Duration.ZERO);
        assertThat(FcmOptions.of("p", () -> "t").clock()).isEqualTo(Clock.systemUTC());
        assertThatThrownBy(() -> FcmOptions.builder("p", () -> "t").clock(null).build())
                .hasMessageContaining("clock must not be null");
    }

    @Test
    void closedProviderRejectsBatches() {
        FcmPushProvider p = FcmPushProvider.create(FcmOptions.of("proj", () -> "t"));
        p.close();
        p.close();
        assertThatThrownBy(() -> p.sendBatch(List.of(Notification.to("a").build())))
                .isInstanceOf(ClosedException.class).hasMessage("FCM push provider 'proj' is closed");
    }
}
