package io.headroom.fcm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.notify.FailureReason;
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
 * <p>Mapping of FCM answers to a typed {@link FailureReason} (see {@link #classify}); only an answer about the
 * token itself is {@link FailureReason#TOKEN_INVALID}:
 * <ul>
 *   <li>2xx → delivered (the message name as id);</li>
 *   <li>{@code UNREGISTERED}, {@code SENDER_ID_MISMATCH}, and {@code INVALID_ARGUMENT} whose
 *       {@code google.rpc.BadRequest} details name the field {@code message.token} → {@code TOKEN_INVALID};</li>
 *   <li>{@code THIRD_PARTY_AUTH_ERROR} (APNs/web push credentials), {@code PERMISSION_DENIED},
 *       {@code UNAUTHENTICATED}, HTTP 401 and 403, a 404 without {@code UNREGISTERED} (a wrong project id), a
 *       failing access-token supplier → {@code CREDENTIALS} (the dispatcher pauses the provider);</li>
 *   <li>429, {@code QUOTA_EXCEEDED}, {@code RESOURCE_EXHAUSTED} → {@code QUOTA_EXCEEDED} with
 *       {@code Retry-After} (the dispatcher pauses the whole provider);</li>
 *   <li>500, 503, any 5xx, {@code UNAVAILABLE}, {@code INTERNAL}, timeouts and I/O errors (resets) →
 *       {@code UNAVAILABLE} (retried with backoff);</li>
 *   <li>any other answer ({@code INVALID_ARGUMENT} about the payload, 413, other 4xx) →
 *       {@code MESSAGE_INVALID};</li>
 *   <li>not sent because the provider closed → {@code CLOSED}.</li>
 * </ul>
 * {@code Retry-After} (seconds or an HTTP date) is passed on when present.
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

    private static final Set<String> TOKEN_ERRORS = Set.of("UNREGISTERED", "SENDER_ID_MISMATCH");
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("THIRD_PARTY_AUTH_ERROR", "PERMISSION_DENIED",
            "UNAUTHENTICATED");
    private static final Set<String> QUOTA_ERRORS = Set.of("QUOTA_EXCEEDED", "RESOURCE_EXHAUSTED");
    private static final Set<String> TRANSIENT_ERRORS = Set.of("UNAVAILABLE", "INTERNAL");

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
     * Creates a provider with its own {@link HttpClient}, preferring HTTP/2: over TLS (FCM itself) the requests
     * of all batches are multiplexed as streams over few connections, at most
     * {@link FcmOptions#maxConcurrentRequests()} at once, answered asynchronously (no thread per message); a
     * server without HTTP/2 (a plain-HTTP emulator) is spoken to in HTTP/1.1. Access tokens: any supplier, e.g.
     * {@link GoogleAccessTokens}.
     *
     * @param options the settings
     * @return the provider
     * @throws IllegalArgumentException when {@code options} is {@code null}
     */
    public static FcmPushProvider create(FcmOptions options) {
        Arguments.notNull(options, "options");
        return new FcmPushProvider(options, HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .version(HttpClient.Version.HTTP_2).build(), true);
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
                    p.result().complete(SendResult.failed(FailureReason.CLOSED, "provider closed before sending"));
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
            return CompletableFuture.completedFuture(SendResult.failed(FailureReason.CREDENTIALS,
                    "access token supplier failed: " + e));
        }
        if (token == null || token.isEmpty()) {
            return CompletableFuture.completedFuture(SendResult.failed(FailureReason.CREDENTIALS,
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
            return SendResult.failed(FailureReason.UNAVAILABLE, "TIMEOUT: " + c.getMessage());
        }
        if (c instanceof IOException) {
            return SendResult.failed(FailureReason.UNAVAILABLE, "IO: " + c);
        }
        return SendResult.failed(FailureReason.UNAVAILABLE, "ERROR: " + c);
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
        JsonNode message = body.path("error").path("message");
        String detail = code + " (HTTP " + status + (message.isTextual() ? ": " + message.asText() : "") + ")";
        return SendResult.failed(classify(status, code, namesToken(body)), detail, retryAfter);
    }

    /**
     * Classifies one FCM error answer. Only an answer about the token is {@link FailureReason#TOKEN_INVALID}: an
     * {@code INVALID_ARGUMENT} counts as one only when its details name {@code message.token}; the project's,
     * the credentials' and the payload's errors never do.
     *
     * @param status the HTTP status
     * @param code the {@code FcmError} error code when present, else the {@code google.rpc} status, else
     *     {@code HTTP_<status>}
     * @param namesToken whether the error details name the field {@code message.token}
     * @return the reason
     */
    static FailureReason classify(int status, String code, boolean namesToken) {
        if (TOKEN_ERRORS.contains(code)) {
            return FailureReason.TOKEN_INVALID;
        }
        if (CREDENTIAL_ERRORS.contains(code) || status == 401 || status == 403) {
            return FailureReason.CREDENTIALS;
        }
        if (status == 429 || QUOTA_ERRORS.contains(code)) {
            return FailureReason.QUOTA_EXCEEDED;
        }
        if (status >= 500 || TRANSIENT_ERRORS.contains(code)) {
            return FailureReason.UNAVAILABLE;
        }
        if ("INVALID_ARGUMENT".equals(code) && namesToken) {
            return FailureReason.TOKEN_INVALID;
        }
        if (status == 404) {
            // NOT_FOUND without UNREGISTERED: the project (or endpoint) does not exist, not the token
            return FailureReason.CREDENTIALS;
        }
        return FailureReason.MESSAGE_INVALID;
    }

    // whether a google.rpc.BadRequest detail of the error names the field message.token
    private static boolean namesToken(JsonNode body) {
        for (JsonNode d : body.path("error").path("details")) {
            for (JsonNode v : d.path("fieldViolations")) {
                if ("message.token".equals(v.path("field").asText(""))) {
                    return true;
                }
            }
        }
        return false;
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
