package io.headroom.fcm;

import io.headroom.internal.Arguments;
import io.headroom.notify.Notification;
import io.headroom.spi.Json;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * A {@link PushProvider} for Firebase Cloud Messaging's HTTP v1 API on the JDK's {@link HttpClient}: one
 * {@code POST {endpoint}/v1/projects/{projectId}/messages:send} per notification (FCM v1 has no batch endpoint),
 * at most {@link FcmOptions#maxConcurrentRequests()} in flight across all batches, each with a bearer token from
 * {@link FcmOptions#accessToken()}.
 *
 * <p>Mapping of FCM answers to {@link SendResult}: 2xx → delivered (the message name as id). Error codes
 * {@code UNREGISTERED}, {@code INVALID_ARGUMENT}, {@code SENDER_ID_MISMATCH}, {@code THIRD_PARTY_AUTH_ERROR}
 * and HTTP 400/403/404 → permanent (remove or fix the token). {@code QUOTA_EXCEEDED} (429), {@code UNAVAILABLE}
 * (503), {@code INTERNAL} (500), other 5xx, 401 (the token supplier may refresh), timeouts and I/O errors →
 * retryable, with the response's {@code Retry-After} (seconds or an HTTP date) when present.
 *
 * <p>The message carries title and body as {@code notification}, the data map plus
 * {@code headroom_collapsed_count} (how many notifications it stands for) as {@code data}, priority, TTL and
 * collapse key as {@code android} settings, and the collapse key as APNs {@code apns-collapse-id}.
 * Thread-safe; the stage of {@link #sendBatch} never completes exceptionally.
 */
public final class FcmPushProvider implements PushProvider {

    /** The data key carrying {@link Notification#collapsedCount()}. */
    public static final String COLLAPSED_COUNT_KEY = "headroom_collapsed_count";

    private static final Set<String> PERMANENT = Set.of("UNREGISTERED", "INVALID_ARGUMENT", "SENDER_ID_MISMATCH",
            "THIRD_PARTY_AUTH_ERROR", "NOT_FOUND", "PERMISSION_DENIED");

    private final FcmOptions options;
    private final HttpClient http;
    private final URI sendUri;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

    private FcmPushProvider(FcmOptions options, HttpClient http) {
        this.options = options;
        this.http = http;
        String base = options.endpoint().toString();
        this.sendUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/v1/projects/" + options.projectId() + "/messages:send");
        this.permits = new Semaphore(options.maxConcurrentRequests());
    }

    /**
     * Creates a provider with its own {@link HttpClient}.
     *
     * @param options the settings
     * @return the provider
     * @throws IllegalArgumentException when {@code options} is {@code null}
     */
    public static FcmPushProvider create(FcmOptions options) {
        Arguments.notNull(options, "options");
        return new FcmPushProvider(options, HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build());
    }

    /**
     * Creates a provider on a caller-owned {@link HttpClient} (proxy, TLS or executor settings).
     *
     * @param options the settings
     * @param http the client
     * @return the provider
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FcmPushProvider create(FcmOptions options, HttpClient http) {
        Arguments.notNull(options, "options");
        Arguments.notNull(http, "http");
        return new FcmPushProvider(options, http);
    }

    /**
     * Returns the settings.
     *
     * @return the options
     */
    public FcmOptions options() {
        return options;
    }

    @Override
    public CompletionStage<List<SendResult>> sendBatch(List<Notification> batch) {
        Arguments.notNull(batch, "batch");
        List<CompletableFuture<SendResult>> each = new ArrayList<>(batch.size());
        for (Notification n : batch) {
            each.add(sendOne(Arguments.notNull(n, "batch element")));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<SendResult> out = new ArrayList<>(each.size());
            each.forEach(f -> out.add(f.join()));
            return List.copyOf(out);
        });
    }

    private CompletableFuture<SendResult> sendOne(Notification n) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        queued.add(() -> start(n).whenComplete((r, t) -> {
            permits.release();
            result.complete(t != null ? failure(t) : r);
            drain();
        }));
        drain();
        return result;
    }

    // bounded concurrency without blocking a thread: a request starts only with a permit; whoever frees one
    // starts the next queued request
    private void drain() {
        while (!queued.isEmpty() && permits.tryAcquire()) {
            Runnable next = queued.poll();
            if (next == null) {
                permits.release();
            } else {
                next.run();
            }
        }
    }

    private CompletableFuture<SendResult> start(Notification n) {
        String token;
        try {
            token = options.accessToken().get();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(SendResult.retryable(Duration.ZERO,
                    "access token supplier failed: " + e));
        }
        if (token == null || token.isEmpty()) {
            return CompletableFuture.completedFuture(SendResult.retryable(Duration.ZERO,
                    "access token supplier returned no token"));
        }
        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .timeout(options.requestTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(n), StandardCharsets.UTF_8))
                .build();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(FcmPushProvider::map);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private static SendResult failure(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof HttpTimeoutException) {
            return SendResult.retryable(Duration.ZERO, "TIMEOUT: " + c.getMessage());
        }
        if (c instanceof IOException) {
            return SendResult.retryable(Duration.ZERO, "IO: " + c);
        }
        return SendResult.retryable(Duration.ZERO, "ERROR: " + c);
    }

    /**
     * Builds the FCM v1 request body for one notification.
     *
     * @param n the notification
     * @return the JSON text
     */
    static String body(Notification n) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"message\":{\"token\":");
        Json.quote(sb, n.token());
        if (!n.title().isEmpty() || !n.body().isEmpty()) {
            sb.append(",\"notification\":{\"title\":");
            Json.quote(sb, n.title()).append(",\"body\":");
            Json.quote(sb, n.body()).append('}');
        }
        sb.append(",\"data\":{");
        for (Map.Entry<String, String> e : n.data().entrySet()) {
            Json.quote(sb, e.getKey()).append(':');
            Json.quote(sb, e.getValue()).append(',');
        }
        Json.quote(sb, COLLAPSED_COUNT_KEY).append(':');
        Json.quote(sb, Integer.toString(n.collapsedCount())).append('}');
        sb.append(",\"android\":{\"priority\":\"").append(n.priority().name()).append("\",\"ttl\":\"")
                .append(ttl(n.ttl())).append('"');
        if (n.collapseKey() != null) {
            sb.append(",\"collapse_key\":");
            Json.quote(sb, n.collapseKey());
        }
        sb.append("},\"apns\":{\"headers\":{\"apns-priority\":\"")
                .append(n.priority() == Notification.Priority.HIGH ? "10" : "5").append('"');
        if (n.collapseKey() != null) {
            sb.append(",\"apns-collapse-id\":");
            Json.quote(sb, n.collapseKey());
        }
        return sb.append("}}}}").toString();
    }

    private static String ttl(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() + "s" : String.format("%d.%09ds", d.getSeconds(), d.getNano());
    }

    static SendResult map(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            String name = "";
            try {
                if (Json.parse(body) instanceof Map<?, ?> m && m.get("name") instanceof String s) {
                    name = s;
                }
            } catch (IllegalArgumentException ignored) {
                // a 2xx is a delivery even if its body is unreadable
            }
            return SendResult.delivered(name);
        }
        String code = errorCode(body);
        if (code == null) {
            code = "HTTP_" + status;
        }
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        if (PERMANENT.contains(code)) {
            return SendResult.permanent(code);
        }
        if (status == 429 || status == 401 || status >= 500 || "QUOTA_EXCEEDED".equals(code)
                || "UNAVAILABLE".equals(code) || "INTERNAL".equals(code)) {
            return SendResult.retryable(retryAfter, code);
        }
        return SendResult.permanent(code);
    }

    // the FcmError detail's errorCode when present (UNREGISTERED...), else the google.rpc status
    private static String errorCode(String body) {
        try {
            if (Json.parse(body) instanceof Map<?, ?> root && root.get("error") instanceof Map<?, ?> error) {
                if (error.get("details") instanceof List<?> details) {
                    for (Object d : details) {
                        if (d instanceof Map<?, ?> m && m.get("errorCode") instanceof String c) {
                            return c;
                        }
                    }
                }
                if (error.get("status") instanceof String s) {
                    return s;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // not JSON (a proxy's HTML error page): fall back to the HTTP status
        }
        return null;
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return Duration.ZERO;
            }
        }
    }

    @Override
    public String toString() {
        return "FcmPushProvider[" + sendUri + "]";
    }
}
