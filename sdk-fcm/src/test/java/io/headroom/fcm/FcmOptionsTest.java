package io.headroom.fcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.notify.Notification;
import java.net.URI;
import java.time.Duration;
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
    void bodyIsEscapedJsonWithCollapseAndTtl() {
        String body = FcmPushProvider.body(Notification.to("t\"1").collapseKey("c").title("a\u0001").body("")
                .ttl(Duration.ofMillis(1500)).build());
        assertThat(body).contains("\"token\":\"t\\\"1\"").contains("\"title\":\"a\\u0001\"")
                .contains("\"ttl\":\"1.500000000s\"").contains("\"collapse_key\":\"c\"")
                .contains("\"apns-collapse-id\":\"c\"").contains("\"headroom_collapsed_count\":\"1\"");
        assertThat(io.headroom.spi.Json.parse(body)).isNotNull();
    }

    @Test
    void retryAfterParsesSecondsAndDates() {
        assertThat(FcmPushProvider.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FcmPushProvider.retryAfter(null)).isEqualTo(Duration.ZERO);
        assertThat(FcmPushProvider.retryAfter("soon")).isEqualTo(Duration.ZERO);
        assertThat(FcmPushProvider.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }
}
