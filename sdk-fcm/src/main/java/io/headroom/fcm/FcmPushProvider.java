package io.headroom.fcm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.notify.Notification;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

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
 * collapse key as {@code android} settings, and the collapse key as APNs {@code apns-collapse-id}. JSON is
 * written and read with Jackson. An HTTP-date {@code Retry-After} is measured against {@link FcmOptions#clock()}.
 *
 * <p>Lifecycle: {@link #close()} stops it; {@link #sendBatch} then throws {@link ClosedException} (which the
 * dispatcher treats as a retryable batch). Close the dispatcher first, then the provider.
 *
 * <p>Thread-safe; the stage of {@link #sendBatch} never completes exceptionally.
 */
public final class FcmPushProvider implements PushProvider, AutoCloseable {

    /** The data key carrying {@link Notification#collapsedCount()}. */
    public static final String COLLAPSED_COUNT_KEY = "headroom_collapsed_count";

    private static final Set<String> PERMANENT = Set.of("UNREGISTERED", "INVALID_ARGUMENT", "SENDER_ID_MISMATCH",
            "THIRD_PARTY_AUTH_ERROR", "NOT_FOUND", "PERMISSION_DENIED");

    // ObjectMapper is thread-safe once configured; trees are built per message
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A notification waiting for one of the {@code maxConcurrentRequests} permits. */
    private record Pending(Notification notification, CompletableFuture<SendResult> result) {
    }

    private final FcmOptions options;
    private final HttpClient http;
    private final boolean ownsClient;
    private final URI sendUri;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private FcmPushProvider(FcmOptions options, HttpClient http, boolean ownsClient) {
        this.options = options;
        this.http = http;
        this.ownsClient = ownsClient;
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
                .version(HttpClient.Version.HTTP_1_1).build(), true);
    }

    /**
     * Creates a provider on a caller-owned {@link HttpClient} (proxy, TLS or executor settings); {@link #close()}
     * leaves that client open.
     *
     * @param options the settings
     * @param http the client
     * @return the provider
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FcmPushProvider create(FcmOptions options, HttpClient http) {
        Arguments.notNull(options, "options");
        Arguments.notNull(http, "http");
        return new FcmPushProvider(options, http, false);
    }

    /**
     * Returns the settings.
     *
     * @return the options
     */
    public FcmOptions options() {
        return options;
    }

    /**
     * Sends each notification as one FCM request, at most {@link FcmOptions#maxConcurrentRequests()} at once.
     *
     * @param batch the notifications; none {@code null}
     * @return a stage completing with one result per notification, in order; never exceptionally
     * @throws IllegalArgumentException when {@code batch} or an element is {@code null}
     * @throws ClosedException after {@link #close()}
     */
    @Override
    public CompletionStage<List<SendResult>> sendBatch(List<Notification> batch) {
        Arguments.notNull(batch, "batch");
        if (closed) {
            throw ClosedException.of("FCM push provider", options.projectId());
        }
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
        queued.add(new Pending(n, result));
        drain();
        return result;
    }

    // bounded concurrency without blocking a thread: a request starts only with a permit; whoever frees one
    // starts the next queued request. After close, what is still queued is answered retryable, never sent.
    private void drain() {
        while (!queued.isEmpty()) {
            if (closed) {
                Pending p = queued.poll();
                if (p != null) {
                    p.result().complete(SendResult.retryable(Duration.ZERO, "CLOSED: provider closed before sending"));
                }
                continue;
            }
            if (!permits.tryAcquire()) {
                return;
            }
            Pending p = queued.poll();
            if (p == null) {
                permits.release();
            } else {
                start(p.notification()).whenComplete((r, t) -> {
                    permits.release();
                    p.result().complete(t != null ? failure(t) : r);
                    drain();
                });
            }
        }
    }

    /**
     * Stops the provider: later {@link #sendBatch} calls throw {@link ClosedException}; notifications queued
     * behind {@link FcmOptions#maxConcurrentRequests()} and not yet sent are answered retryable
     * ({@code CLOSED: ...}); requests already sent finish. A client this provider made itself is closed too where
     * the JDK can (Java 21 and later; on Java 17 its idle connections and selector thread end once it is no longer
     * referenced); a caller's client is left open. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        drain();
        if (ownsClient && http instanceof AutoCloseable closeable) { // java.net.http.HttpClient is from Java 21
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort: nothing is sent any more either way
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
                    .thenApply(this::map);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private static SendResult failure(Throwable t) {
        Throwable c = Futures.unwrap(t);
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
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("token", n.token());
        if (!n.title().isEmpty() || !n.body().isEmpty()) {
            message.putObject("notification").put("title", n.title()).put("body", n.body());
        }
        ObjectNode data = message.putObject("data");
        n.data().forEach(data::put);
        data.put(COLLAPSED_COUNT_KEY, Integer.toString(n.collapsedCount()));
        ObjectNode android = message.putObject("android").put("priority", n.priority().name())
                .put("ttl", ttl(n.ttl()));
        ObjectNode apnsHeaders = message.putObject("apns").putObject("headers")
                .put("apns-priority", n.priority() == Notification.Priority.HIGH ? "10" : "5");
        if (n.collapseKey() != null) {
            android.put("collapse_key", n.collapseKey());
            apnsHeaders.put("apns-collapse-id", n.collapseKey());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an FCM message", e); // a tree of strings always writes
        }
    }

    private static String ttl(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() + "s" : String.format("%d.%09ds", d.getSeconds(), d.getNano());
    }

    private SendResult map(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            // a 2xx is a delivery even if its body is unreadable
            JsonNode name = body.path("name");
            return SendResult.delivered(name.isTextual() ? name.asText() : "");
        }
        String code = errorCode(body);
        if (code == null) {
            code = "HTTP_" + status;
        }
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null), options.clock());
        if (PERMANENT.contains(code)) {
            return SendResult.permanent(code);
        }
        if (status == 429 || status == 401 || status >= 500 || "QUOTA_EXCEEDED".equals(code)
                || "UNAVAILABLE".equals(code) || "INTERNAL".equals(code)) {
            return SendResult.retryable(retryAfter, code);
        }
        return SendResult.permanent(code);
    }

    // the parsed body, or a missing node when it is empty or not JSON (a proxy's HTML error page)
    private static JsonNode parse(@Nullable String body) {
        if (body == null || body.isEmpty()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            return JSON.missingNode();
        }
    }

    // the FcmError detail's errorCode when present (UNREGISTERED...), else the google.rpc status; null falls back
    // to the HTTP status
    private static @Nullable String errorCode(JsonNode body) {
        JsonNode error = body.path("error");
        for (JsonNode d : error.path("details")) {
            if (d.path("errorCode").isTextual()) {
                return d.path("errorCode").asText();
            }
        }
        return error.path("status").isTextual() ? error.path("status").asText() : null;
    }

    static Duration retryAfter(@Nullable String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(clock),
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
