package io.headroom.testkit.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.headroom.testkit.firestore.internal.Database;
import io.headroom.testkit.firestore.internal.EmulatorException;
import io.headroom.testkit.firestore.internal.FirestoreService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An in-process Firestore emulator: a gRPC server on a random loopback port that implements the
 * {@code google.firestore.v1.Firestore} service for the real google-cloud-firestore client, pointed at it with
 * {@link FirestoreOptions.Builder#setEmulatorHost(String)} (or simply {@link #firestore(String)}).
 *
 * <p>What is emulated: documents (create/set/update/delete with preconditions, field masks, nested maps, all
 * field transforms), gets and batch gets, queries (every filter, orders, cursors, offset, limit, limit-to-last,
 * collection groups, Firestore's value order; one-field orders served by ordered indexes), aggregations (count,
 * sum, avg), transactions with optimistic concurrency (a commit whose reads changed fails {@code ABORTED}; the
 * client retries), {@code BatchWrite} (BulkWriter), {@code ListDocuments}, {@code ListCollectionIds};
 * {@code Listen} (snapshot listeners: document and query targets, resume tokens, {@linkplain
 * #interruptListeners interruptions}); reads at an old {@code read_time} within a {@linkplain #retention
 * retention window}; limits (reserved ids, 1 MiB documents, nesting depth, 5 aggregations);
 * {@linkplain #usage(String, String) billing counts}; {@linkplain #inject injected gRPC faults}; and, when
 * {@linkplain #contention(Contention) enabled}, a per-document write-rate limit. Not emulated: the {@code Write}
 * stream, {@code PartitionQuery}, pessimistic locking, security rules, composite index definitions (every query
 * works without one). See the module's README.
 *
 * <p>Each {@code projects/P/databases/D} is an independent database, created on first use; tests isolate
 * themselves by using a project id of their own ({@link FirestoreExtension} does that).
 *
 * <pre>{@code
 * try (FirestoreEmulator emulator = FirestoreEmulator.start();
 *      Firestore db = emulator.firestore("my-project")) {
 *     db.collection("users").document("ada").set(Map.of("name", "Ada")).get();
 *     FirestoreUsage used = emulator.usage("my-project");   // writes == 1
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FirestoreEmulator implements AutoCloseable {

    /** How long old document versions stay readable by default: one hour. */
    public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofHours(1);

    /** The id of a project's default database. */
    public static final String DEFAULT_DATABASE = "(default)";

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static @Nullable FirestoreEmulator sharedEmulator;

    private final Server server;
    private final ExecutorService executor;
    private final boolean shared;
    private final ConcurrentHashMap<String, Database> databases = new ConcurrentHashMap<>();
    private volatile Contention defaultContention = Contention.off();

    private FirestoreEmulator(boolean shared) {
        this.shared = shared;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "firestore-emulator-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .executor(executor)
                .maxInboundMessageSize(64 * 1024 * 1024)
                .addService(FirestoreService.definition(this::databaseOf, executor))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("the Firestore emulator could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a new emulator on a random free loopback port.
     *
     * @return the running emulator; close it when done
     * @throws UncheckedIOException when the server cannot bind
     */
    public static FirestoreEmulator start() {
        return new FirestoreEmulator(false);
    }

    /**
     * The JVM-wide emulator, started on first use and stopped when the JVM exits; {@link #close()} on it does
     * nothing. Tests sharing it isolate their data by project id.
     *
     * @return the shared emulator
     */
    public static synchronized FirestoreEmulator shared() {
        if (sharedEmulator == null) {
            FirestoreEmulator e = new FirestoreEmulator(true);
            Runtime.getRuntime().addShutdownHook(new Thread(e::stop, "firestore-emulator-shutdown"));
            sharedEmulator = e;
        }
        return sharedEmulator;
    }

    /**
     * The address to give {@link FirestoreOptions.Builder#setEmulatorHost(String)}.
     *
     * @return {@code 127.0.0.1:port}
     */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /**
     * The port the emulator listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getPort();
    }

    /**
     * A real Firestore client for the project's default database, talking to this emulator. The caller
     * closes it.
     *
     * @param projectId the project id (any non-empty id without {@code /})
     * @return a new client
     * @throws IllegalArgumentException when the id is empty or contains {@code /}
     */
    public Firestore firestore(String projectId) {
        return firestore(projectId, DEFAULT_DATABASE);
    }

    /**
     * A real Firestore client for one database of a project, talking to this emulator. The caller closes it.
     *
     * @param projectId the project id
     * @param databaseId the database id, e.g. {@value #DEFAULT_DATABASE}
     * @return a new client
     * @throws IllegalArgumentException when an id is empty or contains {@code /}
     */
    public Firestore firestore(String projectId, String databaseId) {
        checkId(projectId, "projectId");
        checkId(databaseId, "databaseId");
        return FirestoreOptions.newBuilder()
                .setProjectId(projectId)
                .setDatabaseId(databaseId)
                .setEmulatorHost(host())
                .build()
                .getService();
    }

    /**
     * The billed operations of a project's default database so far.
     *
     * @param projectId the project id
     * @return a snapshot; {@link FirestoreUsage#ZERO} for a database never used
     */
    public FirestoreUsage usage(String projectId) {
        return usage(projectId, DEFAULT_DATABASE);
    }

    /**
     * The billed operations of one database so far.
     *
     * @param projectId the project id
     * @param databaseId the database id
     * @return a snapshot; {@link FirestoreUsage#ZERO} for a database never used
     */
    public FirestoreUsage usage(String projectId, String databaseId) {
        return database(projectId, databaseId).usage();
    }

    /**
     * The billed operations of the database a client talks to.
     *
     * @param client a client of this emulator
     * @return a snapshot
     */
    public FirestoreUsage usage(Firestore client) {
        FirestoreOptions o = client.getOptions();
        return usage(o.getProjectId(), o.getDatabaseId());
    }

    /**
     * Returns the billed operations of one database and sets its counters back to zero.
     *
     * @param projectId the project id
     * @param databaseId the database id
     * @return the usage before the reset
     */
    public FirestoreUsage resetUsage(String projectId, String databaseId) {
        return database(projectId, databaseId).resetUsage();
    }

    /**
     * Returns the billed operations of the database a client talks to and sets its counters back to zero.
     *
     * @param client a client of this emulator
     * @return the usage before the reset
     */
    public FirestoreUsage resetUsage(Firestore client) {
        FirestoreOptions o = client.getOptions();
        return resetUsage(o.getProjectId(), o.getDatabaseId());
    }

    /**
     * The billed operations of every database of this emulator together.
     *
     * @return the sum of all databases' usage
     */
    public FirestoreUsage totalUsage() {
        FirestoreUsage sum = FirestoreUsage.ZERO;
        for (Database d : databases.values()) {
            sum = sum.plus(d.usage());
        }
        return sum;
    }

    /**
     * Sets the contention model of every database, existing and future (emulator-wide). With the
     * {@linkplain #shared() shared} emulator prefer {@link #contention(String, String, Contention)}.
     *
     * @param model the model, e.g. {@link Contention#ofDefaults()} or {@link Contention#off()}
     * @throws IllegalArgumentException when {@code model} is {@code null}
     */
    public void contention(Contention model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        defaultContention = model;
        for (Database d : databases.values()) {
            d.contention(model);
        }
    }

    /**
     * Sets the contention model of one database.
     *
     * @param projectId the project id
     * @param databaseId the database id
     * @param model the model
     * @throws IllegalArgumentException when an argument is {@code null} or an id is malformed
     */
    public void contention(String projectId, String databaseId, Contention model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        database(projectId, databaseId).contention(model);
    }

    /**
     * Sets the contention model of the database a client talks to.
     *
     * @param client a client of this emulator
     * @param model the model
     */
    public void contention(Firestore client, Contention model) {
        FirestoreOptions o = client.getOptions();
        contention(o.getProjectId(), o.getDatabaseId(), model);
    }

    /**
     * Deletes every document of one database and forgets its open transactions (usage and contention stay).
     *
     * @param projectId the project id
     * @param databaseId the database id
     */
    public void clear(String projectId, String databaseId) {
        database(projectId, databaseId).clear();
    }

    /**
     * Deletes every document of the database a client talks to (usage and contention stay).
     *
     * @param client a client of this emulator
     */
    public void clear(Firestore client) {
        FirestoreOptions o = client.getOptions();
        clear(o.getProjectId(), o.getDatabaseId());
    }

    /**
     * How many documents one database holds.
     *
     * @param projectId the project id
     * @param databaseId the database id
     * @return the number of documents
     */
    public int documentCount(String projectId, String databaseId) {
        return database(projectId, databaseId).documentCount();
    }

    /**
     * Ends every open {@code Listen} stream (snapshot listener) of the database a client talks to with a status,
     * as a dropped connection or a service restart would. The real client reconnects on a retryable status
     * ({@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED}, {@code INTERNAL}...) and resumes
     * from its resume token, without missing or repeating a change; on another status its listener gets the error.
     *
     * @param client a client of this emulator
     * @param code the status code, not {@code OK}
     * @return how many streams were ended
     * @throws IllegalArgumentException when {@code code} is {@code null} or {@code OK}
     */
    public int interruptListeners(Firestore client, io.grpc.Status.Code code) {
        if (code == null || code == io.grpc.Status.Code.OK) {
            throw new IllegalArgumentException("code must be an error status, was " + code);
        }
        FirestoreOptions o = client.getOptions();
        return database(o.getProjectId(), o.getDatabaseId()).interruptListeners(
                io.grpc.Status.fromCode(code).withDescription("Listen stream interrupted by the test (FirestoreEmulator"
                        + ".interruptListeners)"));
    }

    /**
     * How many listen targets (snapshot listeners) are open on the database a client talks to.
     *
     * @param client a client of this emulator
     * @return the number of targets over every open {@code Listen} stream
     */
    public int listenTargets(Firestore client) {
        FirestoreOptions o = client.getOptions();
        return database(o.getProjectId(), o.getDatabaseId()).listenTargets();
    }

    /**
     * Sets how long old document versions stay readable in the database a client talks to: reads at a
     * {@code read_time} (read-only transactions with a read time) older than this fail {@code FAILED_PRECONDITION}
     * "The requested snapshot version is too old." as the service answers, and a listener resuming from an older
     * token starts over ({@code RESET}). Default {@link #DEFAULT_RETENTION}, the service's window without
     * point-in-time recovery.
     *
     * @param client a client of this emulator
     * @param window the retention window, zero or more
     * @throws IllegalArgumentException when {@code window} is {@code null} or negative
     */
    public void retention(Firestore client, java.time.Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("window must be zero or more, was " + window);
        }
        FirestoreOptions o = client.getOptions();
        database(o.getProjectId(), o.getDatabaseId()).retention(window.toNanos() / 1_000);
    }

    /**
     * Injects a fault into the database a client talks to (see {@link FirestoreFault} for matching and counting).
     * Rules are checked in the order they were added; the first that applies to a call decides it.
     *
     * @param client a client of this emulator
     * @param fault the fault
     * @return its handle: counts, and {@link InjectedFault#close()} to remove it
     * @throws IllegalArgumentException when {@code fault} is {@code null}
     */
    public InjectedFault inject(Firestore client, FirestoreFault fault) {
        if (fault == null) {
            throw new IllegalArgumentException("fault must not be null");
        }
        FirestoreOptions o = client.getOptions();
        return database(o.getProjectId(), o.getDatabaseId()).faults().add(fault);
    }

    /**
     * Removes every fault injected into the database a client talks to.
     *
     * @param client a client of this emulator
     */
    public void clearFaults(Firestore client) {
        FirestoreOptions o = client.getOptions();
        database(o.getProjectId(), o.getDatabaseId()).faults().clear();
    }

    /** Stops the server (unless this is the {@linkplain #shared() shared} emulator). Idempotent. */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    private void stop() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FirestoreEmulator[" + host() + (shared ? ", shared" : "") + ", " + databases.size() + " database(s)]";
    }

    private Database database(String projectId, String databaseId) {
        checkId(projectId, "projectId");
        checkId(databaseId, "databaseId");
        String name = "projects/" + projectId + "/databases/" + databaseId;
        return databases.computeIfAbsent(name, n -> new Database(n, defaultContention));
    }

    // resource names start with projects/P/databases/D
    private Database databaseOf(String resource) {
        String[] segs = resource.split("/", 5);
        if (segs.length < 4 || !"projects".equals(segs[0]) || !"databases".equals(segs[2])
                || segs[1].isEmpty() || segs[3].isEmpty()) {
            throw invalidResource(resource);
        }
        if (segs.length == 5 && !segs[4].equals("documents") && !segs[4].startsWith("documents/")) {
            throw invalidResource(resource);
        }
        String name = segs[0] + "/" + segs[1] + "/" + segs[2] + "/" + segs[3];
        return databases.computeIfAbsent(name, n -> new Database(n, defaultContention));
    }

    private static EmulatorException invalidResource(String resource) {
        return new EmulatorException(io.grpc.Status.Code.INVALID_ARGUMENT,
                "resource name " + resource + " is not of the form projects/P/databases/D[/documents/...]");
    }

    private static void checkId(String id, String what) {
        if (id == null || id.isEmpty() || id.contains("/")) {
            throw new IllegalArgumentException(what + " must be a non-empty id without '/', was " + id);
        }
    }
}
