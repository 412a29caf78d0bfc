package io.headroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The FCM emulator over plain HTTP: accepted messages, every fault, down/up, and stopping. */
class FcmEmulatorIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(FcmEmulator e, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(FcmEmulator e, String token) throws Exception {
        return post(e, "/v1/projects/p1/messages:send", "Bearer x", "{\"message\":{\"token\":\"" + token
                + "\",\"notification\":{\"title\":\"T\",\"body\":\"B\"},\"data\":{\"headroom_collapsed_count\":\"4\"},"
                + "\"android\":{\"priority\":\"HIGH\",\"ttl\":\"60s\",\"collapse_key\":\"chat\"}}}");
    }

    @Test
    void acceptsRecordsAndInjectsFaults() throws Exception {
        try (FcmEmulator e = FcmEmulator.start("p1")) {
            assertThat(e.endpoint().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> ok = send(e, "tok");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).startsWith("{\"name\":\"projects/p1/messages/");
            assertThat(e.received()).singleElement().satisfies(r -> {
                assertThat(r.token()).isEqualTo("tok");
                assertThat(r.collapseKey()).isEqualTo("chat");
                assertThat(r.title()).isEqualTo("T");
                assertThat(r.collapsedCount()).isEqualTo(4);
                assertThat(r.ttl()).isEqualTo("60s");
            });

            assertThat(post(e, "/v1/projects/p1/messages:send", null, "{}").statusCode()).isEqualTo(401);
            assertThat(post(e, "/v1/projects/other/messages:send", "Bearer x", "{}").statusCode()).isEqualTo(404);
            HttpResponse<String> noToken = post(e, "/v1/projects/p1/messages:send", "Bearer x", "{\"message\":{}}");
            assertThat(noToken.statusCode()).isEqualTo(400);
            assertThat(noToken.body()).contains("INVALID_ARGUMENT");

            e.unregister("gone");
            HttpResponse<String> gone = send(e, "gone");
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.body()).contains("\"errorCode\":\"UNREGISTERED\"");

            e.quotaExceeded(1, Duration.ofMillis(1500));
            HttpResponse<String> quota = send(e, "tok");
            assertThat(quota.statusCode()).isEqualTo(429);
            assertThat(quota.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(quota.body()).contains("QUOTA_EXCEEDED");
            assertThat(send(e, "tok").statusCode()).isEqualTo(200);

            e.unavailable(1);
            assertThat(send(e, "tok").statusCode()).isEqualTo(503);
            e.internalError(1);
            assertThat(send(e, "tok").statusCode()).isEqualTo(500);

            e.down();
            assertThat(send(e, "tok").statusCode()).isEqualTo(503);
            assertThat(send(e, "tok").statusCode()).isEqualTo(503);
            e.up();
            assertThat(send(e, "tok").statusCode()).isEqualTo(200);

            e.latency(Duration.ofMillis(200));
            assertThat(send(e, "tok").statusCode()).isEqualTo(200);

            assertThat(e.received()).hasSize(4);
            assertThat(e.requests()).isEqualTo(13);
            e.reset();
            assertThat(e.received()).isEmpty();
            assertThat(e.requests()).isZero();
        }
    }

    @Test
    void closeStopsTheServer() {
        FcmEmulator e = FcmEmulator.start();
        URI endpoint = e.endpoint();
        e.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(
                URI.create(endpoint + "/v1/projects/headroom-test/messages:send"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
