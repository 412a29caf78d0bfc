package io.headroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.headroom.notify.FailureReason;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on a random loopback port that speaks Firebase Cloud Messaging's HTTP v1 send endpoint,
 * {@code POST /v1/projects/{projectId}/messages:send}, records what it accepts and injects faults: a 429 with
 * {@code Retry-After}, 503 and 500 answers, unregistered and invalid tokens, latency, and a down/up switch.
 *
 * <p>Answers follow FCM: 200 {@code {"name":"projects/P/messages/N"}}; errors as
 * {@code {"error":{"code":..,"message":..,"status":..,"details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":..}]}}}.
 * A request without {@code Authorization: Bearer ...} gets 401 UNAUTHENTICATED, one without
 * {@code message.token} 400 INVALID_ARGUMENT, any other path 404. Order of checks: auth, down, queued failures,
 * latency, unregistered token, invalid token, per-token {@link Fault}s ({@link #fault(String, Fault, int)}: every
 * error class FCM answers, each with the {@link FailureReason} a correct client must read from it), accept.
 *
 * <p>Start with {@link #start()}, stop with {@link #close()}. Thread-safe; 16 handler threads, so latency applies
 * to concurrent requests in parallel. Needs {@code jackson-databind} on the test class path (an optional
 * dependency of the test kit; sdk-fcm brings it).
 */
public final class FcmEmulator implements AutoCloseable {

    /**
     * One message the emulator accepted (answered 200).
     *
     * @param token the device token
     * @param collapseKey {@code android.collapse_key}, or {@code null}
     * @param title the notification title, empty when absent
     * @param body the notification body, empty when absent
     * @param data the data map
     * @param priority {@code android.priority}, or empty
     * @param ttl {@code android.ttl}, or empty
     * @param authorization the {@code Authorization} header
     */
    public record Received(String token, @Nullable String collapseKey, String title, String body,
                           Map<String, String> data, String priority, String ttl, String authorization) {
        /**
         * Returns {@code data["headroom_collapsed_count"]} as a number, 1 when absent.
         *
         * @return how many notifications the message stands for
         */
        public int collapsedCount() {
            String c = data.get("headroom_collapsed_count");
            return c == null ? 1 : Integer.parseInt(c);
        }
    }

    private record Failure(int status, String code, @Nullable Duration retryAfter) {
    }

    /**
     * An error class the emulator can inject per token ({@link #fault(String, Fault, int)}), answered the way FCM
     * answers it, with the {@link FailureReason} a correct client must read from it.
     */
    public enum Fault {
        /** 404 {@code NOT_FOUND} / {@code UNREGISTERED}: the app was uninstalled. */
        UNREGISTERED(404, "NOT_FOUND", "UNREGISTERED", false, FailureReason.TOKEN_INVALID),
        /** 403 {@code PERMISSION_DENIED} / {@code SENDER_ID_MISMATCH}: the token belongs to another sender. */
        SENDER_ID_MISMATCH(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", false, FailureReason.TOKEN_INVALID),
        /** 400 {@code INVALID_ARGUMENT} whose {@code BadRequest} names {@code message.token}: a malformed token. */
        INVALID_TOKEN(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", true, FailureReason.TOKEN_INVALID),
        /** 400 {@code INVALID_ARGUMENT} about the payload (no token named): the message is refused. */
        INVALID_PAYLOAD(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", false, FailureReason.MESSAGE_INVALID),
        /** 401 {@code THIRD_PARTY_AUTH_ERROR}: the APNs certificate or web push key is broken. */
        THIRD_PARTY_AUTH_ERROR(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", false, FailureReason.CREDENTIALS),
        /** 403 {@code PERMISSION_DENIED} without an FCM code: the service account lacks the permission. */
        PERMISSION_DENIED(403, "PERMISSION_DENIED", null, false, FailureReason.CREDENTIALS),
        /** 401 {@code UNAUTHENTICATED}: the access token is bad or expired. */
        UNAUTHENTICATED(401, "UNAUTHENTICATED", null, false, FailureReason.CREDENTIALS),
        /** 429 {@code QUOTA_EXCEEDED} with {@code Retry-After: 1}. */
        QUOTA_EXCEEDED(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", false, FailureReason.QUOTA_EXCEEDED),
        /** 503 {@code UNAVAILABLE}. */
        UNAVAILABLE(503, "UNAVAILABLE", "UNAVAILABLE", false, FailureReason.UNAVAILABLE),
        /** 500 {@code INTERNAL}. */
        INTERNAL(500, "INTERNAL", "INTERNAL", false, FailureReason.UNAVAILABLE);

        private final int status;
        private final String rpcStatus;
        private final @Nullable String fcmCode;
        private final boolean namesToken;
        private final FailureReason reason;

        Fault(int status, String rpcStatus, @Nullable String fcmCode, boolean namesToken, FailureReason reason) {
            this.status = status;
            this.rpcStatus = rpcStatus;
            this.fcmCode = fcmCode;
            this.namesToken = namesToken;
            this.reason = reason;
        }

        /**
         * Returns the HTTP status it is answered with.
         *
         * @return the status
         */
        public int status() {
            return status;
        }

        /**
         * Returns what a correct client makes of it.
         *
         * @return the reason
         */
        public FailureReason reason() {
            return reason;
        }
    }

    private static final class TokenFault {
        final Fault fault;
        int left;

        TokenFault(Fault fault, int left) {
            this.fault = fault;
            this.left = left;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String projectId;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private final Set<String> invalid = ConcurrentHashMap.newKeySet();
    private final Map<String, TokenFault> tokenFaults = new ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Failure> failures =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Runnable reaper = this::stop;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean down;

    private FcmEmulator(String projectId) throws IOException {
        this.projectId = projectId;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "fcm-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        ShutdownReaper.register(reaper);
    }

    /**
     * Starts an emulator for project {@code "headroom-test"}.
     *
     * @return the running emulator
     * @throws IllegalStateException when the server cannot bind
     */
    public static FcmEmulator start() {
        return start("headroom-test");
    }

    /**
     * Starts an emulator for {@code projectId}.
     *
     * @param projectId the project id it answers for
     * @return the running emulator
     * @throws IllegalArgumentException when {@code projectId} is {@code null} or empty
     * @throws IllegalStateException when the server cannot bind
     */
    public static FcmEmulator start(String projectId) {
        if (projectId == null || projectId.isEmpty()) {
            throw new IllegalArgumentException("projectId must not be null or empty");
        }
        try {
            return new FcmEmulator(projectId);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the FCM emulator", e);
        }
    }

    /**
     * Returns the base URI to give an FCM client as its endpoint, {@code http://127.0.0.1:PORT}.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /**
     * Returns the project id this emulator answers for.
     *
     * @return the project id
     */
    public String projectId() {
        return projectId;
    }

    /**
     * Returns the messages accepted so far, in order of acceptance.
     *
     * @return an immutable snapshot
     */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * Returns how many HTTP requests arrived (accepted or not).
     *
     * @return the request count
     */
    public int requests() {
        return requests.get();
    }

    /**
     * Makes every later message to {@code token} fail with 404 {@code UNREGISTERED}.
     *
     * @param token the device token
     */
    public void unregister(String token) {
        unregistered.add(token);
    }

    /**
     * Makes the next {@code times} messages to {@code token} fail with {@code fault} (replacing an earlier fault
     * of that token); {@link Integer#MAX_VALUE} for every later one.
     *
     * @param token the device token
     * @param fault the error class
     * @param times how many messages, at least 1
     * @throws IllegalArgumentException when an argument is {@code null} or {@code times} is below 1
     */
    public void fault(String token, Fault fault, int times) {
        if (token == null || fault == null || times < 1) {
            throw new IllegalArgumentException("token and fault must not be null and times must be at least 1, were "
                    + token + ", " + fault + ", " + times);
        }
        tokenFaults.put(token, new TokenFault(fault, times));
    }

    /**
     * Makes every later message to {@code token} fail with 400 {@code INVALID_ARGUMENT} naming
     * {@code message.token} (a malformed token).
     *
     * @param token the device token
     */
    public void invalidate(String token) {
        invalid.add(token);
    }

    /**
     * Makes the next {@code count} requests fail with 429 {@code QUOTA_EXCEEDED} and a {@code Retry-After}.
     *
     * @param count how many requests
     * @param retryAfter the header value, in whole seconds (rounded up); {@code null} for no header
     */
    public void quotaExceeded(int count, @Nullable Duration retryAfter) {
        for (int k = 0; k < count; k++) {
            failures.add(new Failure(429, "QUOTA_EXCEEDED", retryAfter));
        }
    }

    /**
     * Makes the next {@code count} requests fail with 503 {@code UNAVAILABLE}.
     *
     * @param count how many requests
     */
    public void unavailable(int count) {
        for (int k = 0; k < count; k++) {
            failures.add(new Failure(503, "UNAVAILABLE", null));
        }
    }

    /**
     * Makes the next {@code count} requests fail with 500 {@code INTERNAL}.
     *
     * @param count how many requests
     */
    public void internalError(int count) {
        for (int k = 0; k < count; k++) {
            failures.add(new Failure(500, "INTERNAL", null));
        }
    }

    /**
     * Delays every later answer by {@code latency}.
     *
     * @param latency zero or positive
     */
    public void latency(Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
        }
        this.latency = latency;
    }

    /** Answers every later request with 503 {@code UNAVAILABLE} until {@link #up()}. */
    public void down() {
        down = true;
    }

    /** Ends {@link #down()}. */
    public void up() {
        down = false;
    }

    /** Forgets received messages, counts and every fault. */
    public void reset() {
        received.clear();
        requests.set(0);
        unregistered.clear();
        invalid.clear();
        tokenFaults.clear();
        failures.clear();
        latency = Duration.ZERO;
        down = false;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String path = ex.getRequestURI().getPath();
            if (!"POST".equals(ex.getRequestMethod())
                    || !path.equals("/v1/projects/" + projectId + "/messages:send")) {
                error(ex, 404, "NOT_FOUND", null, "no such endpoint: " + ex.getRequestMethod() + " " + path, null);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] raw;
            try (InputStream in = ex.getRequestBody()) {
                raw = in.readAllBytes();
            }
            if (auth == null || !auth.startsWith("Bearer ") || auth.length() <= 7) {
                error(ex, 401, "UNAUTHENTICATED", null, "missing bearer token", null);
                return;
            }
            if (down) {
                error(ex, 503, "UNAVAILABLE", "UNAVAILABLE", "emulator is down", null);
                return;
            }
            Failure f = failures.poll();
            if (f != null) {
                error(ex, f.status, f.status == 429 ? "RESOURCE_EXHAUSTED" : f.code, f.code, "injected", f.retryAfter);
                return;
            }
            Duration l = latency;
            if (!l.isZero()) {
                try {
                    Thread.sleep(l.toMillis(), l.toNanosPart() % 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            JsonNode message = parse(raw).path("message");
            JsonNode tokenNode = message.path("token");
            if (!message.isObject() || !tokenNode.isTextual() || tokenNode.asText().isEmpty()) {
                error(ex, 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "message.token is required", null);
                return;
            }
            String token = tokenNode.asText();
            if (unregistered.contains(token)) {
                error(ex, 404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.", null);
                return;
            }
            if (invalid.contains(token)) {
                error(ex, Fault.INVALID_TOKEN, null);
                return;
            }
            Fault injected = takeFault(token);
            if (injected != null) {
                error(ex, injected, injected == Fault.QUOTA_EXCEEDED ? Duration.ofSeconds(1) : null);
                return;
            }
            JsonNode notification = message.path("notification");
            JsonNode android = message.path("android");
            Map<String, String> data = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : message.path("data").properties()) {
                data.put(e.getKey(), text(e.getValue()));
            }
            JsonNode collapseKey = android.path("collapse_key");
            received.add(new Received(token, collapseKey.isTextual() ? collapseKey.asText() : null,
                    text(notification.path("title")), text(notification.path("body")),
                    Collections.unmodifiableMap(data), text(android.path("priority")), text(android.path("ttl")),
                    auth));
            ObjectNode ok = JSON.createObjectNode()
                    .put("name", "projects/" + projectId + "/messages/" + ids.incrementAndGet());
            respond(ex, 200, JSON.writeValueAsString(ok), null);
        }
    }

    private @Nullable Fault takeFault(String token) {
        TokenFault[] taken = new TokenFault[1];
        tokenFaults.computeIfPresent(token, (t, f) -> {
            taken[0] = f;
            if (f.left == Integer.MAX_VALUE) {
                return f;
            }
            return --f.left <= 0 ? null : f;
        });
        return taken[0] == null ? null : taken[0].fault;
    }

    private static void error(HttpExchange ex, Fault f, @Nullable Duration retryAfter) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", f.status).put("message", "injected " + f.name())
                .put("status", f.rpcStatus);
        com.fasterxml.jackson.databind.node.ArrayNode details = error.putArray("details");
        if (f.fcmCode != null) {
            details.addObject().put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                    .put("errorCode", f.fcmCode);
        }
        if (f.status == 400) {
            // FCM names the offending field in a google.rpc.BadRequest detail; only message.token blames the token
            details.addObject().put("@type", "type.googleapis.com/google.rpc.BadRequest")
                    .putArray("fieldViolations").addObject()
                    .put("field", f.namesToken ? "message.token" : "message.data")
                    .put("description", f.namesToken ? "The registration token is not a valid FCM registration token"
                            : "Invalid value");
        }
        respond(ex, f.status, JSON.writeValueAsString(root), retryAfter);
    }

    // the request body as a tree, or a missing node when it is not JSON
    private static JsonNode parse(byte[] raw) {
        try {
            JsonNode root = JSON.readTree(raw);
            return root == null ? JSON.missingNode() : root;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    // a string as itself, another value as its JSON text, an absent one as ""
    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.isTextual() ? node.asText() : node.toString();
    }

    private static void error(HttpExchange ex, int status, String rpcStatus, @Nullable String fcmCode, String message,
                              @Nullable Duration retryAfter) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("code", status).put("message", message)
                .put("status", rpcStatus);
        if (fcmCode != null) {
            error.putArray("details").addObject()
                    .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError").put("errorCode", fcmCode);
        }
        respond(ex, status, JSON.writeValueAsString(root), retryAfter);
    }

    private static void respond(HttpExchange ex, int status, String body, @Nullable Duration retryAfter)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        if (retryAfter != null) {
            long s = (retryAfter.toMillis() + 999) / 1000;
            ex.getResponseHeaders().set("Retry-After", Long.toString(s));
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops the server and its threads. Idempotent. */
    @Override
    public void close() {
        ShutdownReaper.unregister(reaper);
        stop();
    }

    private void stop() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FcmEmulator[" + endpoint() + ", project=" + projectId + "]";
    }
}
